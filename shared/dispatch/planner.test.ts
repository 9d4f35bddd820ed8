import { describe, expect, it } from 'vitest';
import type { VehicleStatus } from '../domain';
import {
  LOADING_TIME_S,
  planDispatch,
  retimePlan,
  stockAfterPlan,
  type DispatchPlan,
  type DriveTimes,
  type PlannerInput,
  type PlannerSite,
  type PlannerStock,
  type PlannerVehicle,
  type PlanResult,
} from './planner';

/**
 * A one-dimensional test city: node n sits at kilometre n of a single road, driven at
 * 60 km/h, so a drive takes |a − b| minutes. Nodes from 1000 up are an island that no
 * road reaches. Sites: the central depot at km 0, a regional depot at km 10, quick-pick
 * points at km 20, 21 and 22.
 */
const MIN = 60;
const island = (n: number) => n >= 1000;
const drive = (a: number, b: number) => (island(a) !== island(b) ? Infinity : Math.abs(a - b) * MIN);

const SITES: PlannerSite[] = [
  { id: 'C', kind: 'central', node: 0 },
  { id: 'R', kind: 'regional', node: 10 },
  { id: 'Q1', kind: 'quickpick', node: 20 },
  { id: 'Q2', kind: 'quickpick', node: 21 },
  { id: 'Q3', kind: 'quickpick', node: 22 },
];

const timesTo = (dest: number): DriveTimes => ({
  timeToDestination: (node) => drive(node, dest),
  timeToSite: (siteId, node) => drive(node, SITES.find((s) => s.id === siteId)!.node),
});

const st = (siteId: string, itemId: string, quantity: number, safetyLevel = 0): PlannerStock => ({ siteId, itemId, quantity, safetyLevel });
const veh = (id: string, node: number, capacity = 60, status: VehicleStatus = 'available'): PlannerVehicle => ({ id, node, capacity, status });

const input = (over: Partial<PlannerInput> & { dest?: number; items?: { itemId: string; quantity: number }[] }): PlannerInput => {
  const dest = over.dest ?? 25;
  return {
    request: { destinationNode: dest, items: over.items ?? [{ itemId: 'light', quantity: 10 }], priority: 'red' },
    sites: SITES,
    stock: over.stock ?? [st('C', 'light', 1000), st('R', 'light', 100), st('Q1', 'light', 20)],
    vehicles: over.vehicles ?? [veh('v1', 19), veh('v2', 5)],
    times: timesTo(dest),
    knownItemIds: ['light', 'jacket', 'generator'],
    ...over,
  };
};

const plans = (r: PlanResult): DispatchPlan[] => {
  if (!r.ok) throw new Error(`expected plans, got ${r.reason}: ${r.message}`);
  return r.plans;
};
const taken = (p: DispatchPlan) => Object.fromEntries(p.pickups.map((x) => [`${x.siteId}/${x.itemId}`, x.quantity]));

