import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VEHICLE_STATUSES, type VehicleStatus } from '../domain';
import { buildRoadGraph, type RoadGraph, type RoadWay } from '../routing/road-graph';
import { reverseSearch, shortestPath } from '../routing/search';
import { loadUnits } from './pack-sizes';
import { LOADING_TIME_S, planDispatch, type DispatchPlan, type PlannerInput, type PlannerStock, type PlannerVehicle } from './planner';

/**
 * Property: whatever the request, stock, fleet and road network, a plan never reserves
 * more than the stock, never uses an unavailable vehicle, never overloads one, and its
 * predicted arrival is exactly the sum of its legs' shortest drive times (as the
 * reverse searches give them, and as an independent A* confirms) plus loading.
 */

const ITEMS = ['a', 'b', 'c'] as const;

/** An n×n grid of streets, some one-way, some slow, built by the real graph builder. */
function grid(n: number, oneway: number[], speeds: number[]): RoadGraph {
  const ways: RoadWay[] = [];
  const d = 0.002;
  let k = 0;
  const next = <T>(xs: readonly T[], fallback: T): T => xs[k++ % Math.max(1, xs.length)] ?? fallback;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const ow = (): -1 | 0 | 1 => (next(oneway, 0) % 5 === 1 ? 1 : next(oneway, 0) % 5 === 2 ? -1 : 0);
      if (i + 1 < n) ways.push({ name: null, highway: 'residential', oneway: ow(), maxspeedKmh: next(speeds, 30), coords: [[i * d, j * d], [(i + 1) * d, j * d]] });
      if (j + 1 < n) ways.push({ name: null, highway: 'residential', oneway: ow(), maxspeedKmh: next(speeds, 30), coords: [[i * d, j * d], [i * d, (j + 1) * d]] });
    }
  }
  return buildRoadGraph(ways);
}

const scenario = fc
  .record({
    n: fc.integer({ min: 3, max: 7 }),
    oneway: fc.array(fc.nat(20), { minLength: 1, maxLength: 30 }),
    speeds: fc.array(fc.integer({ min: 5, max: 90 }), { minLength: 1, maxLength: 30 }),
    sites: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('central' as const, 'regional' as const, 'quickpick' as const) }), { minLength: 1, maxLength: 6 }),
    stock: fc.array(fc.record({ site: fc.nat(), item: fc.constantFrom(...ITEMS), quantity: fc.integer({ min: 0, max: 80 }), safety: fc.integer({ min: 0, max: 40 }) }), { maxLength: 14 }),
    vehicles: fc.array(
      fc.record({ at: fc.nat(), capacity: fc.integer({ min: 0, max: 40 }), status: fc.constantFrom<VehicleStatus>(...VEHICLE_STATUSES, 'available', 'available') }),
      { maxLength: 10 },
    ),
    items: fc.array(fc.record({ itemId: fc.constantFrom(...ITEMS), quantity: fc.integer({ min: 1, max: 90 }) }), { minLength: 1, maxLength: 3 }),
    packs: fc.record({ a: fc.integer({ min: 1, max: 6 }), b: fc.integer({ min: 1, max: 6 }), c: fc.integer({ min: 1, max: 6 }) }),
    dest: fc.nat(),
    deadlineS: fc.integer({ min: 60, max: 3600 }),
    priority: fc.constantFrom('green' as const, 'yellow' as const, 'orange' as const, 'red' as const),
  })
  .map((s) => {
    const g = grid(s.n, s.oneway, s.speeds);
    const node = (x: number) => x % g.nodeCount;
    const sites = s.sites.map((x, i) => ({ id: `s${i}`, kind: x.kind, node: node(x.at) }));
    const stock: PlannerStock[] = [];
    const seen = new Set<string>();
    for (const r of s.stock) {
      const siteId = `s${r.site % sites.length}`;
      if (seen.has(`${siteId}/${r.item}`)) continue;
      seen.add(`${siteId}/${r.item}`);
      stock.push({ siteId, itemId: r.item, quantity: r.quantity, safetyLevel: r.safety });
    }
    const vehicles: PlannerVehicle[] = s.vehicles.map((v, i) => ({ id: `v${i}`, status: v.status, capacity: v.capacity, node: node(v.at) }));
    return { g, sites, stock, vehicles, dest: node(s.dest), s };
  });

