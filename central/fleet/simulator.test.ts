import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesPageSchema, type Change } from '../../shared/central-api';
import { VEHICLE_STATUSES, type VehicleStatus } from '../../shared/domain';
import { decodePositions } from '../../shared/positions-codec';
import { loadCity } from '../city';
import { roadsFileSchema } from '../../city/city-file';
import { generateFleet, placeFleet } from '../../city/fleet';
import { DEFAULT_CITY_DIR } from '../../city/demo-manifest';
import { haversineM, pointSegmentDistanceM } from '../../shared/city/roads';
import { createCentralServer, type CentralServer } from '../server';
import { createSimulator, DISTANCE_REPORT_M, type DistanceUpdate } from './simulator';
import { centralFetch, connectLive, ensureDemoCity, tempDir, type LiveClient } from '../test-support';

const tmp = tempDir('jb-sim-');
let server: CentralServer;
let live: LiveClient;
let seedHead = 0;

beforeAll(async () => {
  await ensureDemoCity();
  // 20× time: a minute of ticks is twenty minutes of duty, enough for whole dispatch cycles.
  server = await createCentralServer({ dbPath: tmp.db(), simulate: false, speedFactor: 20, routeSliceMs: Infinity });
  live = await connectLive(server.url);
  await live.next(); // hello
  // Where the seed ends (sites, items, stock, vehicles, the demo accounts, the readiness ledger):
  // nothing has ticked yet, so every change after it is the simulator's.
  for (let more = true; more; ) {
    const page = changesPageSchema.parse(await centralFetch(`${server.url}/changes?since=${seedHead}&limit=1000`).then((r) => r.json()));
    seedHead = page.cursor;
    more = page.hasMore;
  }
});
afterAll(async () => {
  await live?.close();
  await server?.close();
  tmp.remove();
});

/** Directed segments the roads allow, read straight from roads.json (not from the graph under test). */
function allowedSegments(): { allowed: Set<string>; segments: [number, number, number, number][] } {
  const roads = roadsFileSchema.parse(JSON.parse(readFileSync(join(DEFAULT_CITY_DIR, 'roads.json'), 'utf8')));
  const allowed = new Set<string>();
  const segments: [number, number, number, number][] = [];
  for (const w of roads.ways) {
    for (let i = 1; i < w.coords.length; i++) {
      const a = w.coords[i - 1]!;
      const b = w.coords[i]!;
      segments.push([a[0], a[1], b[0], b[1]]);
      if (w.oneway >= 0) allowed.add(`${a[0]},${a[1]}>${b[0]},${b[1]}`);
      if (w.oneway <= 0) allowed.add(`${b[0]},${b[1]}>${a[0]},${a[1]}`);
    }
  }
  return { allowed, segments };
}

describe('simulator on the demo city', () => {
  it('drives vehicles along roads, never against a oneway, through plausible status cycles', async () => {
    const { allowed } = allowedSegments();
    const start = new Map<number, [number, number]>();
    const moved = new Set<number>();
    let checkedOnEdge = 0;
    for (let t = 0; t < 60; t++) {
      server.simulator.tick(1);
      const frame = await live.next((f) => f.kind === 'binary');
      const batch = decodePositions(frame.kind === 'binary' ? frame.data : Buffer.alloc(0));
      expect(batch.rejected).toBe(0);
      for (let i = 0; i < batch.count; i++) {
        const no = batch.vehicleNo[i]!;
        const lon = batch.lon[i]!;
        const lat = batch.lat[i]!;
        const first = start.get(no);
        if (!first) start.set(no, [lon, lat]);
        else if (haversineM(first[0], first[1], lon, lat) > 20) moved.add(no);
        const seg = server.simulator.segment(no);
        if (!seg) continue;
        checkedOnEdge++;
        expect(allowed.has(`${seg.from[0]},${seg.from[1]}>${seg.to[0]},${seg.to[1]}`), `vehicle ${no} on ${JSON.stringify(seg)}`).toBe(true);
        // f32 coordinates are good to ~0.1 m here; interpolation puts vehicles on the segment.
        expect(pointSegmentDistanceM(lon, lat, seg.from[0], seg.from[1], seg.to[0], seg.to[1])).toBeLessThan(2);
        expect(batch.speedKmh[i]).toBeGreaterThan(0);
        expect(batch.speedKmh[i]).toBeLessThanOrEqual(110);
      }
    }
    expect(checkedOnEdge).toBeGreaterThan(1000);
    expect(moved.size).toBeGreaterThan(40);

    // The simulator's status changes arrive through the change feed, one vehicle row each.
    const changes: Change[] = [];
    let since = seedHead;
    for (;;) {
      const page = changesPageSchema.parse(await centralFetch(`${server.url}/changes?since=${since}&limit=1000`).then((r) => r.json()));
      changes.push(...page.changes);
      since = page.cursor;
      if (!page.hasMore) break;
    }
    const transitions = new Set<string>();
    const last = new Map<string, VehicleStatus>();
    const { city } = loadCity(DEFAULT_CITY_DIR);
    for (const v of city.vehicles) last.set(v.id, v.status);
    const odometer = new Map<string, number>();
    let mileageOnly = 0;
    for (const c of changes) {
      expect(c.table).toBe('vehicle');
      if (c.op !== 'upsert' || c.table !== 'vehicle') continue;
      // The trackers' mileage comes the same way: the odometer only ever goes on.
      const km = c.row.service?.odometerKm;
      if (km !== undefined) {
        expect(km, `${c.key}'s odometer`).toBeGreaterThanOrEqual(odometer.get(c.key) ?? 0);
        odometer.set(c.key, km);
      }
      if (c.row.status === last.get(c.key)) {
        mileageOnly++;
        continue;
      }
      transitions.add(`${last.get(c.key)}>${c.row.status}`);
      last.set(c.key, c.row.status);
    }
    expect(changes.length).toBeGreaterThan(20);
    expect(mileageOnly).toBeGreaterThan(0);
    // Only the duty cycle's steps, never e.g. available → atscene or into the workshop.
    const cycle = new Set(['available>enroute', 'enroute>atscene', 'atscene>returning', 'returning>available']);
    for (const t of transitions) expect(cycle.has(t), t).toBe(true);
    expect(transitions.size).toBe(4);
    // Parked vehicles stay put.
    for (const v of city.vehicles.filter((x) => x.status === 'maintenance')) {
      expect(server.simulator.statusOf(v.id)).toBe('maintenance');
      expect(server.simulator.segment(v.no)).toBeNull();
    }
  });
});

