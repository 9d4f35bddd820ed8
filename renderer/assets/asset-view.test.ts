import { describe, expect, it } from 'vitest';
import type { Repair } from '../../shared/assets/schema';
import { formatRate } from '../format/number';
import { awaitsApproval, openRepairsOldestFirst, repairActions, repairAge, serviceLifeEnd, stepInput, withoutScanned } from './asset-view';

const DAY = 86_400_000;
const repair = (id: string, over: Partial<Repair> = {}): Repair => ({
  id, target: { kind: 'asset', id: 'as-000001' }, kind: 'repair', reason: 'lens cracked', status: 'filed', filedAt: 0, filedBy: 'duty1',
  decidedAt: null, decidedBy: null, decisionNote: '', sentAt: null, backAt: null, ...over,
});

describe('stepInput', () => {
  it.each([
    ['store', 'site'], ['return', 'site'], ['transfer', 'site'], ['found', 'site'], ['back_from_repair', 'site'],
    ['issue', 'holder'],
    ['accept', null], ['send_to_repair', null], ['report_missing', null], ['scrap', null],
  ] as const)('%s asks for %s', (step, input) => {
    expect(stepInput(step)).toBe(input);
  });
});

describe('awaitsApproval', () => {
  it('holds sending to repair and scrapping until a supervisor approved a request of that kind', () => {
    expect(awaitsApproval('send_to_repair', [])).toBe(true);
    expect(awaitsApproval('send_to_repair', [repair('r', { status: 'filed' })])).toBe(true);
    expect(awaitsApproval('send_to_repair', [repair('r', { status: 'approved' })])).toBe(false);
    expect(awaitsApproval('scrap', [repair('r', { status: 'approved' })])).toBe(true);
    expect(awaitsApproval('scrap', [repair('r', { kind: 'scrap', status: 'approved' })])).toBe(false);
    expect(awaitsApproval('issue', [])).toBe(false);
  });
});

describe('repairAge against the 3.1-day repair cycle', () => {
  it.each([
    ['3 days, filed', { filedAt: 0 }, 3 * DAY, false],
    ['3.1 days exactly is on target', { filedAt: 0 }, 3.1 * DAY, false],
    ['3.2 days, approved', { status: 'approved' as const }, 3.2 * DAY, true],
    ['5.2 days in repair (the old cycle)', { status: 'in_repair' as const }, 5.2 * DAY, true],
    ['a scrapping request is not a repair', { kind: 'scrap' as const }, 9 * DAY, false],
    ['a finished repair is not overdue', { status: 'done' as const }, 9 * DAY, false],
  ])('%s', (_what, over, now, overdue) => {
    const age = repairAge(repair('r', over), now);
    expect(age.overdue).toBe(overdue);
    expect(age.ageDays).toBeCloseTo(now / DAY, 6);
  });
});

describe('open repairs', () => {
  it('lists the open ones oldest first', () => {
    const list = [repair('b', { filedAt: 2 }), repair('x', { status: 'done', filedAt: 0 }), repair('a', { filedAt: 1, status: 'in_repair' }), repair('c', { status: 'rejected' })];
    expect(openRepairsOldestFirst(list).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('offers a decision while filed, sending once approved, the return while in repair', () => {
    const asset = { kind: 'asset', id: 'as-000001' } as const;
    expect(repairActions({ status: 'filed', kind: 'repair', target: asset })).toEqual({ decide: true, send: false, close: false });
    expect(repairActions({ status: 'approved', kind: 'repair', target: asset })).toEqual({ decide: false, send: true, close: false });
    expect(repairActions({ status: 'in_repair', kind: 'repair', target: asset })).toEqual({ decide: false, send: false, close: true });
    // An approved scrapping ends with the scrap step on the record; an approved vehicle repair is in the workshop already.
    expect(repairActions({ status: 'approved', kind: 'scrap', target: asset })).toEqual({ decide: false, send: false, close: false });
    expect(repairActions({ status: 'approved', kind: 'repair', target: { kind: 'vehicle', id: 'veh-001' } })).toEqual({ decide: false, send: false, close: false });
  });
});

describe('formatRate', () => {
  it.each([
    [0.994, '99.4%'],
    [0.9899, '98.9%'], // never rounded up to the 99% it misses
    [0.98, '98.0%'],
    [1, '100.0%'],
    [null, '—'],
  ])('%s → %s', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});

describe('serviceLifeEnd', () => {
  it('counts calendar months from acceptance', () => {
    expect(serviceLifeEnd(Date.UTC(2021, 0, 31), 60)).toBe(Date.UTC(2026, 0, 31));
    expect(serviceLifeEnd(null, 60)).toBeNull();
    expect(serviceLifeEnd(Date.UTC(2021, 0, 31), null)).toBeNull();
  });
});

describe('withoutScanned', () => {
  it('takes the scanned characters out before the caret', () => {
    expect(withoutScanned('林奈JB-BC000123', 13, 11)).toEqual({ value: '林奈', caret: 2 });
    expect(withoutScanned('abJB-BC000123cd', 13, 11)).toEqual({ value: 'abcd', caret: 2 });
  });

  it('takes no more than there are', () => {
    expect(withoutScanned('JB-B', 4, 11)).toEqual({ value: '', caret: 0 });
    expect(withoutScanned('', 0, 11)).toEqual({ value: '', caret: 0 });
  });
});
