import { describe, expect, it } from 'vitest';
import type { DispatchPlanView } from '../../shared/board-api';
import { acceptRunsOf, changeSource, checkEditRuns, editVerdict, mayAccept, pickupsBySite, planPaths, quantityDifferences, removeRun, retimedAcceptRuns, setQuantity, swapVehicle, toEditRuns, type Retimed } from './plan-edit';

const leg = (path: [number, number][] | null, driveS = 60) => ({ from: { kind: 'vehicle' as const, id: 'v' }, to: { kind: 'site' as const, id: 's' }, driveS, path });
const plan: Pick<DispatchPlanView, 'runs'> = {
  runs: [
    {
      vehicleId: 'veh-1',
      capacity: 60,
      loadUnits: 42,
      siteIds: ['qp-06'],
      pickups: [
        { siteId: 'qp-06', itemId: 'life-jacket', quantity: 22 },
        { siteId: 'qp-06', itemId: 'emergency-light', quantity: 20 },
      ],
      legs: [
        leg([
          [11.95, 57.69],
          [11.951, 57.691],
        ]),
        leg(null, 0),
      ],
      driveS: 60,
      loadingS: 180,
      arrivalS: 240,
    },
    {
      vehicleId: 'veh-2',
      capacity: 60,
      loadUnits: 38,
      siteIds: ['qp-05'],
      pickups: [{ siteId: 'qp-05', itemId: 'life-jacket', quantity: 38 }],
      legs: [
        leg([
          [11.95, 57.7],
          [11.952, 57.7],
        ]),
        leg([[11.952, 57.7]]),
      ],
      driveS: 100,
      loadingS: 180,
      arrivalS: 280,
    },
  ],
};
const available = new Set(['veh-1', 'veh-2', 'veh-3']);

describe('accepting a plan as recommended', () => {
  it('sends each run with its sites, pickups and predicted arrival', () => {
    expect(acceptRunsOf(plan)).toEqual([
      { vehicleId: 'veh-1', siteIds: ['qp-06'], pickups: plan.runs[0]!.pickups, arrivalS: 240 },
      { vehicleId: 'veh-2', siteIds: ['qp-05'], pickups: plan.runs[1]!.pickups, arrivalS: 280 },
    ]);
  });

  it('groups pickups by site in visiting order', () => {
    expect(
      pickupsBySite([
        { siteId: 'a', itemId: 'x', quantity: 1 },
        { siteId: 'b', itemId: 'x', quantity: 2 },
        { siteId: 'a', itemId: 'x', quantity: 3 },
        { siteId: 'a', itemId: 'y', quantity: 4 },
      ]),
    ).toEqual([
      { siteId: 'a', items: [{ itemId: 'x', quantity: 4 }, { itemId: 'y', quantity: 4 }] },
      { siteId: 'b', items: [{ itemId: 'x', quantity: 2 }] },
    ]);
  });

  it('draws every leg that has a road path, by run', () => {
    expect(planPaths(plan).map((p) => [p.runIndex, p.path.length])).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });
});