describe('the trackers’ mileage', () => {
  it('reports what each vehicle drove, 5 km at a time and the rest when it parks at home', () => {
    const { city, graph, inMain } = loadCity(DEFAULT_CITY_DIR);
    const reports: DistanceUpdate[] = [];
    const parked = new Set<string>();
    const sim = createSimulator({
      graph,
      inMain,
      vehicles: city.vehicles,
      sites: city.sites,
      starts: city.vehicleStarts,
      routeSliceMs: Infinity,
      onDistance: (u) => reports.push(...u),
      onStatusChanges: (u) => u.forEach((x) => x.status === 'available' && parked.add(x.id)),
    });
    try {
      // Forty minutes of duty in quarter seconds, the distance measured from the positions.
      const measuredM = new Map<number, number>();
      const prev = new Map<number, [number, number]>();
      const dt = 0.25;
      for (let k = 0; k < (40 * 60) / dt; k++) {
        sim.step(dt);
        for (const p of sim.positions(k)) {
          const q = prev.get(p.vehicleNo);
          if (q) measuredM.set(p.vehicleNo, (measuredM.get(p.vehicleNo) ?? 0) + haversineM(q[0], q[1], p.lon, p.lat));
          prev.set(p.vehicleNo, [p.lon, p.lat]);
        }
      }
      const reportedKm = new Map<string, number>();
      for (const r of reports) {
        // A report is DISTANCE_REPORT_M and at most one quarter second's driving more, or the rest at parking.
        expect(r.km).toBeGreaterThan(0.099);
        expect(r.km).toBeLessThan(DISTANCE_REPORT_M / 1000 + 0.01);
        reportedKm.set(r.id, (reportedKm.get(r.id) ?? 0) + r.km);
      }
      expect(reports.filter((r) => r.km >= DISTANCE_REPORT_M / 1000).length).toBeGreaterThan(10);
      expect(reports.filter((r) => r.km < DISTANCE_REPORT_M / 1000).length, 'reports on parking at home').toBeGreaterThan(0);
      expect(parked.size).toBeGreaterThan(0);
      let compared = 0;
      for (const v of city.vehicles) {
        const measured = (measuredM.get(v.no) ?? 0) / 1000;
        const reported = reportedKm.get(v.id) ?? 0;
        // Never more than it drove (chords cut corners by well under 1%), and at most one
        // report's worth less (what it has driven since its last report).
        expect(reported, `${v.id}: reported ${reported} km, drove ${measured} km`).toBeLessThanOrEqual(measured * 1.01 + 0.01);
        expect(reported, `${v.id}: reported ${reported} km, drove ${measured} km`).toBeGreaterThan(measured - DISTANCE_REPORT_M / 1000 - 0.01);
        if (measured > 10) compared++;
      }
      expect(compared).toBeGreaterThan(20);
      // Parked vehicles drive nothing.
      for (const v of city.vehicles.filter((x) => x.status === 'maintenance' || x.status === 'offline')) expect(reportedKm.get(v.id) ?? 0).toBe(0);
    } finally {
      sim.dispose();
    }
  });
});

describe('simulator at scale', () => {
  it('steps 10,000 vehicles in a few milliseconds, routing in slices', () => {
    const { city, graph, inMain } = loadCity(DEFAULT_CITY_DIR);
    const vehicles = generateFleet(10_000, city.sites);
    const sim = createSimulator({
      graph,
      inMain,
      vehicles,
      sites: city.sites,
      starts: placeFleet(vehicles, city.sites, graph, inMain),
      routeSliceMs: 4,
      speedFactor: 1,
    });
    try {
      const times: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t0 = performance.now();
        sim.step(1);
        times.push(performance.now() - t0);
        sim.positions(Date.now());
      }
      times.sort((a, b) => a - b);
      const median = times[times.length >> 1]!;
      // Generous bounds for a shared two-core CI machine: the work is ~1 ms of moving
      // plus one 4 ms routing slice.
      expect(median).toBeLessThan(25);
      expect(sim.stats().routesComputed).toBeGreaterThan(0);
      expect(sim.positions(0).length).toBeGreaterThan(9_900);
      const statuses = new Set(VEHICLE_STATUSES);
      for (const v of vehicles.slice(0, 50)) expect(statuses.has(sim.statusOf(v.id)!)).toBe(true);
    } finally {
      sim.dispose();
    }
  });
});
