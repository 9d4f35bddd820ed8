import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, setMeta, type Db } from './database';
import { CommandIdReusedError, createOutbox } from './outbox';
import { readKnown } from './replica';
import { commandTarget, createBoardView } from './view';
import { createReplicaReader, createReplicaWriter } from './replica';
import { tempDir, testCacheKey } from '../test-support';
import type { Vehicle } from '../../../shared/domain';

const cacheKey = testCacheKey();

let tmp: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  tmp = tempDir('jb-outbox-');
  db = openStore(join(tmp.dir, 'cache.sqlite'), { key: cacheKey });
});
afterEach(() => {
  db.close();
  tmp.remove();
});

const vehicle: Vehicle = { id: 'veh-001', no: 1, plate: '粤A·0001警', kind: 'van', status: 'available', crew: [], homeSiteId: 'depot-central', capacity: 60 };
const item = { id: 'n95-mask', name: 'N95口罩', nameEn: 'N95 mask', unit: '只', unitEn: 'pcs', category: 'consumable' as const };
const site = { id: 's', kind: 'quickpick' as const, name: '快取点', nameEn: 'Quick-pick', address: '', lon: 11.97, lat: 57.7 };
const C = '0123456789abcdef';
/** The mirror the overlay lies on: a site holding 100 masks, and one vehicle. */
const seedReplica = () =>
  createReplicaWriter(db).applyPage({
    changes: [
      { seq: 1, table: 'site', op: 'upsert', key: 's', row: site },
      { seq: 2, table: 'item', op: 'upsert', key: 'n95-mask', row: item },
      { seq: 3, table: 'stock', op: 'upsert', key: 's/n95-mask', row: { siteId: 's', itemId: 'n95-mask', quantity: 100, safetyLevel: 10 } },
      { seq: 4, table: 'vehicle', op: 'upsert', key: 'veh-001', row: vehicle },
    ],
    cursor: 4,
    chain: C,
    hasMore: false,
  });
const shown = (ob: ReturnType<typeof createOutbox>) => createBoardView(createReplicaReader(db), ob.unreflected());

