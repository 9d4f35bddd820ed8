import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandModule } from '../../../shared/commands/registry';
import type { Vehicle } from '../../../shared/domain';
import { tempDir, testCacheKey } from '../test-support';
import { openStore, type Db } from './database';
import { createOutbox } from './outbox';
import { createReplicaReader, createReplicaWriter } from './replica';
import { createBoardView } from './view';

const cacheKey = testCacheKey();
let tmp: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  tmp = tempDir('jb-view-');
  db = openStore(join(tmp.dir, 'cache.sqlite'), { key: cacheKey });
});
afterEach(() => {
  vi.restoreAllMocks();
  db.close();
  tmp.remove();
});

const C = '0123456789abcdef';
const vehicle: Vehicle = { id: 'veh-001', no: 1, plate: '粤A·0001警', kind: 'van', status: 'available', crew: [], homeSiteId: 's', capacity: 60 };
const seed = () =>
  createReplicaWriter(db).applyPage({
    changes: [
      { seq: 1, table: 'site', op: 'upsert', key: 's', row: { id: 's', kind: 'quickpick', name: '快取点', nameEn: 'Quick-pick', address: '', lon: 11.97, lat: 57.7 } },
      { seq: 2, table: 'item', op: 'upsert', key: 'm', row: { id: 'm', name: 'N95口罩', nameEn: 'N95 mask', unit: '只', unitEn: 'pcs', category: 'consumable' } },
      { seq: 3, table: 'stock', op: 'upsert', key: 's/m', row: { siteId: 's', itemId: 'm', quantity: 100, safetyLevel: 10 } },
      { seq: 4, table: 'vehicle', op: 'upsert', key: 'veh-001', row: vehicle },
    ],
    cursor: 4,
    chain: C,
    hasMore: false,
  });
const adjust = (delta: number) => ({ siteId: 's', itemId: 'm', delta, reason: 'test' });
const quantity = (view: ReturnType<typeof createBoardView>) => view.tx.get('stock', 's/m')?.quantity;

describe('the board view kept between reads', () => {
  it('lays over only the commands issued since the last read, and shows what a fresh build shows', () => {
    seed();
    const replica = createReplicaReader(db);
    const outbox = createOutbox(db);
    const applied = vi.spyOn(commandModule('stock.adjust'), 'apply');
    for (let i = 0; i < 200; i++) outbox.enqueue('stock.adjust', adjust(1));
    expect(quantity(createBoardView(replica, outbox.unreflected()))).toBe(300);
    expect(applied).toHaveBeenCalledTimes(200);
    // Each further command is laid over once, not the whole queue again.
    for (let i = 0; i < 50; i++) {
      outbox.enqueue('stock.adjust', adjust(-1));
      expect(quantity(createBoardView(replica, outbox.unreflected()))).toBe(299 - i);
    }
    expect(applied).toHaveBeenCalledTimes(250);
    // A read with nothing new lays nothing over.
    createBoardView(replica, outbox.unreflected());
    expect(applied).toHaveBeenCalledTimes(250);
    // In order: a take that the stock cannot cover is refused in the view where it falls, not later.
    outbox.enqueue('stock.adjust', adjust(-400));
    outbox.enqueue('stock.adjust', adjust(-200));
    expect(quantity(createBoardView(replica, outbox.unreflected()))).toBe(50);
  });

  it('a command tried on one view stays in that view', () => {
    seed();
    const replica = createReplicaReader(db);
    const outbox = createOutbox(db);
    outbox.enqueue('stock.adjust', adjust(5));
    const first = createBoardView(replica, outbox.unreflected());
    expect(commandModule('stock.adjust').apply(first.tx, adjust(-50), { at: 1, by: 'check' })).toEqual({ ok: true });
    expect(quantity(first)).toBe(55);
    const next = createBoardView(replica, outbox.unreflected());
    expect(quantity(next)).toBe(105);
    expect(next.stock().find((s) => s.siteId === 's')?.quantity).toBe(105);
  });

  it('is built afresh after a write to the mirror, a refusal, or another set of commands shown', () => {
    seed();
    const replica = createReplicaReader(db);
    const outbox = createOutbox(db);
    const a = outbox.enqueue('stock.adjust', adjust(10));
    outbox.enqueue('stock.adjust', adjust(1));
    expect(quantity(createBoardView(replica, outbox.unreflected()))).toBe(111);
    // The central applied the first and the mirror pulled it: the mirror shows it, the overlay no longer lays it over.
    outbox.recordResults([{ id: a.id, status: 'applied', cursor: 5, chain: C }], () => null);
    createReplicaWriter(db).applyPage({ changes: [{ seq: 5, table: 'stock', op: 'upsert', key: 's/m', row: { siteId: 's', itemId: 'm', quantity: 110, safetyLevel: 10 }, cmd: a.id }], cursor: 5, chain: C, hasMore: false });
    expect(quantity(createBoardView(replica, outbox.unreflected()))).toBe(111);
    // A write to the mirror that no command explains (another console took 30): shown at once.
    createReplicaWriter(db).applyPage({ changes: [{ seq: 6, table: 'stock', op: 'upsert', key: 's/m', row: { siteId: 's', itemId: 'm', quantity: 80, safetyLevel: 10 } }], cursor: 6, chain: C, hasMore: false });
    expect(quantity(createBoardView(replica, outbox.unreflected()))).toBe(81);
    // A refusal drops the command's effect.
    const b = outbox.enqueue('stock.adjust', adjust(7));
    expect(quantity(createBoardView(replica, outbox.unreflected()))).toBe(88);
    outbox.markRejected(b.id, 'rule', 'refused', null);
    expect(quantity(createBoardView(replica, outbox.unreflected()))).toBe(81);
    // Other commands shown (an earlier officer's left out, then shown again): built from those alone.
    outbox.enqueue('stock.adjust', adjust(2));
    const shown = outbox.unreflected();
    expect(shown).toHaveLength(2);
    expect(quantity(createBoardView(replica, shown.slice(1)))).toBe(82);
    expect(quantity(createBoardView(replica, shown))).toBe(83);
  });
});
