import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeCoverage, NO_ROAD_MINUTES, OUTSIDE_MINUTES, UNREACHABLE_MINUTES } from './coverage';
import { haversineM } from './geo';
import { buildRoadGraph, largestStronglyConnected, type RoadGraph, type RoadWay } from './road-graph';
import { forwardSearch, pathToTarget, reverseSearch, reverseSearchTree, shortestPath, type RoutePath } from './search';
import { createSnapper, type Snapper } from './snap';
import { inPolygons } from './testing/in-polygon';

/**
 * Hand-checked routes on the demo city (central Göteborg, the OSM fixture shipped by
 * geojson-path-finder@2.1.0). Needs resources/demo-city/build/roads.json
 * (`npx tsx scripts/build-demo-city.ts --if-stale`).
 */

const ROADS = fileURLToPath(new URL('../../resources/demo-city/build/roads.json', import.meta.url));
type Roads = { bounds: [number, number, number, number]; ways: RoadWay[] };

let roads: Roads;
let g: RoadGraph;
let inMain: Uint8Array;
let snapper: Snapper;
const node = (lon: number, lat: number): number => {
  for (let i = 0; i < g.nodeCount; i++) if (g.nodeLon[i] === lon && g.nodeLat[i] === lat) return i;
  throw new Error(`no vertex at ${lon},${lat}`);
};

const inMultiPolygon = (p: [number, number], coordinates: number[][][][]) => inPolygons(p, { type: 'MultiPolygon', coordinates });

/** Every edge of the path is a step along its way in a direction the way allows. */
function drivesLegally(p: RoutePath): boolean {
  return p.edges.every((e) => {
    const w = roads.ways[g.edgeWay[e]!]!;
    const at = (k: number, n: number) => w.coords[k]![0] === g.nodeLon[n] && w.coords[k]![1] === g.nodeLat[n];
    const [u, v] = [g.edgeSource[e]!, g.edgeTarget[e]!];
    for (let k = 0; k + 1 < w.coords.length; k++) {
      if (w.oneway >= 0 && at(k, u) && at(k + 1, v)) return true;
      if (w.oneway <= 0 && at(k + 1, u) && at(k, v)) return true;
    }
    return false;
  });
}

beforeAll(() => {
  if (!existsSync(ROADS)) throw new Error(`${ROADS} missing: run npx tsx scripts/build-demo-city.ts first`);
  roads = JSON.parse(readFileSync(ROADS, 'utf8')) as Roads;
  g = buildRoadGraph(roads.ways);
  inMain = largestStronglyConnected(g);
  snapper = createSnapper(g, { accept: inMain });
});

