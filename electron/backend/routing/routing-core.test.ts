import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PACK_SIZES } from '../../../shared/dispatch/pack-sizes';
import { LOADING_TIME_S } from '../../../shared/dispatch/planner';
import type { LonLat } from '../../../shared/routing/geo';
import type { PlanArg, RoutedPlan } from '../../../shared/routing/routing-api';
import { shortestPath } from '../../../shared/routing/search';
import { createRoutingCore, type RoutingCore } from './routing-core';
import { loadDemoCity, type DemoCity } from './test-city';

let city: DemoCity;
let core: RoutingCore;

/** Brunnsparken, central Göteborg. */
const CENTRE = { lon: 11.9668, lat: 57.7065 };
/** Inside the city's bounds, 3.7 km from any road. */
const NOWHERE = { lon: 12.0918, lat: 57.653 };

beforeAll(() => {
  city = loadDemoCity();
  core = createRoutingCore({ roads: city.roads, sites: city.sites, itemIds: city.itemIds, packSizes: DEMO_PACK_SIZES });
});

const floodRequest = (over: Partial<PlanArg> = {}): PlanArg => ({
  destination: CENTRE,
  items: [
    { itemId: 'life-jacket', quantity: 600 },
    { itemId: 'emergency-light', quantity: 200 },
    { itemId: 'generator', quantity: 20 },
  ],
  priority: 'red',
  stock: city.stock,
  vehicles: city.fleet,
  ...over,
});

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('routing core on the demo city', () => {
  it('snaps every site and reports the network', () => {
    expect(core.info.nodeCount).toBeGreaterThan(45_000);
    expect(core.info.sites).toHaveLength(14);
    for (const s of core.info.sites) {
      expect(s.node).not.toBeNull();
      expect(s.snapDistanceM!).toBeLessThan(200);
    }
  });

  it('plans a flood request: 600 life jackets, 200 lights, 20 generators', () => {
    const a = core.plan(floodRequest());
    expect(a.result.ok).toBe(true);
    if (!a.result.ok) return;
    const plans = a.result.plans;
    expect(plans.length).toBeGreaterThanOrEqual(2);
    expect(plans.length).toBeLessThanOrEqual(3);
    const byVehicle = new Map(city.vehicles.map((v) => [v.id, v]));
    for (const p of plans) {
      const qty = (item: string) => p.pickups.filter((x) => x.itemId === item).reduce((s, x) => s + x.quantity, 0);
      expect([qty('life-jacket'), qty('emergency-light'), qty('generator')]).toEqual([600, 200, 20]);
      for (const run of p.runs) {
        expect(byVehicle.get(run.vehicleId)!.status).toBe('available');
        expect(run.loadUnits).toBeLessThanOrEqual(byVehicle.get(run.vehicleId)!.capacity);
        expect(run.arrivalS).toBeCloseTo(run.legs.reduce((s, l) => s + l.driveS, 0) + run.stops.length * LOADING_TIME_S, 9);
        // Each leg comes with its road geometry, from the leg's start node to its end node.
        for (const leg of run.legs) {
          const path = leg.path!;
          expect(path.length).toBeGreaterThanOrEqual(1);
          const g = core.graph;
          expect(path[0]).toEqual([g.nodeLon[leg.from.node], g.nodeLat[leg.from.node]]);
          expect(path[path.length - 1]).toEqual([g.nodeLon[leg.to.node], g.nodeLat[leg.to.node]]);
        }
      }
    }
    // The centre is well served: the best plan arrives within 30 minutes.
    expect(plans[0]).toMatchObject({ rank: 1, reason: 'fastest', meetsDeadline: true });
    expect(a.destination!.snapDistanceM).toBeLessThan(100);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('answers insufficient_stock for more than the city holds, with what is missing', () => {
    const a = core.plan(floodRequest({ items: [{ itemId: 'n95-mask', quantity: 900_000 }] }));
    expect(a.result).toMatchObject({ ok: false, reason: 'insufficient_stock', missing: [{ itemId: 'n95-mask', requested: 900_000 }] });
  });

  it('answers no_vehicle when every vehicle is busy', () => {
    const a = core.plan(floodRequest({ vehicles: city.fleet.map((v) => ({ ...v, status: 'enroute' as const })) }));
    expect(a.result).toMatchObject({ ok: false, reason: 'no_vehicle' });
  });

  it('answers off_network for a destination far from any road', () => {
    const a = core.plan(floodRequest({ destination: NOWHERE }));
    expect(a.destination).toBeNull();
    expect(a.result).toMatchObject({ ok: false, reason: 'off_network' });
    expect(codeOf(() => core.driveTimes({ destination: NOWHERE }))).toBe('off_network');
  });

  it('skips vehicles whose position is unusable instead of failing the plan', () => {
    const fleet = city.fleet.map((v, i) => (i === 0 ? { ...v, status: 'available' as const, ...NOWHERE } : v));
    const a = core.plan(floodRequest({ vehicles: fleet }));
    expect(a.skippedVehicles).toEqual([{ id: fleet[0]!.id, reason: 'off_network' }]);
    expect(a.result.ok).toBe(true);
  });

  it.each([
    ['an unknown item', { items: [{ itemId: 'unicorn', quantity: 1 }] }, 'unknown_item'],
    ['a negative quantity', { items: [{ itemId: 'life-jacket', quantity: -3 }] }, 'invalid_input'],
    ['a fractional quantity', { items: [{ itemId: 'life-jacket', quantity: 2.5 }] }, 'invalid_input'],
    ['an absurd quantity', { items: [{ itemId: 'life-jacket', quantity: 5e9 }] }, 'invalid_input'],
    ['no items', { items: [] }, 'invalid_input'],
    ['a coordinate that is not a number', { destination: { lon: Number.NaN, lat: 57.7 } }, 'invalid_input'],
    ['a coordinate given as text', { destination: { lon: '11.96', lat: 57.7 } }, 'invalid_input'],
    ['a point outside the city', { destination: { lon: 116.4, lat: 39.9 } }, 'out_of_bounds'],
    ['an unknown priority', { priority: 'purple' }, 'invalid_input'],
  ] as [string, Record<string, unknown>, string][])('rejects %s with %s', (_name, over, code) => {
    expect(codeOf(() => core.plan({ ...floodRequest(), ...over } as PlanArg))).toBe(code);
  });

  it('gives every site its drive time to a destination from one reverse search', () => {
    const a = core.driveTimes({ destination: CENTRE, vehicles: city.fleet.slice(0, 5).map(({ id, lon, lat }) => ({ id, lon, lat })) });
    expect(a.sites).toHaveLength(14);
    for (const s of a.sites) {
      expect(s.timeS).not.toBeNull();
      expect(s.timeS!).toBeLessThan(30 * 60);
    }
    expect(a.vehicles.every((v) => v.timeS !== null)).toBe(true);
    // The same time as a point-to-point route from the site.
    const site = core.info.sites[0]!;
    const r = core.route({ fromNode: site.node!, toNode: a.destination.node });
    expect(r.path!.timeS).toBeCloseTo(a.sites[0]!.timeS!, 6);
  });

  it('routes between two points, and says null where no road leads', () => {
    const r = core.route({ from: { lon: 11.9746, lat: 57.7089 }, to: CENTRE });
    expect(r.path!.coords.length).toBeGreaterThan(2);
    expect(r.path!.timeS).toBeGreaterThan(0);
    expect(codeOf(() => core.route({ fromNode: 0, toNode: 10_000_000 }))).toBe('invalid_input');
    expect(codeOf(() => core.route({ from: NOWHERE, to: CENTRE }))).toBe('off_network');
  });

  it('draws coverage bands; the centre is inside the 15-minute circle', () => {
    const a = core.coverage({});
    expect(a.bands.features.map((f) => f.properties.label)).toEqual(['0–5', '5–15', '15–30', '>30', 'no road']);
    expect(a.bands.features.filter((f) => f.geometry.coordinates.length > 0).length).toBeGreaterThanOrEqual(3);
    const within15 = a.bands.features.filter((f) => f.properties.toMin !== null && f.properties.toMin <= 15);
    const centralPoints: LonLat[] = [
      [CENTRE.lon, CENTRE.lat],
      ...city.sites.map((s) => [s.lon, s.lat] as LonLat),
      [11.9746, 57.7089],
      [11.98, 57.7],
    ];
    const inside = centralPoints.filter((p) => within15.some((f) => inMultiPolygon(p, f.geometry.coordinates)));
    expect(inside.length / centralPoints.length).toBeGreaterThan(0.8);
    expect(codeOf(() => core.coverage({ siteIds: ['nope'] }))).toBe('unknown_site');
    expect(codeOf(() => core.coverage({ levelsMinutes: [15, 5] }))).toBe('invalid_input');
  });

  it('rejects an unknown method', () => {
    expect(codeOf(() => core.handle('dropTables', {}))).toBe('unknown_method');
    expect(codeOf(() => core.handle('__proto__', {}))).toBe('unknown_method');
  });
});

describe('plan legs agree with independent routes', () => {
  it('each leg time equals the fastest route between its ends', () => {
    const a = core.plan(floodRequest({ items: [{ itemId: 'body-camera', quantity: 30 }] }));
    if (!a.result.ok) throw new Error(a.result.message);
    const legs = a.result.plans.flatMap((p: RoutedPlan) => p.runs.flatMap((r) => r.legs));
    for (const leg of legs) {
      // A* from scratch, not the cached destination tree.
      expect(shortestPath(core.graph, leg.from.node, leg.to.node)!.timeS).toBeCloseTo(leg.driveS, 6);
    }
  });
});

/** Ray casting over a MultiPolygon's rings (holes included by the even-odd rule). */
function inMultiPolygon(p: LonLat, mp: number[][][][]): boolean {
  let inside = false;
  for (const poly of mp) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as [number, number];
        const [xj, yj] = ring[j] as [number, number];
        if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

describe('routing core: honest times for what the officer sends', () => {
  it('never plans a restock of a quick-pick point from its own shelf', () => {
    const qp = city.sites.find((s) => s.kind === 'quickpick')!;
    const item = city.stock.find((s) => s.siteId === qp.id && s.quantity > 10)!;
    const a = core.plan(floodRequest({ destination: { lon: qp.lon, lat: qp.lat }, items: [{ itemId: item.itemId, quantity: 5 }] }));
    expect(a.result.ok).toBe(true);
    if (!a.result.ok) return;
    for (const p of a.result.plans) {
      expect(p.siteIds).not.toContain(qp.id);
      expect(p.arrivalS).toBeGreaterThan(LOADING_TIME_S);
    }
  });

  it('times edited runs on the roads: a farther depot and a slower load arrive later than the plan they came from', () => {
    const a = core.plan(floodRequest({ items: [{ itemId: 'helmet', quantity: 12 }] }));
    if (!a.result.ok) throw new Error(a.result.message);
    const best = a.result.plans[0]!;
    const run = best.runs[0]!;
    const v = city.fleet.find((x) => x.id === run.vehicleId)!;
    const same = core.timeRuns({ destination: CENTRE, deadlineS: 1800, runs: [{ vehicleId: v.id, from: { lon: v.lon, lat: v.lat }, capacity: v.capacity, stops: run.stops.map((s) => ({ siteId: s.siteId, items: s.items })) }] });
    // As recommended, the same time the planner gave.
    expect(same.arrivalS).toBeCloseTo(best.arrivalS, 6);
    // From the farthest depot holding helmets instead: later, with its own legs and route.
    const far = city.stock
      .filter((s) => s.itemId === 'helmet' && s.quantity >= 12 && s.siteId !== run.stops[0]!.siteId)
      .map((s) => ({ s, t: core.timeRuns({ destination: CENTRE, deadlineS: 1800, runs: [{ vehicleId: v.id, from: { lon: v.lon, lat: v.lat }, capacity: v.capacity, stops: [{ siteId: s.siteId, items: [{ itemId: 'helmet', quantity: 12 }] }] }] }) }))
      .sort((x, y) => y.t.arrivalS - x.t.arrivalS)[0]!;
    expect(far.t.arrivalS).toBeGreaterThan(best.arrivalS);
    expect(far.t.marginS).toBe(1800 - far.t.arrivalS);
    expect(far.t.runs[0]!.legs).toHaveLength(2);
    for (const l of far.t.runs[0]!.legs) expect(l.path!.length).toBeGreaterThan(1);
    expect(far.t.runs[0]!.loadUnits).toBe(2);
  });

  it('takes a police station as a destination, never as a pickup, even where stock is recorded for it', () => {
    const station = { id: 'ps-centre', kind: 'station' as const, lon: CENTRE.lon + 0.001, lat: CENTRE.lat };
    const withStation = createRoutingCore({ roads: city.roads, sites: [...city.sites, station], itemIds: city.itemIds, packSizes: DEMO_PACK_SIZES });
    // Stock the central should never send for a station, right at the destination: the planner must not take it.
    const stock = [...city.stock, { siteId: station.id, itemId: 'helmet', quantity: 500, safetyLevel: 0 }];
    const a = withStation.plan(floodRequest({ items: [{ itemId: 'helmet', quantity: 12 }], stock }));
    if (!a.result.ok) throw new Error(a.result.message);
    const pickups = a.result.plans.flatMap((p) => p.runs.flatMap((r) => r.stops.map((x) => x.siteId)));
    expect(pickups.length).toBeGreaterThan(0);
    expect(pickups).not.toContain(station.id);
    // It is on the roads, and drive times to it are answered like any site's.
    expect(withStation.info.sites.find((x) => x.siteId === station.id)!.node).not.toBeNull();
    expect(withStation.driveTimes({ destination: CENTRE }).sites.find((x) => x.siteId === station.id)!.timeS).toBeLessThan(120);
    // Coverage is drawn from the supply sites; a run may not stop there to load.
    expect(withStation.coverage({}).sourceSiteIds).not.toContain(station.id);
    const v = city.fleet.find((x) => x.status === 'available')!;
    expect(codeOf(() => withStation.timeRuns({ destination: CENTRE, deadlineS: 1800, runs: [{ vehicleId: v.id, from: { lon: v.lon, lat: v.lat }, capacity: v.capacity, stops: [{ siteId: station.id, items: [{ itemId: 'helmet', quantity: 12 }] }] }] }))).toBe('unknown_site');
  });

  it('predicts the drive left for a trip from where its vehicle is now, via the pickups still to make', () => {
    const depot = city.sites.find((s) => s.kind === 'central')!;
    const v = city.fleet[0]!;
    const [viaDepot, direct] = core.remaining({
      trips: [
        { id: 'a', from: { lon: v.lon, lat: v.lat }, siteIds: [depot.id], destination: CENTRE },
        { id: 'b', from: { lon: v.lon, lat: v.lat }, siteIds: [], destination: CENTRE },
      ],
    }).trips;
    expect(viaDepot).toMatchObject({ id: 'a', stops: 1 });
    expect(direct).toMatchObject({ id: 'b', stops: 0 });
    expect(viaDepot!.driveS!).toBeGreaterThan(direct!.driveS!);
    // A position far from any road (or outside the city) gives no prediction rather than a wrong one.
    expect(core.remaining({ trips: [{ id: 'x', from: NOWHERE, siteIds: [], destination: CENTRE }] }).trips[0]!.driveS).toBeNull();
    expect(core.remaining({ trips: [{ id: 'y', from: { lon: 0, lat: 0 }, siteIds: [], destination: CENTRE }] }).trips[0]!.driveS).toBeNull();
  });
});
