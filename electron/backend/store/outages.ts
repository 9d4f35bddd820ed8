import type { Outage } from '../../../shared/board-api';
import type { Db } from './database';

/** Link outages as the shift handover needs them: start, end, duration, commands queued meanwhile. */
export function createOutageLog(db: Db, now: () => number = Date.now) {
  const open = db.prepare('SELECT id FROM link_outage WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1');
  const insert = db.prepare('INSERT INTO link_outage (started_at) VALUES (?)');
  const close = db.prepare('UPDATE link_outage SET ended_at = ? WHERE ended_at IS NULL');
  const list = db.prepare('SELECT started_at, ended_at, commands_queued FROM link_outage WHERE started_at >= ? ORDER BY id DESC LIMIT 1000');
  return {
    openIfNone: () => {
      if (!open.get()) insert.run(now());
    },
    /** Ends the open outage; true if there was one. */
    closeOpen: (): boolean => close.run(now()).changes > 0,
    /** This shift's outages: the last 12 hours, newest first. */
    list: (sinceMs = 12 * 3600_000): Outage[] =>
      (list.all(now() - sinceMs) as { started_at: number; ended_at: number | null; commands_queued: number }[]).map((r) => ({
        startedAt: r.started_at,
        endedAt: r.ended_at,
        durationMs: (r.ended_at ?? now()) - r.started_at,
        commandsQueued: r.commands_queued,
      })),
  };
}
