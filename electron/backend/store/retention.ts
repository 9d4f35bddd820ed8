import type { Db } from './database';

/** How long the cache keeps what it no longer needs for work: applied commands, resolved conflicts, link history. */
export const DEFAULT_RETENTION_DAYS = 90;
const DAY_MS = 24 * 3600_000;

export type PruneCounts = { outbox: number; conflicts: number; syncEvents: number; outages: number; alertAcks: number };

/**
 * The retention job: the cache must not grow for weeks on a workstation that stays up.
 * Pending commands and open conflicts are never pruned, whatever their age.
 *
 * HAZARD: applied commands are this workstation's memory of what the central answered.
 * After a rewind (the central restored from a backup) the ones the central lost are sent
 * again from here; anything older than `days` cannot be. The central keeps its command
 * journal longer (180 days) so a re-sent command it did keep is never applied twice.
 */
export function createRetention(db: Db, opts: { days?: number; now?: () => number } = {}) {
  const days = opts.days ?? DEFAULT_RETENTION_DAYS;
  if (!(days >= 1)) throw new RangeError(`retention must be at least 1 day, got ${days}`);
  const now = opts.now ?? Date.now;
  const q = {
    conflicts: db.prepare('DELETE FROM conflict WHERE resolved_at IS NOT NULL AND resolved_at < ?'),
    applied: db.prepare("DELETE FROM outbox WHERE state = 'applied' AND updated_at < ?"),
    rejected: db.prepare("DELETE FROM outbox WHERE state = 'rejected' AND updated_at < ? AND NOT EXISTS (SELECT 1 FROM conflict c WHERE c.command_id = outbox.id)"),
    syncEvents: db.prepare('DELETE FROM sync_event WHERE at < ?'),
    outages: db.prepare('DELETE FROM link_outage WHERE ended_at IS NOT NULL AND ended_at < ?'),
    alertAcks: db.prepare('DELETE FROM alert_ack WHERE acknowledged_at < ?'),
  };
  const prune = db.transaction((before: number): PruneCounts => {
    const conflicts = q.conflicts.run(before).changes;
    const outbox = q.applied.run(before).changes + q.rejected.run(before).changes;
    return { outbox, conflicts, syncEvents: q.syncEvents.run(before).changes, outages: q.outages.run(before).changes, alertAcks: q.alertAcks.run(before).changes };
  });
  return {
    days,
    /** Deletes what is older than the retention and gives the freed pages back to the file system. */
    run(): PruneCounts {
      const counts = prune(now() - days * DAY_MS);
      if (Object.values(counts).some((n) => n > 0)) db.pragma('incremental_vacuum');
      return counts;
    },
  };
}
