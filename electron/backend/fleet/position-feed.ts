import { decodePositions, encodeBatch, PositionBatchError } from '../../../shared/positions-codec';
import type { PositionStore } from '../store/positions';
import { errorMessage, type Logger } from '../log';

/** A frame stamped further ahead of our clock than this is a wrong clock, not news: its stamp is not taken. */
export const MAX_CLOCK_AHEAD_MS = 60_000;

/**
 * The live position path: binary frames from the central's stream → validated records →
 * the cache → the renderers. Two rules keep a wrong remote clock from freezing the map:
 * frames are ordered by the stream's own sequence number (a frame at or below the last
 * one seen on this connection is a duplicate or late: dropped), and every record is
 * stored and forwarded stamped with OUR receive time, so "report age" is measured on one
 * clock. A frame stamped more than MAX_CLOCK_AHEAD_MS ahead is still used at its receive
 * time, and the skew is reported as a link event.
 */
export function createPositionFeed(deps: {
  positions: PositionStore;
  log: Logger;
  /** A frame that could not be read at all. */
  onRejected: (code: string, message: string) => void;
  /** Throttled by the caller: a link event worth keeping. */
  onEvent: (kind: string, detail: string) => void;
  onAccepted: (receivedAt: number) => void;
  /** Only validated records go on, re-encoded. */
  forward: (frame: ArrayBuffer) => void;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  let lastSeq = 0;
  const stats = { frames: 0, rejected: 0, stale: 0, recordsDropped: 0, clockAhead: 0 };

  return {
    /** A new connection: its sequence starts afresh. */
    resetStream() {
      lastSeq = 0;
    },
    onFrame(buf: Buffer | ArrayBuffer) {
      let batch;
      try {
        batch = decodePositions(buf);
      } catch (e) {
        stats.rejected++;
        const message = errorMessage(e);
        deps.log('error', 'live.bad_positions', { message });
        deps.onRejected(e instanceof PositionBatchError ? e.code : 'bad_position_batch', message);
        return;
      }
      // Seq 0 is a sender that does not number its frames: arrival order is all there is.
      if (batch.seq !== 0) {
        if (batch.seq <= lastSeq) {
          stats.stale++;
          return;
        }
        lastSeq = batch.seq;
      }
      const receivedAt = now();
      if (batch.ts > receivedAt + MAX_CLOCK_AHEAD_MS) {
        stats.clockAhead++;
        deps.onEvent('clock_ahead', `position frame stamped ${Math.round((batch.ts - receivedAt) / 1000)} s ahead of this workstation's clock: used at its receive time`);
      }
      if (batch.rejected > 0) {
        stats.recordsDropped += batch.rejected;
        deps.log('warn', 'live.positions_dropped', { rejected: batch.rejected });
      }
      deps.positions.write({ ...batch, ts: receivedAt });
      stats.frames++;
      deps.onAccepted(receivedAt);
      deps.forward(encodeBatch(batch, receivedAt, batch.seq));
    },
    stats: () => ({ ...stats }),
  };
}
export type PositionFeed = ReturnType<typeof createPositionFeed>;