function checkPlan(p: DispatchPlan, input: PlannerInput, g: RoadGraph, searched: (to: number) => Float64Array): void {
  const pack = (i: string) => input.packSizes?.[i] ?? 1;
  // Stock: per site and item, never more than there is; per item, exactly what was asked.
  for (const x of p.pickups) {
    const row = input.stock.find((r) => r.siteId === x.siteId && r.itemId === x.itemId);
    expect(x.quantity).toBeGreaterThan(0);
    expect(x.quantity).toBeLessThanOrEqual(row?.quantity ?? 0);
  }
  const wanted = new Map<string, number>();
  for (const l of input.request.items) wanted.set(l.itemId, (wanted.get(l.itemId) ?? 0) + l.quantity);
  for (const [i, q] of wanted) expect(p.pickups.filter((x) => x.itemId === i).reduce((s, x) => s + x.quantity, 0)).toBe(q);

  // Vehicles: available, each once, never over capacity; what they carry is what is picked up.
  const ids = p.runs.map((r) => r.vehicleId);
  expect(new Set(ids).size).toBe(ids.length);
  const carried = new Map<string, number>();
  for (const run of p.runs) {
    const v = input.vehicles.find((x) => x.id === run.vehicleId)!;
    expect(v.status).toBe('available');
    expect(run.capacity).toBe(v.capacity);
    const units = run.stops.reduce((u, st) => u + st.items.reduce((w, x) => w + loadUnits(x.quantity, pack(x.itemId)), 0), 0);
    expect(run.loadUnits).toBe(units);
    expect(units).toBeLessThanOrEqual(v.capacity);
    for (const st of run.stops) for (const x of st.items) carried.set(`${st.siteId}/${x.itemId}`, (carried.get(`${st.siteId}/${x.itemId}`) ?? 0) + x.quantity);

    // Time: legs chained from the vehicle through its stops to the destination, each the shortest drive.
    expect(run.legs[0]!.from).toMatchObject({ kind: 'vehicle', node: v.node });
    expect(run.legs[run.legs.length - 1]!.to).toMatchObject({ kind: 'destination', node: input.request.destinationNode });
    let sum = 0;
    run.legs.forEach((leg, k) => {
      if (k > 0) expect(leg.from.node).toBe(run.legs[k - 1]!.to.node);
      expect(leg.driveS).toBe(searched(leg.to.node)[leg.from.node]);
      const independent = shortestPath(g, leg.from.node, leg.to.node);
      expect(independent).not.toBeNull();
      expect(leg.driveS).toBeCloseTo(independent!.timeS, 6);
      sum += leg.driveS;
    });
    expect(run.driveS).toBe(sum);
    expect(run.arrivalS).toBe(sum + run.stops.length * LOADING_TIME_S);
  }
  expect(Object.fromEntries(carried)).toEqual(Object.fromEntries(p.pickups.map((x) => [`${x.siteId}/${x.itemId}`, x.quantity])));
  expect(p.arrivalS).toBe(Math.max(...p.runs.map((r) => r.arrivalS)));
  expect(p.marginS).toBe(p.deadlineS - p.arrivalS);
  expect(p.meetsDeadline).toBe(p.arrivalS <= p.deadlineS);
  expect(p.keepsReserve).toBe(p.belowSafety.length === 0);
}

describe('planDispatch properties (random road grids)', () => {
  it('never over-reserves, never uses an unavailable or overloaded vehicle, and times plans as their legs', () => {
    fc.assert(
      fc.property(scenario, ({ g, sites, stock, vehicles, dest, s }) => {
        const cache = new Map<number, Float64Array>();
        const searched = (to: number): Float64Array => {
          let t = cache.get(to);
          if (!t) cache.set(to, (t = reverseSearch(g, to)));
          return t;
        };
        const input: PlannerInput = {
          request: { destinationNode: dest, items: s.items, priority: s.priority, deadlineS: s.deadlineS },
          sites,
          stock,
          vehicles,
          times: {
            timeToDestination: (n) => searched(dest)[n]!,
            timeToSite: (id, n) => searched(sites.find((x) => x.id === id)!.node)[n]!,
          },
          packSizes: s.packs,
          knownItemIds: ITEMS,
        };
        const r = planDispatch(input);
        if (!r.ok) {
          expect(['insufficient_stock', 'no_vehicle', 'insufficient_capacity', 'unreachable']).toContain(r.reason);
          return;
        }
        expect(r.plans.length).toBeGreaterThanOrEqual(1);
        expect(r.plans.length).toBeLessThanOrEqual(3);
        const named = r.plans.map((p) => p.reason).filter((x) => x !== 'other_source');
        expect(new Set(named).size).toBe(named.length);
        expect(new Set(r.plans.map((p) => p.pickups.map((x) => `${x.siteId}/${x.itemId}=${x.quantity}`).join() + p.vehicleIds.join())).size).toBe(r.plans.length);
        for (const p of r.plans) checkPlan(p, input, g, searched);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });
});
