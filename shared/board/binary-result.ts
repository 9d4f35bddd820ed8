import { z } from 'zod';

/**
 * Bytes in a board API answer (a base-map tile): never base64 inside JSON.
 *
 * A method whose result is `{ data: Uint8Array | null }` (`binaryResultSchema`) answers
 *  - over an Electron MessagePort: as any other result; structured clone carries the bytes;
 *  - over the browser host's WebSocket: `null` as a JSON result, bytes as a binary frame of
 *    their own, which the board client turns back into the same result:
 *
 *   header 16 B: u32 magic 'JBR1' | u32 reserved (0) | f64 call id (a safe integer)
 *   then the bytes.
 *
 * Position batches (shared/positions-codec.ts) are the other binary frame; the two are told
 * apart by their magic.
 */
export const BINARY_RESULT_MAGIC = 0x3152424a; // 'JBR1' read as little-endian u32
export const BINARY_RESULT_HEADER_BYTES = 16;

export class BinaryResultError extends Error {
  readonly code = 'bad_binary_result';
}

/** Bytes of at most `maxBytes`. */
export const bytesSchema = (maxBytes: number) =>
  z.custom<Uint8Array>((v) => v instanceof Uint8Array && v.byteLength <= maxBytes, { message: `expected bytes (a Uint8Array of at most ${maxBytes} B)` });

/** The result of a method that answers with bytes, or null where there are none. */
export const binaryResultSchema = (maxBytes: number) => z.strictObject({ data: bytesSchema(maxBytes).nullable() });

/** The bytes of a binary result, or null when `value` is not one (or holds no bytes): it then travels as JSON. */
export function binaryResultBytes(value: unknown): Uint8Array | null {
  if (typeof value !== 'object' || value === null) return null;
  const keys = Object.keys(value);
  const data = (value as { data?: unknown }).data;
  return keys.length === 1 && keys[0] === 'data' && data instanceof Uint8Array ? data : null;
}

/** The first u32 of a binary frame (little-endian), or null when it is shorter than that. */
export function frameMagic(frame: ArrayBuffer): number | null {
  return frame.byteLength >= 4 ? new DataView(frame).getUint32(0, true) : null;
}

export function encodeBinaryResult(id: number, bytes: Uint8Array): ArrayBuffer {
  if (!Number.isSafeInteger(id) || id < 0) throw new BinaryResultError(`call id ${id} is not a non-negative safe integer`);
  const out = new ArrayBuffer(BINARY_RESULT_HEADER_BYTES + bytes.byteLength);
  const view = new DataView(out);
  view.setUint32(0, BINARY_RESULT_MAGIC, true);
  view.setUint32(4, 0, true);
  view.setFloat64(8, id, true);
  new Uint8Array(out, BINARY_RESULT_HEADER_BYTES).set(bytes);
  return out;
}

/** Throws BinaryResultError unless `frame` is a well-formed binary result; the bytes are a view into it. */
export function decodeBinaryResult(frame: ArrayBuffer): { id: number; data: Uint8Array } {
  if (frame.byteLength < BINARY_RESULT_HEADER_BYTES) throw new BinaryResultError(`a binary result of ${frame.byteLength} B is shorter than its header`);
  const view = new DataView(frame);
  if (view.getUint32(0, true) !== BINARY_RESULT_MAGIC) throw new BinaryResultError('not a binary result (magic)');
  if (view.getUint32(4, true) !== 0) throw new BinaryResultError('reserved header bytes are not 0');
  const id = view.getFloat64(8, true);
  if (!Number.isSafeInteger(id) || id < 0) throw new BinaryResultError(`call id ${id} is not a non-negative safe integer`);
  return { id, data: new Uint8Array(frame, BINARY_RESULT_HEADER_BYTES) };
}
