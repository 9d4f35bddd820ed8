import { describe, expect, it } from 'vitest';
import { DEMO_NOW, generateDemoLedger } from './demo-data';
import { overdueRepairs, repairCycle } from './repair-cycle';
import type { Repair } from './schema';

const DAY = 86_400_000;
const t0 = Date.UTC(2026, 10, 1);
let n = 0;
const repair = (days: number | null, filedDaysAgo = 20, extra: Partial<Repair> = {}): Repair => {
  const filedAt = t0 - filedDaysAgo * DAY;
  return {
    id: `rp-${String(++n).padStart(3, '0')}`, target: { kind: 'asset', id: `a-${n}` }, kind: 'repair', reason: 'lens cracked', status: days === null ? 'in_repair' : 'done',
    filedAt, filedBy: 'duty-01', decidedAt: filedAt + DAY / 4, decidedBy: 'supervisor-01', decisionNote: '', sentAt: filedAt + DAY / 2, backAt: days === null ? null : filedAt + days * DAY, ...extra,
  };
};
const period = { from: t0 - 60 * DAY, to: t0 };

describe('the repair cycle against 3.1 days', () => {
  it.each([
    ['before online approval: 5.2 days', [4, 5, 5.2, 6, 5.8], 5.2, 6, false],
    ['after: 3.1 days', [2, 3, 3.1, 3.5, 3.9], 3.1, 3.9, true],
    ['a long tail the mean hides', [1, 1, 1, 1, 1, 1, 1, 1, 2, 11], 2.1, 2, true],
  ] as const)('%s', (_, days, mean, p90, meets) => {
    const r = repairCycle(days.map((d) => repair(d)), period);
    expect(r.meanDays).toBeCloseTo(mean, 10);
    expect(r.p90Days).toBeCloseTo(p90, 10);
    expect(r.meets).toBe(meets);
  });
  it('counts only repairs done and back within the period; scrapping is not a repair', () => {
    const r = repairCycle([repair(3), repair(null), repair(2, 100), repair(4, 10, { kind: 'scrap' }), repair(20, 5, { status: 'cancelled' })], period);
    expect(r.count).toBe(1);
    expect(repairCycle([], period)).toMatchObject({ count: 0, meanDays: null, meets: true });
  });
});

describe('open repairs past the target, oldest first', () => {
  it('lists filed, approved and in-repair requests older than 3.1 days', () => {
    const now = t0;
    const list = overdueRepairs([repair(null, 2), repair(null, 9), repair(null, 4, { status: 'approved' }), repair(null, 6, { status: 'filed' }), repair(null, 30, { status: 'rejected' }), repair(3, 20)], now);
    expect(list.map((r) => Math.round(r.ageDays))).toEqual([9, 6, 4]);
  });
  it('the demo year lands on 3.1 days, with some open repairs overdue', () => {
    const l = generateDemoLedger();
    const r = repairCycle(l.repairs, { from: DEMO_NOW - 365 * DAY, to: DEMO_NOW });
    expect(r.meanDays!).toBeGreaterThan(2.9);
    expect(r.meanDays!).toBeLessThan(3.3);
    expect(overdueRepairs(l.repairs, DEMO_NOW).length).toBeGreaterThan(0);
  });
});
