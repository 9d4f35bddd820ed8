import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, setMeta, type Db } from './database';
import { createOutbox } from './outbox';
import { overlayStockLines, overlayVehicles, commandTarget } from './view';
import { tempDir } from '../test-support';
import type { Vehicle } from '../../../shared/domain';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  tmp = tempDir('jb-outbox-');
  db = openStore(join(tmp.dir, 'cache.sqlite'));
});
afterEach(() => {
  db.close();
  tmp.remove();
});

const vehicle: Vehicle = { id: 'veh-001', no: 1, plate: '粤A·0001警', kind: 'van', status: 'available', crew: [], homeSiteId: 'depot-central', capacity: 60 };
const line = { item: { id: 'n95-mask', name: 'N95口罩', nameEn: 'N95 mask', unit: '只', unitEn: 'pcs', category: 'consumable' as const }, quantity: 100, safetyLevel: 10 };

describe('outbox', () => {
  it('keeps issue order and validates commands before storing them', () => {
    const ob = createOutbox(db);
    const a = ob.enqueue('stock.adjust', { siteId: 's', itemId: 'n95-mask', delta: 5, reason: '' });
    ob.enqueue('vehicle.setStatus', { vehicleId: 'veh-001', status: 'maintenance' });
    expect(ob.next()?.id).toBe(a.id);
    expect(ob.pendingCount()).toBe(2);
    expect(() => ob.enqueue('stock.adjust', { siteId: 's', itemId: 'x', delta: 1.5, reason: '' } as never)).toThrow();
    expect(() => ob.enqueue('vehicle.setStatus', { vehicleId: 'v', status: 'flying' } as never)).toThrow();
    expect(ob.pendingCount()).toBe(2);
  });

  it('shows a command until the mirror has pulled past the change that applied it', () => {
    const ob = createOutbox(db);
    const c = ob.enqueue('stock.adjust', { siteId: 's', itemId: 'n95-mask', delta: -30, reason: '' });
    expect(overlayStockLines('s', [line], ob.unreflected())[0]!.quantity).toBe(70);
    ob.markApplied(c.id, 42);
    setMeta(db, 'central.cursor', '41');
    expect(ob.unreflected()).toHaveLength(1);
    setMeta(db, 'central.cursor', '42');
    expect(ob.unreflected()).toHaveLength(0);
    expect(ob.next()).toBeNull();
  });

  it('turns a refusal into a conflict with both sides, and drops its effect', () => {
    const ob = createOutbox(db);
    const c = ob.enqueue('vehicle.setStatus', { vehicleId: 'veh-001', status: 'maintenance' });
    expect(overlayVehicles([vehicle], ob.unreflected())[0]!.status).toBe('maintenance');
    expect(ob.markRejected(c.id, 'not_found', 'no such vehicle', { status: 'available' })).toBe(true);
    expect(ob.markRejected(c.id, 'again', 'twice', null)).toBe(false);
    expect(overlayVehicles([vehicle], ob.unreflected())[0]!.status).toBe('available');
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
});