describe('planDispatch: the infeasible cases answer a reason, never throw', () => {
  const cases: { name: string; in: PlannerInput; reason: string; check?: (r: PlanResult) => void }[] = [
    {
      name: 'no stock anywhere',
      in: input({ stock: [], items: [{ itemId: 'generator', quantity: 3 }] }),
      reason: 'insufficient_stock',
      check: (r) => expect(r).toMatchObject({ missing: [{ itemId: 'generator', requested: 3, available: 0, shortfall: 3 }] }),
    },
    {
      name: 'more than exists across every site',
      in: input({ items: [{ itemId: 'light', quantity: 1200 }] }),
      reason: 'insufficient_stock',
      check: (r) => expect(r).toMatchObject({ missing: [{ itemId: 'light', requested: 1200, available: 1120, shortfall: 80 }] }),
    },
    {
      name: 'no vehicle available (all busy or in the workshop)',
      in: input({ vehicles: [veh('v1', 19, 60, 'enroute'), veh('v2', 5, 60, 'maintenance'), veh('v3', 3, 60, 'offline'), veh('v4', 2, 60, 'returning')] }),
      reason: 'no_vehicle',
    },
    { name: 'no vehicle at all', in: input({ vehicles: [] }), reason: 'no_vehicle' },
    { name: 'the only available vehicle is stranded on the island', in: input({ vehicles: [veh('v1', 1001)] }), reason: 'no_vehicle' },
    { name: 'destination on the island: unreachable from every site', in: input({ dest: 1005 }), reason: 'unreachable' },
    { name: 'destination node missing (not snapped)', in: input({ request: { destinationNode: -1, items: [{ itemId: 'light', quantity: 1 }], priority: 'red' } }), reason: 'unreachable' },
    {
      name: 'vehicles too small for the load, even all together',
      // 100 generators at one unit each; two vans of 40.
      in: input({ stock: [st('C', 'generator', 500)], items: [{ itemId: 'generator', quantity: 100 }], vehicles: [veh('v1', 1, 40), veh('v2', 2, 40)] }),
      reason: 'insufficient_capacity',
      check: (r) => expect(r).toMatchObject({ neededUnits: 100, availableUnits: 80 }),
    },
    { name: 'unknown item', in: input({ items: [{ itemId: 'unicorn', quantity: 1 }] }), reason: 'unknown_item', check: (r) => expect(r).toMatchObject({ itemIds: ['unicorn'] }) },
    { name: 'zero quantity', in: input({ items: [{ itemId: 'light', quantity: 0 }] }), reason: 'invalid_request' },
    { name: 'negative quantity', in: input({ items: [{ itemId: 'light', quantity: -5 }] }), reason: 'invalid_request' },
    { name: 'fractional quantity', in: input({ items: [{ itemId: 'light', quantity: 1.5 }] }), reason: 'invalid_request' },
    { name: 'NaN quantity', in: input({ items: [{ itemId: 'light', quantity: Number.NaN }] }), reason: 'invalid_request' },
    { name: 'absurd quantity', in: input({ items: [{ itemId: 'light', quantity: 1e9 }] }), reason: 'invalid_request' },
    { name: 'no items', in: input({ items: [] }), reason: 'invalid_request' },
    {
      name: 'negative deadline',
      in: input({ request: { destinationNode: 25, items: [{ itemId: 'light', quantity: 1 }], priority: 'red', deadlineS: -1 } }),
      reason: 'invalid_request',
    },
  ];
  it.each(cases)('$name → $reason', (c) => {
    const r = planDispatch(c.in);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe(c.reason);
    expect(r.message.length).toBeGreaterThan(0);
    c.check?.(r);
  });
});

