import { checkPositionsFrame } from '../../shared/positions-codec';

declare const checkedHeader: unique symbol;

/**
 * A position frame whose header was checked: magic, count and byte length agree, so a
 * reader may walk its records without checking again. Only checkFrame makes one; the
 * board client checks each frame from the backend once and hands this on with it.
 */
export type CheckedPositionsFrame = ReturnType<typeof checkPositionsFrame> & { readonly [checkedHeader]: true };

/** Throws PositionBatchError unless the frame is a well-formed position batch. */
export function checkFrame(frame: ArrayBuffer | ArrayBufferView): CheckedPositionsFrame {
  return checkPositionsFrame(frame) as CheckedPositionsFrame;
}
