/**
 * Retention on a controlled clock: thirty simulated days of a busy console (commands
 * applied, refusals resolved, link events, outages, alert acknowledgements) with a 7-day
 * retention. The rows and the file stop growing once the window is full; nothing pending
 * or unresolved is ever pruned.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from './database';
import { createOutbox } from './outbox';
import { createRetention } from './retention';
import { tempDir, testCacheKey } from '../test-support';

const cacheKey = testCacheKey();

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let path: string;
beforeEach(() => {
  tmp = tempDir('jb-retention-');
  path = join(tmp.dir, 'cache.sqlite');
  // NORMAL: this test is about what is kept, not about power cuts; it writes 24,000 transactions.
  db = openStore(path, { key: cacheKey, synchronous: 'NORMAL' });
});
afterEach(() => {
  db.close();
  tmp.remove();
});

const DAY = 24 * 3600_000;
const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const fileBytes = () => {
  db.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(path).size;
};

describe('retention', () => {
  it('keeps the cache bounded over a simulated 30-day run, and never prunes what still waits', () => {
    let now = Date.parse('2026-11-01T00:00:00Z');
    const clock = () => now;
    const outbox = createOutbox(db, clock);
    const retention = createRetention(db, { days: 7, now: clock });
    const stillPending = outbox.enqueue('stock.adjust', { siteId: 'qp-01', itemId: 'n95-mask', delta: 1, reason: 'waits for the link all month' });
    const refused = outbox.enqueue('stock.adjust', { siteId: 'qp-01', itemId: 'n95-mask', delta: -1, reason: 'refused, never resolved' });
    outbox.markRejected(refused.id, 'insufficient_stock', 'x', null);
    // Keep the pending one out of the way of the daily batches.
    const sizes: number[] = [];
    const rows: number[] = [];
    for (let day = 0; day < 30; day++) {
      for (let i = 0; i < 400; i++) {
        const c = outbox.enqueue('stock.adjust', { siteId: 'depot-east', itemId: 'helmet', delta: 1, reason: `day ${day} receipt ${i} — 应急物资入库，已核对签收` });
        if (i % 40 === 0) {
          outbox.markRejected(c.id, 'insufficient_stock', 'the depot ran out', { quantity: 0 });
          const [conflict] = outbox.conflicts().filter((x) => x.commandId === c.id);
          outbox.resolveConflict(conflict!.id, 'discard');
        } else outbox.recordResults([{ id: c.id, status: 'applied', cursor: day * 1000 + i, chain: '0123456789abcdef' }], () => null);
        now += 60_000;
      }
      for (let i = 0; i < 100; i++) db.prepare('INSERT INTO sync_event (at, kind, detail) VALUES (?, ?, ?)').run(now, 'outcome_unknown', 'x'.repeat(200));
      db.prepare('INSERT INTO link_outage (started_at, ended_at, commands_queued) VALUES (?, ?, 3)').run(now - 3600_000, now - 1800_000);
      for (let i = 0; i < 30; i++) db.prepare('INSERT INTO alert_ack (alert_id, acknowledged_at) VALUES (?, ?)').run(`red_request:${day}:${i}`, now);
      now = Date.parse('2026-11-01T00:00:00Z') + (day + 1) * DAY;
      retention.run();
      sizes.push(fileBytes());
      rows.push(count('outbox') + count('sync_event') + count('alert_ack') + count('link_outage') + count('conflict'));
    }
    console.log(`cache after day 7: ${(sizes[6]! / 1024).toFixed(0)} KiB, day 30: ${(sizes[29]! / 1024).toFixed(0)} KiB; rows ${rows[6]} → ${rows[29]}`);
    // Bounded: once the 7-day window is full, neither rows nor bytes keep growing.
    expect(rows[29]).toBeLessThanOrEqual(rows[8]! * 1.05);
    expect(sizes[29]).toBeLessThanOrEqual(sizes[8]! * 1.1);
    // Without retention the rows would be about four times as many.
    expect(rows[29]).toBeLessThan(30 * 530 * 0.35);
    // What still waits for the central or for an officer is kept, however old.
    expect(outbox.get(stillPending.id)?.state).toBe('pending');
    expect(outbox.conflicts().some((c) => c.commandId === refused.id && c.resolvedAt === null)).toBe(true);
  });

  it('refuses a retention shorter than a day', () => {
    expect(() => createRetention(db, { days: 0 })).toThrow(RangeError);
  });
});