describe('planDispatch: plans', () => {
  it('picks the fastest site and vehicle, and times it as legs + loading', () => {
    // Q1 (km 20) has enough; v1 waits at km 19. 1 + 3 (loading) + 5 minutes.
    const [best] = plans(planDispatch(input({})));
    expect(best).toMatchObject({ rank: 1, reason: 'fastest', siteIds: ['Q1'], vehicleIds: ['v1'], meetsDeadline: true });
    expect(best!.arrivalS).toBe(1 * MIN + LOADING_TIME_S + 5 * MIN);
    expect(best!.marginS).toBe(1800 - best!.arrivalS);
    expect(best!.runs[0]!.legs.map((l) => [l.from.kind, l.to.kind, l.driveS])).toEqual([
      ['vehicle', 'site', 1 * MIN],
      ['site', 'destination', 5 * MIN],
    ]);
  });

  it('never takes stock from the destination itself (restocking a quick-pick point from its own shelf)', () => {
    // The request is for Q1 (km 20): Q1's own 20 lights are right there, and must not count.
    const r = planDispatch(input({ dest: 20, excludeSiteIds: ['Q1'] }));
    for (const p of plans(r)) {
      expect(p.siteIds).not.toContain('Q1');
      expect(p.arrivalS).toBeGreaterThan(LOADING_TIME_S);
    }
    // Without the rule the "fastest" plan is Q1's own shelf, in 0 seconds of driving (the case seen).
    expect(plans(planDispatch(input({ dest: 20 })))[0]!.siteIds).toEqual(['Q1']);
    // Only the destination holds the item: the plan says there is not enough stock.
    expect(planDispatch(input({ dest: 20, excludeSiteIds: ['Q1'], stock: [st('Q1', 'light', 20)] }))).toMatchObject({ ok: false, reason: 'insufficient_stock' });
  });

  it('offers 2–3 ranked alternatives with distinct reasons', () => {
    const ps = plans(planDispatch(input({ vehicles: [veh('v1', 19), veh('v2', 5), veh('v3', 12, 400)] })));
    expect(ps.length).toBeGreaterThanOrEqual(2);
    expect(ps.length).toBeLessThanOrEqual(3);
    expect(ps.map((p) => p.rank)).toEqual(ps.map((_, i) => i + 1));
    expect(new Set(ps.map((p) => p.reason)).size).toBe(ps.length);
    expect(ps[0]!.reason).toBe('fastest');
    // Every alternative is a real plan, no faster than the first.
    for (const p of ps) expect(p.arrivalS).toBeGreaterThanOrEqual(ps[0]!.arrivalS);
  });

  it('splits across three sites when no single one holds enough', () => {
    const stock = [st('Q1', 'jacket', 10), st('Q2', 'jacket', 10), st('Q3', 'jacket', 15)];
    const ps = plans(planDispatch(input({ stock, items: [{ itemId: 'jacket', quantity: 32 }], vehicles: [veh('v1', 19), veh('v2', 23), veh('v3', 24)] })));
    for (const p of ps) {
      expect(p.siteIds).toEqual(['Q1', 'Q2', 'Q3']);
      expect(p.pickups.reduce((s, x) => s + x.quantity, 0)).toBe(32);
      for (const x of p.pickups) expect(x.quantity).toBeLessThanOrEqual(stock.find((s) => s.siteId === x.siteId)!.quantity);
    }
    // Fastest: three vehicles in parallel; fewest: one vehicle touring the three sites.
    expect(ps[0]!.runs).toHaveLength(3);
    const tour = ps.find((p) => p.reason === 'fewest_vehicles')!;
    expect(tour.runs).toHaveLength(1);
    expect(tour.runs[0]!.stops).toHaveLength(3);
    expect(tour.runs[0]!.arrivalS).toBe(tour.runs[0]!.legs.reduce((s, l) => s + l.driveS, 0) + 3 * LOADING_TIME_S);
  });

  it('uses several vehicles when the load is larger than one', () => {
    // 100 generators = 100 units: two vans of 60, never one overloaded.
    const r = planDispatch(input({ stock: [st('C', 'generator', 500)], items: [{ itemId: 'generator', quantity: 100 }], vehicles: [veh('v1', 1), veh('v2', 2), veh('v3', 3, 8)] }));
    const best = plans(r)[0]!;
    expect(best.runs.length).toBe(2);
    for (const run of best.runs) expect(run.loadUnits).toBeLessThanOrEqual(run.capacity);
    expect(best.runs.flatMap((x) => x.stops.flatMap((s) => s.items)).reduce((s, x) => s + x.quantity, 0)).toBe(100);
  });

  it('counts loads in whole cartons', () => {
    // 15 jackets at 10 a carton = 2 units: a motorcycle (capacity 1) cannot take them.
    const r = planDispatch(input({ stock: [st('Q1', 'jacket', 40)], items: [{ itemId: 'jacket', quantity: 15 }], vehicles: [veh('m', 20, 1), veh('van', 3, 2)], packSizes: { jacket: 10 } }));
    const best = plans(r)[0]!;
    expect(best.vehicleIds).toEqual(['van']);
    expect(best.loadUnits).toBe(2);
  });

  it('never uses an unavailable vehicle, even a closer one', () => {
    const ps = plans(planDispatch(input({ vehicles: [veh('busy', 20, 60, 'enroute'), veh('fix', 20, 60, 'maintenance'), veh('far', 2)] })));
    for (const p of ps) expect(p.vehicleIds).toEqual(['far']);
  });

  it('keeps the central depot above its safety level as an alternative, first for low priorities', () => {
    // Destination at km 2: the central depot is closest, but only 10 above its safety level.
    const stock = [st('C', 'light', 100, 90), st('R', 'light', 300, 50)];
    const base = input({ dest: 2, stock, items: [{ itemId: 'light', quantity: 40 }], vehicles: [veh('v1', 1), veh('v2', 9)] });
    const red = plans(planDispatch(base));
    expect(red[0]).toMatchObject({ reason: 'fastest', siteIds: ['C'], keepsReserve: false, belowSafety: [{ siteId: 'C', itemId: 'light', remaining: 60, safetyLevel: 90 }] });
    const reserve = red.find((p) => p.reason === 'keeps_reserve')!;
    expect(reserve).toMatchObject({ siteIds: ['R'], keepsReserve: true, belowSafety: [] });
    const green = plans(planDispatch({ ...base, request: { ...base.request, priority: 'green' } }));
    expect(green[0]!.reason).toBe('keeps_reserve');
  });

  it('says when 30 minutes cannot be met, and why', () => {
    // Destination 40 km from the nearest stock: even a waiting vehicle is late.
    const far = plans(planDispatch(input({ dest: 62, stock: [st('Q3', 'light', 50)], vehicles: [veh('v1', 22)] })))[0]!;
    expect(far).toMatchObject({ meetsDeadline: false, lateReason: 'stock_too_far' });
    expect(far.marginS).toBeLessThan(0);
    // Stock next door, but the only vehicle is 40 km away.
    const slow = plans(planDispatch(input({ dest: 21, stock: [st('Q1', 'light', 50)], vehicles: [veh('v1', 60)] })))[0]!;
    expect(slow).toMatchObject({ meetsDeadline: false, lateReason: 'vehicles_too_far' });
    // A tighter deadline makes an otherwise fine plan late.
    const tight = planDispatch({ ...input({}), request: { destinationNode: 25, items: [{ itemId: 'light', quantity: 10 }], priority: 'red', deadlineS: 300 } });
    expect(plans(tight)[0]!.meetsDeadline).toBe(false);
  });

  it('ignores stock that cannot reach the destination', () => {
    const r = planDispatch(input({ stock: [st('Q1', 'light', 5), { siteId: 'ISLAND', itemId: 'light', quantity: 999, safetyLevel: 0 }], items: [{ itemId: 'light', quantity: 6 }] }));
    expect(r).toMatchObject({ ok: false, reason: 'insufficient_stock', missing: [{ available: 5, shortfall: 1 }] });
  });

  it('merges repeated item lines', () => {
    const best = plans(planDispatch(input({ items: [{ itemId: 'light', quantity: 5 }, { itemId: 'light', quantity: 7 }] })))[0]!;
    expect(best.pickups.reduce((s, x) => s + x.quantity, 0)).toBe(12);
  });
});

