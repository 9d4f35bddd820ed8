import { describe, expect, it } from 'vitest';
import type { Site, Stock } from '../../../shared/domain';
import { DISPATCH_PRIORITIES } from '../../../shared/dispatch/planner';
import type { PlanAnswer, PlanArg, RoadNetwork, RoutingVehicle } from '../../../shared/routing/routing-api';
import { createRoutingCore } from './routing-core';

/**
 * The bounded routing core (lazy searches: a destination search only as far as the planner
 * needs, site searches only as far as the vehicles it looks at) against the whole-search one
 * it replaced, on random requests over a generated city: the same answers, plans, ETAs,
 * vehicles, sites and routes, to the last bit.
 *
 * The city is big enough for the bound to matter: a 48 × 48 street grid about 2.8 km
 * across (slow streets: a drive across it takes well over the planner's first radius, 10 minutes),
 * random speeds, a fifth of the streets one-way and a few missing, with sites, stock
 * and vehicles scattered over it.
 */

const rng = (seed: number) => {
  let s = seed >>> 0 || 1;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
};

const N = 48;
const STEP = 0.0006;
const [LON0, LAT0] = [118.7, 32.0];
const ITEMS = ['water', 'masks', 'lights', 'generator', 'drone'];
const PACK = { water: 12, masks: 50, lights: 4, generator: 1, drone: 1 };

function city(seed: number) {
  const r = rng(seed);
  const ways: RoadNetwork['ways'] = [];
  const at = (i: number, j: number): [number, number] => [LON0 + i * STEP, LAT0 + j * STEP];
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      for (const [di, dj] of [
        [1, 0],
        [0, 1],
      ] as const) {
        if (i + di >= N || j + dj >= N || r.next() < 0.04) continue;
        const oneway = r.next() < 0.2 ? (r.next() < 0.5 ? 1 : -1) : 0;
        ways.push({ name: null, highway: 'residential', oneway, maxspeedKmh: 3 + r.int(12), coords: [at(i, j), at(i + di, j + dj)] });
      }
    }
  }
  const roads: RoadNetwork = { attribution: 'generated', bounds: [LON0 - STEP, LAT0 - STEP, LON0 + N * STEP, LAT0 + N * STEP], ways };
  const point = () => ({ lon: LON0 + r.next() * (N - 1) * STEP, lat: LAT0 + r.next() * (N - 1) * STEP });
  const sites: Site[] = Array.from({ length: 28 }, (_, k) => ({
    id: `s${k}`,
    kind: k === 0 ? 'central' : k <= 4 ? 'regional' : k <= 24 ? 'quickpick' : 'station',
    name: `s${k}`,
    nameEn: `s${k}`,
    address: '',
    ...point(),
  }));
  const stock: Stock[] = [];
  for (const s of sites) {
    for (const itemId of ITEMS) {
      // Rare items only at a few sites, so that some requests must reach far.
      if ((itemId === 'generator' || itemId === 'drone') && s.kind === 'quickpick') continue;
      if (r.next() < 0.25) continue;
      const quantity = r.int(s.kind === 'quickpick' ? 60 : 600);
      stock.push({ siteId: s.id, itemId, quantity, safetyLevel: r.int(Math.max(1, quantity)) });
    }
  }
  const capacities = [2, 8, 60, 400];
  const vehicles = (rv: ReturnType<typeof rng>, count: number): RoutingVehicle[] =>
    Array.from({ length: count }, (_, k) => ({
      id: `v${k}`,
      status: rv.next() < 0.8 ? 'available' : rv.pick(['enroute', 'maintenance'] as const),
      capacity: capacities[k % capacities.length]!,
      lon: LON0 + rv.next() * (N - 1) * STEP,
      lat: LAT0 + rv.next() * (N - 1) * STEP,
    }));
  return { roads, sites, stock, point, vehicles };
}

const comparable = (a: PlanAnswer) => ({ ...a, computeMs: 0 });

describe('the bounded routing core plans exactly as the whole-search one', () => {
  it.each([1, 2])('on random requests over generated city %i', (seed) => {
    const c = city(seed);
    const options = { roads: c.roads, sites: c.sites, itemIds: ITEMS, packSizes: PACK };
    const bounded = createRoutingCore(options);
    const whole = createRoutingCore({ ...options, searches: 'whole' });
    const r = rng(seed * 7919);
    const outcomes = new Map<string, number>();
    for (let q = 0; q < 120; q++) {
      const items: PlanArg['items'] = [];
      for (let k = 1 + r.int(3); k > 0; k--) {
        const itemId = r.pick(ITEMS);
        if (!items.some((x) => x.itemId === itemId)) items.push({ itemId, quantity: 1 + r.int(r.next() < 0.2 ? 900 : 40) });
      }
      const arg: PlanArg = {
        destination: q % 9 === 0 ? { lon: c.sites[1 + r.int(27)]!.lon, lat: c.sites[1 + r.int(27)]!.lat } : c.point(),
        items,
        priority: r.pick(DISPATCH_PRIORITIES),
        stock: c.stock,
        vehicles: c.vehicles(r, r.next() < 0.3 ? 12 : 150),
        ...(r.next() < 0.5 ? { deadlineS: r.pick([300, 600, 1200, 3600]) } : {}),
        ...(r.next() < 0.5 ? { maxPlans: 1 + r.int(5) } : {}),
        ...(r.next() < 0.2 ? { withRoutes: false } : {}),
      };
      const a = bounded.plan(arg);
      const b = whole.plan(arg);
      expect(comparable(a), `request ${q}`).toEqual(comparable(b));
      const key = a.result.ok ? `${a.result.plans.length} plans` : a.result.reason;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // The draws reach plans of every length and some failures, not only the easy case.
    expect([...outcomes.keys()].filter((k) => k.endsWith('plans')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('the vehicles\' snapped positions, kept between plans', () => {
  it('a vehicle that moved is snapped where it is now, as a core that never saw it would', () => {
    const c = city(3);
    const options = { roads: c.roads, sites: c.sites, itemIds: ITEMS, packSizes: PACK };
    const core = createRoutingCore(options);
    const r = rng(17);
    let fleet = c.vehicles(r, 150);
    for (let q = 0; q < 12; q++) {
      const arg: PlanArg = { destination: c.point(), items: [{ itemId: r.pick(ITEMS), quantity: 1 + r.int(40) }], priority: 'red', stock: c.stock, vehicles: fleet };
      const fresh = createRoutingCore(options);
      expect(comparable(core.plan(arg)), `request ${q}`).toEqual(comparable(fresh.plan(arg)));
      const dt = { destination: arg.destination, vehicles: fleet.map(({ id, lon, lat }) => ({ id, lon, lat })) };
      expect({ ...core.driveTimes(dt), computeMs: 0 }, `drive times ${q}`).toEqual({ ...fresh.driveTimes(dt), computeMs: 0 });
      // Next time: the same vehicles (same ids), half of them somewhere else, one nudged by a hair.
      const moved = c.vehicles(r, 150);
      fleet = fleet.map((v, k) => (k % 2 === q % 2 ? { ...v, lon: moved[k]!.lon, lat: moved[k]!.lat } : k === 1 ? { ...v, lon: v.lon + 1e-9 } : v));
    }
  });
});
