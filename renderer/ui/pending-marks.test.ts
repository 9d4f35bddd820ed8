import { describe, expect, it } from 'vitest';
import { pendingTargets, stockTarget, vehicleTarget, withJustQueued } from './pending-marks';

describe('pending marks', () => {
  it('names targets the way the backend does', () => {
    expect(vehicleTarget('v-007')).toBe('vehicle:v-007');
    expect(stockTarget('depot-central', 'life-jacket')).toBe('stock:depot-central/life-jacket');
  });

  it('marks every entity with a command waiting, once', () => {
    const set = pendingTargets([
      { commandId: '00000000-0000-4000-8000-000000000001', type: 'stock.adjust', target: 'stock:qp-03/life-jacket', outcomeUnknown: false },
      { commandId: '00000000-0000-4000-8000-000000000002', type: 'stock.adjust', target: 'stock:qp-03/life-jacket', outcomeUnknown: false },
      { commandId: '00000000-0000-4000-8000-000000000003', type: 'vehicle.setStatus', target: 'vehicle:v-001', outcomeUnknown: false },
    ]);
    expect(set.size).toBe(2);
    expect(set.has(stockTarget('qp-03', 'life-jacket'))).toBe(true);
    expect(set.has(vehicleTarget('v-001'))).toBe(true);
    expect(set.has(stockTarget('qp-03', 'helmet'))).toBe(false);
    expect(pendingTargets([]).size).toBe(0);
  });

  it('says "outcome unknown" for a target whose command came back unreadable, whatever else waits for it', () => {
    const marks = pendingTargets([
      { commandId: '00000000-0000-4000-8000-000000000001', type: 'stock.adjust', target: 'stock:qp-03/life-jacket', outcomeUnknown: true },
      { commandId: '00000000-0000-4000-8000-000000000002', type: 'stock.adjust', target: 'stock:qp-03/life-jacket', outcomeUnknown: false },
      { commandId: '00000000-0000-4000-8000-000000000003', type: 'vehicle.setStatus', target: 'vehicle:v-001', outcomeUnknown: false },
    ]);
    expect(marks.get(stockTarget('qp-03', 'life-jacket'))).toBe('unknown');
    expect(marks.get(vehicleTarget('v-001'))).toBe('waiting');
  });

  it('marks what this console has just queued until the backend lists it, keeping "outcome unknown"', () => {
    const backend = new Map([['request:r1', 'unknown' as const]]);
    const marks = withJustQueued(backend, ['request:r1', 'dispatch:d1']);
    expect(marks.get('request:r1')).toBe('unknown');
    expect(marks.get('dispatch:d1')).toBe('waiting');
    expect(withJustQueued(backend, [])).toBe(backend);
  });
});