describe('two requests competing for the same stock', () => {
  const stock = [st('Q1', 'light', 100), st('Q2', 'light', 20)];
  const vehicles = [veh('v1', 19), veh('v2', 23), veh('v3', 10)];
  const first = plans(planDispatch(input({ stock, vehicles, items: [{ itemId: 'light', quantity: 90 }] })))[0]!;
  const left = stockAfterPlan(stock, first);

  it('reserving the first leaves the remainder, without touching the input rows', () => {
    expect(left.reduce((s, r) => s + r.quantity, 0)).toBe(30);
    expect(stock.map((r) => r.quantity)).toEqual([100, 20]);
  });

  it('the second gets the remainder', () => {
    const second = plans(planDispatch(input({ stock: left, vehicles, items: [{ itemId: 'light', quantity: 30 }] })))[0]!;
    expect(taken(second)).toEqual({ 'Q1/light': 10, 'Q2/light': 20 });
  });

  it('or a shortfall when it wants more than is left', () => {
    expect(planDispatch(input({ stock: left, vehicles, items: [{ itemId: 'light', quantity: 50 }] }))).toMatchObject({
      ok: false,
      reason: 'insufficient_stock',
      missing: [{ itemId: 'light', requested: 50, available: 30, shortfall: 20 }],
    });
  });
});

describe('retimePlan', () => {
  it('re-times the same legs with other lookups', () => {
    const best = plans(planDispatch(input({})))[0]!;
    const doubled: DriveTimes = { timeToDestination: (n) => 2 * drive(n, 25), timeToSite: (s, n) => 2 * timesTo(25).timeToSite(s, n) };
    const r = retimePlan(best, doubled);
    expect(r.arrivalS).toBe(2 * (best.arrivalS - LOADING_TIME_S) + LOADING_TIME_S);
    expect(r.runs[0]!.vehicleId).toBe(best.runs[0]!.vehicleId);
  });
});

describe('planDispatch: alternatives only within the horizon (rule 6)', () => {
  // Lights at Q1 (km 20) and the central depot (km 0); v1 waits at km 19, v2 at km 5; the scene at km 25.
  const far = (deadlineS?: number) =>
    planDispatch(input({ stock: [st('C', 'light', 1000), st('Q1', 'light', 20)], request: { destinationNode: 25, items: [{ itemId: 'light', quantity: 10 }], priority: 'red', ...(deadlineS ? { deadlineS } : {}) } }));
  it('leaves out an alternative that would arrive after the deadline, and says up to when alternatives were looked for', () => {
    const r = far(30 * MIN);
    // Q1 by v1 (9 min), Q1 by v2 (23 min); the depot by v2 would take 33 min: past 30, not offered.
    expect(plans(r).map((p) => `${p.reason}:${p.siteIds.join()}:${p.arrivalS / MIN}`)).toEqual(['fastest:Q1:9', 'other_vehicles:Q1:23']);
    expect(r.ok && r.alternativesUntilS).toBe(30 * MIN);
  });
  it('offers it when the deadline leaves room for it', () => {
    expect(plans(far(40 * MIN)).map((p) => `${p.reason}:${p.siteIds.join()}:${p.arrivalS / MIN}`)).toEqual(['fastest:Q1:9', 'other_vehicles:Q1:23', 'other_source:C:33']);
  });
  it('when even the fastest is late, offers alternatives up to ten minutes after it', () => {
    const r = far(5 * MIN);
    expect(r.ok && r.alternativesUntilS).toBe(9 * MIN + 600);
    expect(plans(r).map((p) => `${p.reason}:${p.arrivalS / MIN}`)).toEqual(['fastest:9']);
  });
});