describe('outbox', () => {
  it('keeps issue order and validates commands before storing them', () => {
    const ob = createOutbox(db);
    const a = ob.enqueue('stock.adjust', { siteId: 's', itemId: 'n95-mask', delta: 5, reason: '' });
    ob.enqueue('vehicle.setStatus', { vehicleId: 'veh-001', status: 'maintenance' });
    expect(ob.nextBatch(1)[0]?.id).toBe(a.id);
    expect(ob.pendingCount()).toBe(2);
    expect(() => ob.enqueue('stock.adjust', { siteId: 's', itemId: 'x', delta: 1.5, reason: '' } as never)).toThrow();
    expect(() => ob.enqueue('vehicle.setStatus', { vehicleId: 'v', status: 'flying' } as never)).toThrow();
    expect(ob.pendingCount()).toBe(2);
  });

  it('shows a command until the mirror has pulled past the change that applied it', () => {
    seedReplica();
    const ob = createOutbox(db);
    const c = ob.enqueue('stock.adjust', { siteId: 's', itemId: 'n95-mask', delta: -30, reason: '' });
    expect(shown(ob).stockOf('s')[0]!.quantity).toBe(70);
    ob.recordResults([{ id: c.id, status: 'applied', cursor: 42 }], () => null);
    setMeta(db, 'central.cursor', '41');
    expect(shown(ob).stockOf('s')[0]!.quantity).toBe(70);
    expect(ob.unreflected()).toHaveLength(1);
    setMeta(db, 'central.cursor', '42');
    expect(ob.unreflected()).toHaveLength(0);
    expect(ob.nextBatch(1)).toEqual([]);
  });

  it('turns a refusal into a conflict with both sides, and drops its effect', () => {
    seedReplica();
    const ob = createOutbox(db);
    const c = ob.enqueue('vehicle.setStatus', { vehicleId: 'veh-001', status: 'maintenance' });
    expect(shown(ob).vehicles()[0]!.status).toBe('maintenance');
    expect(ob.markRejected(c.id, 'not_found', 'no such vehicle', { status: 'available' })).toBe(true);
    expect(ob.markRejected(c.id, 'again', 'twice', null)).toBe(false);
    expect(shown(ob).vehicles()[0]!.status).toBe('available');
    const [conflict] = ob.conflicts();
    expect(conflict).toMatchObject({ commandId: c.id, code: 'not_found', serverRow: { status: 'available' }, payload: { status: 'maintenance' }, resolvedAt: null });
    expect(ob.openConflictCount()).toBe(1);
  });

  it('resolves a conflict by discarding it or issuing the action again under a new id', () => {
    const ob = createOutbox(db);
    const c1 = ob.enqueue('stock.adjust', { siteId: 's', itemId: 'i', delta: -5, reason: '' });
    const c2 = ob.enqueue('stock.adjust', { siteId: 's', itemId: 'i', delta: -7, reason: '' });
    ob.markRejected(c1.id, 'insufficient_stock', 'x', null);
    ob.markRejected(c2.id, 'insufficient_stock', 'x', null);
    const [second, first] = ob.conflicts();
    expect(ob.resolveConflict(first!.id, 'discard')).toBeNull();
    const again = ob.resolveConflict(second!.id, 'reissue');
    expect(again?.id).not.toBe(c2.id);
    expect(again?.payload).toEqual(c2.payload);
    expect(ob.openConflictCount()).toBe(0);
    expect(ob.resolveConflict(second!.id, 'discard')).toBeNull();
  });

  it('names what each command touches, for the pending marks', () => {
    expect(commandTarget({ type: 'stock.adjust', payload: { siteId: 'qp-01', itemId: 'drone', delta: 1, reason: '' } })).toBe('stock:qp-01/drone');
    expect(commandTarget({ type: 'vehicle.setStatus', payload: { vehicleId: 'veh-9', status: 'available' } })).toBe('vehicle:veh-9');
  });

  it('takes the same intent twice under one id as one command, and refuses the id for another action', () => {
    const ob = createOutbox(db);
    const id = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
    const a = ob.enqueue('stock.adjust', { siteId: 's', itemId: 'i', delta: 1, reason: 'r' }, id);
    const b = ob.enqueue('stock.adjust', { siteId: 's', itemId: 'i', delta: 1, reason: 'r' }, id);
    expect(b).toEqual(a);
    expect(ob.pendingCount()).toBe(1);
    expect(() => ob.enqueue('stock.adjust', { siteId: 's', itemId: 'i', delta: 2, reason: 'r' }, id)).toThrow(CommandIdReusedError);
    expect(ob.pendingCount()).toBe(1);
  });

  it('keeps a command whose answer was unreadable pending under its id, marked outcome unknown, until the central answers', () => {
    const ob = createOutbox(db, () => 1000);
    const c = ob.enqueue('stock.adjust', { siteId: 's', itemId: 'i', delta: 1, reason: '' });
    ob.markUnknown([c.id], 'POST /commands: answer is not JSON');
    expect(ob.get(c.id)).toMatchObject({ state: 'pending', unknownSince: 1000, attempts: 1 });
    expect(ob.unknownCount()).toBe(1);
    expect(ob.openConflictCount()).toBe(0);
    ob.recordResults([{ id: c.id, status: 'applied', cursor: 7, chain: 'abcdef0123456789' }], () => null);
    expect(ob.get(c.id)).toMatchObject({ state: 'applied', unknownSince: null, appliedCursor: 7, appliedChain: 'abcdef0123456789' });
    expect(readKnown(db)).toEqual({ seq: 7, chain: 'abcdef0123456789' });
  });

  it('puts commands applied after a fork back in the queue, in their original order, under their own ids', () => {
    const ob = createOutbox(db);
    const cmds = [1, 2, 3, 4].map((n) => ob.enqueue('stock.adjust', { siteId: 's', itemId: 'i', delta: n, reason: '' }));
    ob.recordResults(cmds.slice(0, 3).map((c, i) => ({ id: c.id, status: 'applied' as const, cursor: 10 + i, chain: `${i}`.repeat(16) })), () => null);
    expect(ob.appliedCandidates(10).map((p) => p.seq)).toEqual([12, 11, 10]);
    expect(ob.requeueAppliedAfter(10)).toBe(2);
    expect(ob.nextBatch(10).map((e) => e.id)).toEqual([cmds[1]!.id, cmds[2]!.id, cmds[3]!.id]);
    expect(ob.get(cmds[1]!.id)).toMatchObject({ state: 'pending', resent: 1, appliedCursor: null });
    expect(ob.get(cmds[0]!.id)).toMatchObject({ state: 'applied', resent: 0 });
  });
});
