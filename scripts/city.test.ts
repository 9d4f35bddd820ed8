/**
 * A real extract, `../shared/data/monaco.osm.pbf` (Monaco and its neighbours, 2016, from
 * OSRM's test data): its roads, routes on them with one-ways respected, and the ways an
 * import must refuse a file (truncated, corrupt, not OSM, no roads, cancelled) without
 * leaving anything behind. Skipped, saying so, where ../shared is absent.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { blobPayload, decodePrimitiveBlock, frameHeaderLength, parseBlobHeader } from '../shared/city/osm-pbf';
import { createVertexIndex, haversineM } from '../shared/city/roads';
import { roadsFileSchema } from '../shared/city/roads-file';
import { namesFileSchema } from '../shared/city/street-index';
import { buildRoadGraph, createRouter, largestStronglyConnected } from '../shared/routing/road-graph';
import { VectorTile } from '@mapbox/vector-tile';
import Database from 'better-sqlite3';
import { PbfReader } from 'pbf';
import { createCentralServer } from '../central/server';
import { ensureDemoCity } from '../central/test-support';
import { cityFileSchema } from '../city/city-file';
import { cityRoadsPath, listCities, resolveCityDir, writeCity } from '../city/city-store';
import { createBackend } from '../electron/backend/backend';
import type { MethodResult } from '../shared/board-api';
import { insideRing } from '../shared/polygon';
import { importRoads } from '../city/osm-import';
import { codeOf, tempDir, testCacheKey, waitFor } from '../electron/backend/test-support';
import { main as cityCli } from './city';

const MONACO = resolve(import.meta.dirname, '../../shared/data/monaco.osm.pbf');
const present = existsSync(MONACO);
if (!present) console.warn(`city import: ${MONACO} is absent (../shared/data); the Monaco import tests are skipped`);

/** The file's blobs: [offset, end) of each frame, and its type. */
function frames(buf: Uint8Array): { offset: number; end: number; type: string; dataStart: number }[] {
  const out = [];
  let off = 0;
  while (off < buf.length) {
    const hl = frameHeaderLength(buf.subarray(off, off + 4), off);
    const h = parseBlobHeader(buf.subarray(off + 4, off + 4 + hl), off);
    out.push({ offset: off, end: off + 4 + hl + h.datasize, type: h.type, dataStart: off + 4 + hl });
    off += 4 + hl + h.datasize;
  }
  return out;
}

beforeAll(async () => {
  // The central's default city (the demo) must exist for the "another city" refusal.
  await ensureDemoCity();
}, 120_000);