describe('editing a plan', () => {
  const runs = toEditRuns(acceptRunsOf(plan));

  it('unchanged, checks out as the plan itself', () => {
    expect(checkEditRuns(runs, available)).toEqual({ ok: true, runs: acceptRunsOf(plan) });
  });

  it('swaps a vehicle', () => {
    const edited = checkEditRuns(swapVehicle(runs, 1, 'veh-3'), available);
    expect(edited.ok && edited.runs.map((r) => r.vehicleId)).toEqual(['veh-1', 'veh-3']);
  });

  it('refuses a vehicle twice or one not available', () => {
    expect(checkEditRuns(swapVehicle(runs, 1, 'veh-1'), available)).toEqual({ ok: false, errors: [{ key: 'vehicleTwice', vehicleId: 'veh-1' }] });
    expect(checkEditRuns(swapVehicle(runs, 0, 'veh-9'), available)).toEqual({ ok: false, errors: [{ key: 'vehicleUnavailable', vehicleId: 'veh-9' }] });
  });

  it('takes one pickup from another site: the run visits both, in order', () => {
    const edited = changeSource(runs, 0, 1, 'depot-central');
    expect(edited[0]!.siteIds).toEqual(['qp-06', 'depot-central']);
    expect(edited[0]!.pickups.map((p) => p.siteId)).toEqual(['qp-06', 'depot-central']);
    expect(edited[1]).toBe(runs[1]);
  });

  it('moving the last pickup of a site replaces the stop in place', () => {
    const edited = changeSource(runs, 1, 0, 'depot-west');
    expect(edited[1]!.siteIds).toEqual(['depot-west']);
    const both = changeSource(changeSource(runs, 0, 0, 'qp-05'), 0, 1, 'qp-05');
    expect(both[0]!.siteIds).toEqual(['qp-05']);
  });

  it('changes quantities; 0 takes a pickup off, nothing left is an error', () => {
    const fewer = checkEditRuns(setQuantity(runs, 0, 1, '0'), available);
    expect(fewer.ok && fewer.runs[0]!.pickups).toEqual([{ siteId: 'qp-06', itemId: 'life-jacket', quantity: 22 }]);
    expect(checkEditRuns(setQuantity(runs, 1, 0, '0'), available)).toEqual({ ok: false, errors: [{ key: 'nothingLoaded', runIndex: 1 }] });
    expect(checkEditRuns(setQuantity(runs, 1, 0, '-3'), available)).toEqual({ ok: false, errors: [{ key: 'quantity', runIndex: 1, pickupIndex: 0 }] });
    expect(checkEditRuns(setQuantity(runs, 1, 0, '1.5'), available)).toEqual({ ok: false, errors: [{ key: 'quantity', runIndex: 1, pickupIndex: 0 }] });
  });

  it('takes a whole vehicle off, never the last one', () => {
    const one = removeRun(runs, 0);
    expect(one.map((r) => r.vehicleId)).toEqual(['veh-2']);
    const r = checkEditRuns(one, available);
    expect(r.ok && r.runs.map((x) => x.vehicleId)).toEqual(['veh-2']);
    expect(removeRun(one, 0).map((x) => x.vehicleId)).toEqual(['veh-2']);
    expect(removeRun(runs, 5)).toEqual(runs);
  });

  it('drops a site whose pickups were all set to 0 from the route', () => {
    const moved = changeSource(runs, 0, 1, 'depot-central');
    const r = checkEditRuns(setQuantity(moved, 0, 0, '0'), available);
    expect(r.ok && r.runs[0]!.siteIds).toEqual(['depot-central']);
  });

  it('tells which items no longer add up to the request', () => {
    const requested = [
      { itemId: 'life-jacket', quantity: 60 },
      { itemId: 'emergency-light', quantity: 20 },
    ];
    expect(quantityDifferences(requested, acceptRunsOf(plan))).toEqual([]);
    const r = checkEditRuns(setQuantity(runs, 1, 0, '30'), available);
    expect(r.ok && quantityDifferences(requested, r.runs)).toEqual([['life-jacket', 60, 52]]);
  });
});

describe('an edited plan can be dispatched only as the backend timed and checked it', () => {
  const runs = [{ vehicleId: 'moto-1', siteIds: ['depot-north'], pickups: [{ siteId: 'depot-north', itemId: 'helmet', quantity: 12 }], arrivalS: 300 }];
  const ok = { ok: true as const, runs };
  const timed = (problems: Retimed['problems'], arrivalS = 1012): Retimed => ({
    runs: [{ vehicleId: 'moto-1', capacity: 2, loadUnits: 12, siteIds: ['depot-north'], pickups: runs[0]!.pickups, legs: [], driveS: 900, loadingS: 112, arrivalS }],
    arrivalS,
    deadlineS: 1800,
    marginS: 1800 - arrivalS,
    meetsDeadline: true,
    problems,
    positionsAgeS: 2,
    approval: null,
  });

  it('waits for the timing, refuses a blocking problem, asks for the safety confirmation', () => {
    expect(editVerdict(ok, null, false).kind).toBe('timing');
    expect(editVerdict({ ok: false, errors: [{ key: 'nothingLoaded', runIndex: 0 }] }, timed([]), false).kind).toBe('invalid');
    const overCapacity = timed([{ code: 'over_capacity', params: { vehicle: 'moto-1', plate: '粤A·M001', load: 12, capacity: 2 } }]);
    expect(editVerdict(ok, overCapacity, true).kind).toBe('blocked');
    const below = timed([{ code: 'below_safety', params: { site: 'depot-north', item: 'helmet', remaining: 3, safety: 10 } }]);
    expect(editVerdict(ok, below, false).kind).toBe('confirm');
    expect(editVerdict(ok, below, true)).toEqual({ kind: 'ready', belowSafety: true });
    expect(editVerdict(ok, timed([]), false)).toEqual({ kind: 'ready', belowSafety: false });
  });

  it('sends the arrival timed on the roads, not the original plan\'s', () => {
    expect(retimedAcceptRuns(runs, timed([], 1012))[0]!.arrivalS).toBe(1012);
  });
});

describe('the plan button', () => {
  const ready = { kind: 'ready', belowSafety: false } as const;
  it('never dispatches the shown plans while new ones compute (a refusal re-plans)', () => {
    expect(mayAccept({ busy: false, planLoading: false, editing: false, verdict: null })).toBe(true);
    expect(mayAccept({ busy: false, planLoading: true, editing: false, verdict: null })).toBe(false);
    expect(mayAccept({ busy: true, planLoading: false, editing: false, verdict: null })).toBe(false);
  });
  it('dispatches an edit only once it is timed and ready, whatever the plans do', () => {
    expect(mayAccept({ busy: false, planLoading: true, editing: true, verdict: ready })).toBe(true);
    expect(mayAccept({ busy: false, planLoading: false, editing: true, verdict: { kind: 'timing' } })).toBe(false);
    expect(mayAccept({ busy: false, planLoading: false, editing: true, verdict: null })).toBe(false);
  });
});