describe('the demo road network', () => {
  it('has the expected size', () => {
    expect(g.nodeCount).toBeGreaterThan(45_000);
    expect(g.edgeCount).toBeGreaterThan(85_000);
  });

  it('drives the one-way Burggrevegatan only in its direction', () => {
    // Burggrevegatan (secondary, oneway=yes, 50 km/h): 6 vertices, about 85 m, drawn west-north-west.
    const w = roads.ways.find((x) => x.name === 'Burggrevegatan' && x.oneway === 1 && x.coords[0]![0] === 11.9708516)!;
    expect(w).toBeDefined();
    const a = node(...(w.coords[0] as [number, number]));
    const b = node(...(w.coords[5] as [number, number]));
    const lengthM = w.coords.slice(1).reduce((s, c, i) => s + haversineM(w.coords[i]![0], w.coords[i]![1], c[0], c[1]), 0);
    expect(lengthM).toBeCloseTo(85.2, 0);

    const ab = shortestPath(g, a, b)!;
    // Along the street: exactly its vertices, at 50 km/h.
    expect(ab.coords).toEqual(w.coords);
    expect(ab.timeS).toBeCloseTo(lengthM / (50 / 3.6), 3);
    expect(ab.timeS).toBeCloseTo(6.13, 2);

    // Back: a detour round the block, never up the one-way street.
    const ba = shortestPath(g, b, a)!;
    expect(ba.timeS).toBeGreaterThan(ab.timeS * 10);
    expect(drivesLegally(ba)).toBe(true);
    for (let i = 0; i + 1 < ba.nodes.length; i++) {
      const [u, v] = [ba.nodes[i]!, ba.nodes[i + 1]!];
      for (let k = 0; k + 1 < w.coords.length; k++) {
        const wrongWay = node(...(w.coords[k + 1] as [number, number])) === u && node(...(w.coords[k] as [number, number])) === v;
        expect(wrongWay).toBe(false);
      }
    }

    // The reverse searches agree, and the times are the sums of the edges' times.
    expect(reverseSearch(g, b)[a]).toBeCloseTo(ab.timeS, 6);
    expect(reverseSearch(g, a)[b]).toBeCloseTo(ba.timeS, 6);
    expect(ba.edges.reduce((s, e) => s + g.edgeTimeS[e]!, 0)).toBeCloseTo(ba.timeS, 9);
  });

  it('gives equal times both ways on a two-way street (Sten Sturegatan)', () => {
    const w = roads.ways.find((x) => x.name === 'Sten Sturegatan' && x.oneway === 0 && x.coords[0]![0] === 11.9774224)!;
    const a = node(...(w.coords[0] as [number, number]));
    const b = node(...(w.coords[w.coords.length - 1] as [number, number]));
    const ab = shortestPath(g, a, b)!;
    const ba = shortestPath(g, b, a)!;
    expect(ab.timeS).toBeCloseTo(ba.timeS, 9);
    expect(ab.coords).toEqual(w.coords);
    expect(ab.timeS).toBeCloseTo(12.37, 2); // about 103 m at 30 km/h
  });

  it('routes on reverse trees are legal and timed as their edges', () => {
    const target = snapper.snap(11.9668, 57.7065); // Brunnsparken, the centre
    expect(target.ok).toBe(true);
    if (!target.ok) return;
    const tree = reverseSearchTree(g, target.node);
    let checked = 0;
    for (let v = 0; v < g.nodeCount; v += 997) {
      if (!inMain[v]) continue;
      const p = pathToTarget(g, tree, v)!;
      expect(drivesLegally(p)).toBe(true);
      expect(p.timeS).toBeCloseTo(tree.timeS[v]!, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('reports nodes that cannot get out as unreachable (Infinity)', () => {
    // A vertex of a one-way piece cut off by the fixture's clipping (outside the strongly connected core).
    const stranded = node(12.0014916, 57.6878877);
    expect(inMain[stranded]).toBe(0);
    const centre = snapper.nearest(11.9668, 57.7065);
    expect(reverseSearch(g, centre)[stranded]).toBe(Infinity);
    expect(shortestPath(g, stranded, centre)).toBeNull();
  });
});

describe('snapping', () => {
  it('snaps to the strongly connected core within 500 m', () => {
    const r = snapper.snap(11.9746, 57.7089);
    expect(r).toMatchObject({ ok: true });
    if (r.ok) {
      expect(r.distanceM).toBeLessThan(50);
      expect(inMain[r.node]).toBe(1);
    }
    // A point on a stranded vertex snaps to a routable one instead.
    const s = snapper.snap(12.0014916, 57.6878877);
    expect(s.ok && inMain[s.node] === 1).toBe(true);
  });

  it('calls a point far from any road off the network instead of snapping it', () => {
    // Inside the city's bounds, 3.7 km from the nearest road.
    const r = snapper.snap(12.0918, 57.652);
    expect(r).toMatchObject({ ok: false, code: 'off_network' });
    if (!r.ok) expect(r.nearestDistanceM).toBeGreaterThan(3000);
    expect(snapper.snap(Number.NaN, 57.7)).toMatchObject({ ok: false });
  });
});

describe('coverage', () => {
  it('draws 0–5, 5–15, 15–30 and >30 minute bands from the depots and quick-pick points', () => {
    const city = JSON.parse(readFileSync(fileURLToPath(new URL('../../resources/demo-city/build/city.json', import.meta.url)), 'utf8')) as {
      sites: { lon: number; lat: number }[];
    };
    const sources = city.sites.map((s) => snapper.nearest(s.lon, s.lat));
    expect(sources.every((n) => n >= 0)).toBe(true);
    const { bands, grid } = computeCoverage(g, snapper, sources, { bounds: roads.bounds });
    expect(bands.features.map((f) => f.properties.label)).toEqual(['0–5', '5–15', '15–30', '>30', 'no road']);
    expect(bands.features.map((f) => f.properties.kind)).toEqual(['time', 'time', 'time', 'beyond', 'no_road']);
    // Every band with cells is drawn, and none without (no slivers where classes meet).
    for (const f of bands.features) expect(f.geometry.coordinates.length > 0, f.properties.label).toBe(f.properties.cellShare > 0);
    expect(bands.features.filter((f) => f.geometry.coordinates.length > 0).length).toBeGreaterThanOrEqual(3);
    expect(grid.minutes.every((m) => Number.isFinite(m))).toBe(true);
    // The shares are of the city: they add up to 1 without the surroundings.
    expect(bands.features.reduce((n, f) => n + f.properties.cellShare, 0)).toBeCloseTo(1, 6);

    // The river and the harbour inside the city are "no road"; the empty corners of the
    // network's bounding box are outside, and no band covers them.
    const outside: [number, number][] = [];
    const river: [number, number][] = [];
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.cols; c++) {
        const p: [number, number] = [grid.west + c * grid.lonStep, grid.south + r * grid.latStep];
        const m = grid.minutes[r * grid.cols + c];
        if (m === OUTSIDE_MINUTES) outside.push(p);
        // Göta älv between Lindholmen and the centre: water in the middle of the city.
        if (m === NO_ROAD_MINUTES && haversineM(p[0], p[1], 11.955, 57.709) < 1200) river.push(p);
      }
    }
    expect(river.length).toBeGreaterThan(5);
    console.log(`coverage grid ${grid.cols}×${grid.rows}: ${outside.length} cells outside the city, not drawn`);
    expect(outside.length).toBeGreaterThan(grid.cols * grid.rows * 0.05);
    // Sample the outside cells well clear of the city's edge: none lies in a band.
    const deep = outside.filter(([lon, lat]) => snapper.nearest(lon, lat, 900) < 0);
    expect(deep.length).toBeGreaterThan(20);
    for (const p of deep.filter((_, i) => i % 7 === 0)) {
      for (const f of bands.features) expect(inMultiPolygon(p, f.geometry.coordinates), `${p} in ${f.properties.label}`).toBe(false);
    }
    const noRoad = bands.features.find((f) => f.properties.kind === 'no_road')!;
    for (const p of river) expect(inMultiPolygon(p, noRoad.geometry.coordinates), `${p} has no road`).toBe(true);

    // The centre (2 km around Brunnsparken): where there are roads, 15 minutes covers most of it.
    const times = forwardSearch(g, sources);
    let roadCells = 0;
    let within15 = 0;
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.cols; c++) {
        const lon = grid.west + c * grid.lonStep;
        const lat = grid.south + r * grid.latStep;
        if (haversineM(lon, lat, 11.9668, 57.7065) > 2000) continue;
        const n = snapper.nearest(lon, lat, 150);
        if (n < 0) continue;
        roadCells++;
        if (grid.minutes[r * grid.cols + c]! <= 15) within15++;
        // A road's cell has its time, or "beyond" when over the highest level.
        const m = grid.minutes[r * grid.cols + c]!;
        if (times[n]! / 60 < 30) expect(m).toBeCloseTo(times[n]! / 60, 3);
        else expect(m).toBe(UNREACHABLE_MINUTES);
      }
    }
    expect(roadCells).toBeGreaterThan(100);
    expect(within15 / roadCells).toBeGreaterThan(0.9);
  });

  it('tells roads beyond the highest level (">3 min" here) from places without a road', () => {
    const city = JSON.parse(readFileSync(fileURLToPath(new URL('../../resources/demo-city/build/city.json', import.meta.url)), 'utf8')) as { sites: { lon: number; lat: number }[] };
    const sources = city.sites.map((s) => snapper.nearest(s.lon, s.lat));
    const { bands, grid } = computeCoverage(g, snapper, sources, { bounds: roads.bounds, levelsMinutes: [1, 2, 3] });
    const beyond = bands.features.find((f) => f.properties.kind === 'beyond')!;
    const noRoad = bands.features.find((f) => f.properties.kind === 'no_road')!;
    expect(beyond.properties.label).toBe('>3');
    expect(beyond.properties.cellShare).toBeGreaterThan(0.1);
    // A road cell more than 3 minutes out is in the beyond band, not in "no road".
    const times = forwardSearch(g, sources);
    let checked = 0;
    for (let r = 2; r < grid.rows - 2 && checked < 20; r += 3) {
      for (let c = 2; c < grid.cols - 2 && checked < 20; c += 3) {
        const p: [number, number] = [grid.west + c * grid.lonStep, grid.south + r * grid.latStep];
        const n = snapper.nearest(p[0], p[1], 150);
        if (n < 0 || !(times[n]! / 60 > 4)) continue;
        // Its whole neighbourhood beyond too, so the point is not on the band's soft edge.
        const around = [-1, 0, 1].flatMap((dr) => [-1, 0, 1].map((dc) => grid.minutes[(r + dr) * grid.cols + c + dc]));
        if (!around.every((m) => m === UNREACHABLE_MINUTES)) continue;
        expect(inMultiPolygon(p, beyond.geometry.coordinates), `${p} beyond`).toBe(true);
        expect(inMultiPolygon(p, noRoad.geometry.coordinates), `${p} not "no road"`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});