describe.skipIf(!present)('importing monaco.osm.pbf', () => {
  const { roads, summary, map } = present ? importRoads(MONACO) : ({} as ReturnType<typeof importRoads>);

  it('reads its drivable roads: the counts, the length, the area', () => {
    // Figures cross-checked with an independent reader (tiny-osmpbf): 180,118 nodes,
    // 27,377 ways, 2,927 with a highway tag, 1,749 drivable (3 of them degenerate).
    expect(summary).toMatchObject({ roads: 1746, oneWays: 681, graphNodes: 16118, graphEdges: 28338, clippedWays: 0, fileBytes: 1759101 });
    // The base map besides the roads (tiny-osmpbf counts 23,370 building ways; those the
    // extract clipped are left out) and the place names (19 of its 31 place nodes are towns,
    // suburbs, quarters or villages). Of its 212 relations, 6 are multipolygons that make an area
    // (3 buildings, 2 parks, 1 land use); 5 are drawn: one has no closed ring inside the extract.
    // mapAreas is 169 closed ways, 2 multipolygon polygons and the sea (one polygon, from its 28 coastline ways).
    expect(summary).toMatchObject({ places: 19, mapAreas: 172, multipolygons: 5, sea: 'drawn' });
    expect(summary.buildings).toBeGreaterThan(23_000);
    expect(summary.buildings).toBeLessThanOrEqual(23_370);
    expect(summary.roadKm).toBeCloseTo(351, 0);
    expect(summary.connectedShare).toBeGreaterThan(0.9);
    // Monaco and its neighbours: between Cap-d'Ail and Roquebrune, Beausoleil above.
    const [w, s, e, n] = summary.bounds;
    expect(w).toBeGreaterThan(7.34);
    expect(e).toBeLessThan(7.5);
    expect(s).toBeGreaterThan(43.71);
    expect(n).toBeLessThan(43.78);
    expect(roadsFileSchema.safeParse(roads).success).toBe(true);
    expect(roads.ways.some((w) => w.name === 'Boulevard Princesse Charlotte')).toBe(true);
  });

  it('draws the sea from its coastline, on the right side of it: off Larvotto and Fontvieille and in the port, not on the land', () => {
    const water = [...Array(map.areas.length).keys()].map((i) => map.areas.feature(i)).filter((f) => f.properties.class === 'water');
    const isWater = (x: number, y: number) =>
      water.some((f) => {
        const [outer, ...holes] = (f.geometry as { coordinates: number[][][] }).coordinates;
        return insideRing(x, y, outer!.flat()) && !holes.some((h) => insideRing(x, y, h.flat()));
      });
    expect(isWater(7.44, 43.745)).toBe(true); // off Larvotto beach
    expect(isWater(7.423, 43.724)).toBe(true); // off Fontvieille
    expect(isWater(7.4255, 43.735)).toBe(true); // Port Hercule
    expect(isWater(7.428, 43.7394)).toBe(false); // the casino
    expect(isWater(7.4203, 43.7314)).toBe(false); // the palace, on the Rock
    expect(isWater(7.415, 43.729)).toBe(false); // Fontvieille's streets
  });

  const graph = present ? buildRoadGraph(roads.ways) : (null as never);
  const main = present ? largestStronglyConnected(graph) : (null as never);
  const router = present ? createRouter(graph) : (null as never);
  const vertex = present ? createVertexIndex(graph.nodeLon, graph.nodeLat, (i) => main[i] === 1) : (null as never);
  const nodeAt = new Map<string, number>();
  if (present) for (let i = 0; i < graph.nodeCount; i++) nodeAt.set(`${graph.nodeLon[i]},${graph.nodeLat[i]}`, i);
  const routeS = (from: number, to: number): number | null => {
    const path = router.shortestPath(from, to);
    return path ? path.reduce((t, e) => t + graph.edgeTimeS[e]!, 0) : null;
  };

  it('routes between known places in a plausible time', () => {
    const places = {
      casino: [7.4283, 43.7394], // Casino de Monte-Carlo
      palace: [7.4199, 43.7314], // Palais Princier, Monaco-Ville
      fontvieille: [7.4155, 43.7273], // Stade Louis II
      beausoleil: [7.4230, 43.7440], // Beausoleil, above Monte-Carlo
    } as const;
    const at = (p: readonly [number, number]) => vertex.nearest(p[0], p[1]);
    for (const [a, b] of [['casino', 'palace'], ['palace', 'fontvieille'], ['fontvieille', 'beausoleil'], ['beausoleil', 'casino']] as const) {
      const pa = places[a];
      const pb = places[b];
      // Each place is on the network, within 150 m of a road node.
      expect(haversineM(pa[0], pa[1], graph.nodeLon[at(pa)]!, graph.nodeLat[at(pa)]!)).toBeLessThan(150);
      const s = routeS(at(pa), at(pb));
      expect(s, `${a} → ${b}`).not.toBeNull();
      // No faster than a straight line at 70 km/h, no slower than 15 minutes across a 2 km town.
      expect(s!, `${a} → ${b}`).toBeGreaterThan(haversineM(pa[0], pa[1], pb[0], pb[1]) / (70 / 3.6));
      expect(s!, `${a} → ${b}`).toBeLessThan(15 * 60);
    }
  });

  it('never drives against a one-way street', () => {
    // Every directed pair of nodes a one-way way forbids (unless a two-way way also joins them).
    const forbidden = new Set<string>();
    const allowed = new Set<string>();
    const key = (p: readonly number[], q: readonly number[]) => `${nodeAt.get(`${p[0]},${p[1]}`)}>${nodeAt.get(`${q[0]},${q[1]}`)}`;
    for (const w of roads.ways) {
      for (let i = 1; i < w.coords.length; i++) {
        const [p, q] = [w.coords[i - 1]!, w.coords[i]!];
        if (w.oneway === 1) forbidden.add(key(q, p));
        else if (w.oneway === -1) forbidden.add(key(p, q));
        else {
          allowed.add(key(p, q));
          allowed.add(key(q, p));
        }
        if (w.oneway === 1) allowed.add(key(p, q));
        if (w.oneway === -1) allowed.add(key(q, p));
      }
    }
    for (const k of allowed) forbidden.delete(k);
    expect(forbidden.size).toBeGreaterThan(1000);
    // The graph holds no forbidden edge, and routes back along 60 one-way streets detour.
    for (let e = 0; e < graph.edgeCount; e++) expect(forbidden.has(`${graph.edgeSource[e]}>${graph.edgeTarget[e]}`)).toBe(false);
    const oneWays = roads.ways.filter((w) => w.oneway === 1 && w.coords.length >= 2);
    let checked = 0;
    for (const w of oneWays) {
      const from = nodeAt.get(`${w.coords[0]![0]},${w.coords[0]![1]}`)!;
      const to = nodeAt.get(`${w.coords.at(-1)![0]},${w.coords.at(-1)![1]}`)!;
      if (main[from] !== 1 || main[to] !== 1 || from === to) continue;
      const back = router.shortestPath(to, from)!;
      for (const e of back) expect(forbidden.has(`${graph.edgeSource[e]}>${graph.edgeTarget[e]}`), `route back along way ${w.name ?? '(unnamed)'}`).toBe(false);
      if (++checked === 60) break;
    }
    expect(checked).toBe(60);
  });

  it('is written as a versioned city the CLI lists, and a second import replaces it whole', () => {
    const tmp = tempDir('jb-city-');
    try {
      const out: string[] = [];
      expect(cityCli(['import', MONACO, '--dir', tmp.dir], (l) => out.push(l), (l) => out.push(l))).toBe(0);
      expect(out).toContain('reading the roads 0%');
      expect(out).toContain('building the road graph 100%');
      const last = JSON.parse(out.at(-1)!) as { name: string; roads: number; version: string };
      expect(last).toMatchObject({ name: 'monaco', roads: 1746 });
      expect(listCities(tmp.dir).map((c) => c.name)).toEqual(['monaco']);
      const first = cityRoadsPath(tmp.dir, 'monaco')!;
      expect(roadsFileSchema.parse(JSON.parse(readFileSync(first, 'utf8'))).ways).toHaveLength(1746);
      // The street index of the whole city, beside the base map.
      const names = namesFileSchema.parse(JSON.parse(readFileSync(join(first, '..', 'names.json'), 'utf8')));
      expect(names.streets.length).toBeGreaterThan(300);
      expect(names.streets.map((s) => s.name)).toContain('Boulevard Princesse Charlotte');
      // And its named places, each at its own point.
      expect(names.places.length).toBeGreaterThanOrEqual(10);
      expect(names.places.map((p) => p.name)).toEqual(expect.arrayContaining(['Monte-Carlo', 'La Condamine']));
      const condamine = names.places.find((p) => p.name === 'La Condamine')!;
      expect(condamine.lon).toBeCloseTo(7.42, 1);
      expect(condamine.lat).toBeCloseTo(43.735, 1);
      // Again under the same name: a new version, the pointer moved, no temporary left.
      const again = writeCity(tmp.dir, 'monaco', roads, summary, MONACO);
      expect(again.version).not.toBe(last.version);
      expect(cityRoadsPath(tmp.dir, 'monaco')).toContain(again.version);
      expect(readdirSync(join(tmp.dir, 'monaco')).filter((f) => f.startsWith('.'))).toEqual([]);
    } finally {
      tmp.remove();
    }
  });

  it('with sites, becomes a city the central and the board run a drill on: a plan for a request on Monaco\'s roads', async () => {
    const tmp = tempDir('jb-city-drill-');
    const cleanups: (() => Promise<void> | void)[] = [() => tmp.remove()];
    try {
      const sitesCsv = join(tmp.dir, 'sites.csv');
      writeFileSync(
        sitesCsv,
        [
          'id,kind,name,nameEn,address,lon,lat',
          'mc-central,central,摩纳哥中心库,Monaco Central Depot,Avenue Albert II,7.4155,43.7290',
          'mc-east,regional,蒙特卡洛区域库,Monte-Carlo Regional Depot,Avenue Princesse Grace,7.4350,43.7455',
          'mc-west,regional,芳特维耶区域库,Fontvieille Regional Depot,Rue du Port,7.4190,43.7265',
          'mc-qp1,quickpick,快取点01·赌场广场,Quick-pick 01 · Place du Casino,Place du Casino,7.4280,43.7394',
          'mc-qp2,quickpick,快取点02·王宫广场,Quick-pick 02 · Place du Palais,Place du Palais,7.4203,43.7314',
          'mc-qp3,quickpick,快取点03·港口,Quick-pick 03 · Port Hercule,Quai Albert Ier,7.4245,43.7350',
        ].join('\n'),
      );
      const cities = join(tmp.dir, 'cities');
      const lines: string[] = [];
      expect(cityCli(['import', MONACO, '--dir', cities, '--sites', sitesCsv, '--vehicles', '30'], (l) => lines.push(l), (l) => lines.push(l)), lines.join('\n')).toBe(0);
      expect(lines).toContain('placing the sites and the fleet');
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ name: 'monaco', sites: 6, vehicles: 30, tiles: expect.any(Number) });
      const cityDir = resolveCityDir('monaco', cities);
      const city = cityFileSchema.parse(JSON.parse(readFileSync(join(cityDir, 'city.json'), 'utf8')));
      expect(city.sites.map((s) => s.id)).toEqual(['mc-central', 'mc-east', 'mc-west', 'mc-qp1', 'mc-qp2', 'mc-qp3']);
      // Each site was moved onto the road network (the coordinates above are approximate).
      expect(Math.max(...city.sites.map((s, i) => haversineM(s.lon, s.lat, [7.4155, 7.435, 7.419, 7.428, 7.4203, 7.4245][i]!, [43.729, 43.7455, 43.7265, 43.7394, 43.7314, 43.735][i]!)))).toBeLessThan(300);
      // The base map has tiles with road names in it.
      const tiles = new Database(join(cityDir, 'basemap.mbtiles'), { readonly: true });
      cleanups.push(() => void tiles.close());
      expect((tiles.prepare('SELECT COUNT(*) AS n FROM tiles').get() as { n: number }).n).toBeGreaterThan(50);
      const layerIds = (JSON.parse((tiles.prepare("SELECT value FROM metadata WHERE name = 'json'").get() as { value: string }).value) as { vector_layers: { id: string }[] }).vector_layers.map((l) => l.id);
      expect(layerIds).toEqual(['roads', 'areas', 'buildings', 'places']);
      // At zoom 16 over Monte-Carlo the tile holds buildings and the district's name; at 12, no buildings.
      const tileAt = (z: number, lon: number, lat: number) => {
        const x = Math.floor(((lon + 180) / 360) * 2 ** z);
        const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
        const row = tiles.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').get(z, x, 2 ** z - 1 - y) as { tile_data: Buffer } | undefined;
        return row ? new VectorTile(new PbfReader(row.tile_data)) : null;
      };
      const z16 = tileAt(16, 7.4265, 43.7395)!;
      expect(z16.layers.buildings!.length).toBeGreaterThan(10);
      expect(z16.layers.roads!.length).toBeGreaterThan(10);
      const z14 = tileAt(14, 7.4265, 43.7395)!;
      const names = Array.from({ length: z14.layers.places?.length ?? 0 }, (_, i) => z14.layers.places!.feature(i).properties.name);
      expect(names).toContain('Monte-Carlo');
      expect(tileAt(12, 7.4265, 43.7395)!.layers.buildings).toBeUndefined();
      expect((tiles.prepare("SELECT value FROM metadata WHERE name = 'bounds'").get() as { value: string }).value.split(',').map(Number)[0]).toBeCloseTo(7.349, 2);

      // The central runs the drill on it; the board plans a request at the casino.
      const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, cityDir, tickMs: 250 });
      cleanups.push(() => central.close());
      expect(central.simulator.vehicleCount).toBe(30);
      const backend = createBackend({ cacheKey: testCacheKey(), dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: join(cityDir, 'basemap.mbtiles'), log: () => {}, demo: true });
      cleanups.push(() => backend.close());
      backend.start();
      await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 0, 'synced with the Monaco central', 20_000);
      await waitFor(async () => ((await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).positions.length >= 20, 'vehicle positions (a few of the fleet are off duty and silent)', 20_000);
      const planned = (await backend.call('dispatch.plan', { destination: { lon: 7.4285, lat: 43.7392 }, items: [{ itemId: city.items[0]!.id, quantity: 2 }], priority: 'orange' })) as MethodResult<'dispatch.plan'>;
      if (!planned.ok) throw new Error(planned.message);
      expect(planned.plans.length).toBeGreaterThan(0);
      const best = planned.plans[0]!;
      // Across a 2 km town: minutes, not hours; from one of the Monaco sites.
      expect(best.arrivalS).toBeGreaterThan(30);
      expect(best.arrivalS).toBeLessThan(20 * 60);
      expect(best.runs[0]!.siteIds.every((id) => id.startsWith('mc-'))).toBe(true);

      // A database seeded for one city refuses to start on another.
      await central.close();
      await expect(createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, simulate: false })).rejects.toThrow(/holds the city monaco .* not Göteborg demo city/);
    } finally {
      for (const c of cleanups.reverse()) await c();
    }
  }, 120_000);

  describe('refuses a bad file with its reason and leaves the cities as they were', () => {
    const buf = present ? new Uint8Array(readFileSync(MONACO)) : new Uint8Array();
    const blocks = present ? frames(buf) : [];

    const refused = (bytes: Uint8Array | string, name: string) => {
      const tmp = tempDir('jb-city-bad-');
      try {
        const file = join(tmp.dir, name);
        writeFileSync(file, bytes);
        const cities = join(tmp.dir, 'cities');
        mkdirSync(cities);
        const lines: string[] = [];
        const code = cityCli(['import', file, '--dir', cities], (l) => lines.push(l), (l) => lines.push(l));
        // Nothing written: no city folder, no temporary.
        expect(readdirSync(cities)).toEqual([]);
        return { code, message: lines.at(-1) ?? '', direct: codeOf(() => importRoads(file)) };
      } finally {
        tmp.remove();
      }
    };

    it('truncated', () => {
      const r = refused(buf.subarray(0, Math.floor(buf.length * 0.6)), 'cut.osm.pbf');
      expect(r.code).toBe(1);
      expect(r.message).toMatch(/^city import failed \(truncated\): the file is cut short/);
      expect(r.direct).toMatch(/^truncated:/);
    });

    it('corrupt: a data blob with its bytes garbled', () => {
      expect(blocks.length).toBeGreaterThan(3);
      const copy = buf.slice();
      const b = blocks[2]!;
      for (let i = b.dataStart + 40; i < b.dataStart + 400; i++) copy[i] = (copy[i]! * 7 + 13) & 0xff;
      const r = refused(copy, 'garbled.osm.pbf');
      expect(r.code).toBe(1);
      expect(r.direct).toMatch(/^corrupt: .*byte \d+/);
    });

    it('not OSM at all: a JSON file, a PNG, an empty file', () => {
      expect(refused('{"type":"FeatureCollection","features":[]}', 'x.osm.pbf').direct).toMatch(/^not_osm: this is not an OpenStreetMap PBF file/);
      expect(refused(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'x.png').direct).toMatch(/^not_osm:/);
      expect(refused(new Uint8Array(), 'empty.osm.pbf').direct).toMatch(/^not_osm: the file is empty/);
    });

    it('an extract with no roads: the header alone', () => {
      const header = blocks[0]!;
      expect(header.type).toBe('OSMHeader');
      const r = refused(buf.subarray(0, header.end), 'header.osm.pbf');
      expect(r.code).toBe(1);
      expect(r.direct).toMatch(/^no_roads: the extract holds no drivable roads/);
    });

    it('an extract cut without the nodes its roads use', () => {
      // The header and every data blob that holds no node: the ways name nodes the file lacks.
      const nodeless = blocks.filter((b, i) => {
        if (i === 0) return false;
        let nodes = 0;
        const payload = blobPayload(buf.subarray(b.dataStart, b.end), b.offset, (d) => new Uint8Array(inflateSync(d)));
        decodePrimitiveBlock(payload, b.offset, { node: () => nodes++ });
        return nodes === 0;
      });
      expect(nodeless.length).toBeGreaterThan(0);
      const parts = [buf.subarray(0, blocks[0]!.end), ...nodeless.map((b) => buf.subarray(b.offset, b.end))];
      const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        joined.set(p, at);
        at += p.length;
      }
      expect(refused(joined, 'no-nodes.osm.pbf').direct).toMatch(/^no_roads: the extract lacks the nodes of every road/);
    });

    it('cancelled half-way', () => {
      const ac = new AbortController();
      const result = codeOf(() =>
        importRoads(MONACO, {
          signal: ac.signal,
          onProgress: (p) => {
            if (p.stage === 'reading_nodes') ac.abort();
          },
        }),
      );
      expect(result).toMatch(/^cancelled:/);
    });
  });
});
