import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { basemapLayers, cutTiles, writeMbtiles } from './basemap';
import { streetIndex, type NamesFile } from '../shared/city/street-index';
import { buildCitySeed } from './city-build';
import { itemSeedFileSchema, OSM_ATTRIBUTION, siteSeedFileSchema, type Manifest, type RoadsFile } from './city-file';
import { computeInputHash, DEFAULT_CITY_DIR, FIXTURE_RELATIVE_PATH, OUTPUT_FILES, REPO_ROOT, staleReason } from './demo-manifest';
import { toDrivableWay, type DrivableWay, type OsmFeature } from '../shared/city/roads';

export const DEMO_VEHICLE_COUNT = 120;

export type BuildDemoCityOptions = {
  /** Repository root (inputs are read relative to it). */
  root?: string;
  outDir?: string;
  /** Skip the build when the manifest matches the inputs. */
  ifStale?: boolean;
  log?: (line: string) => void;
};

export type BuildDemoCityResult = {
  built: boolean;
  outDir: string;
  ms: number;
  /** Why it built (or null when skipped). */
  reason: string | null;
  manifest: Manifest | null;
};

type Bounds = [number, number, number, number];

function boundsOf(points: Iterable<readonly number[]>): Bounds {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const p of points) {
    const x = p[0] as number;
    const y = p[1] as number;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

function* allPositions(features: readonly OsmFeature[]): Generator<readonly number[]> {
  for (const f of features) {
    const g = f.geometry;
    if (g?.type === 'LineString') yield* g.coordinates as number[][];
    else if (g?.type === 'Polygon') for (const ring of g.coordinates as number[][][]) yield* ring;
  }
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Builds roads.json, basemap.mbtiles and city.json from the OSM fixture and the
 * hand-written seed. Each output is written to a temporary name and renamed, and the
 * manifest goes last, so a reader (or a second build racing this one from another
 * test worker) never sees a half-written city.
 */
export async function buildDemoCity(options: BuildDemoCityOptions = {}): Promise<BuildDemoCityResult> {
  const root = options.root ?? REPO_ROOT;
  const outDir = options.outDir ?? DEFAULT_CITY_DIR;
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const reason = staleReason(outDir, root);
  if (options.ifStale && reason === null) {
    return { built: false, outDir, ms: performance.now() - t0, reason: null, manifest: null };
  }
  const inputHash = computeInputHash(root);
  mkdirSync(outDir, { recursive: true });

  const fixturePath = join(root, FIXTURE_RELATIVE_PATH);
  const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as { features: OsmFeature[] };
  const { sites: seedSites } = siteSeedFileSchema.parse(JSON.parse(readFileSync(join(root, 'resources/demo-city/sites.json'), 'utf8')));
  const itemSeed = itemSeedFileSchema.parse(JSON.parse(readFileSync(join(root, 'resources/demo-city/items.json'), 'utf8')));

  // roads.json
  const ways: DrivableWay[] = [];
  for (const f of fixture.features) {
    const w = toDrivableWay(f);
    if (w) ways.push(w);
  }
  const roadBounds = boundsOf(ways.flatMap((w) => w.coords));
  const roads: RoadsFile = { attribution: OSM_ATTRIBUTION, bounds: roadBounds, ways };
  const roadsJson = JSON.stringify(roads);
  writeAtomic(join(outDir, 'roads.json'), roadsJson);
  const streets = streetIndex(ways);
  // The fixture has roads only: no place names to index.
  writeAtomic(join(outDir, 'names.json'), JSON.stringify({ streets, places: [] } satisfies NamesFile));
  const tRoads = performance.now();

  // city.json: sites snapped onto the part of the network every vehicle can reach.
  const { city, maxSnapM, graphNodes, graphEdges } = buildCitySeed({
    name: 'Göteborg demo city (invented sites, stock and fleet)',
    ways,
    bounds: roadBounds,
    sites: seedSites,
    itemSeed,
    vehicleCount: DEMO_VEHICLE_COUNT,
  });
  const { sites, vehicles } = city;
  writeAtomic(join(outDir, 'city.json'), JSON.stringify(city, null, 1));
  const tCity = performance.now();

  // basemap.mbtiles
  const dataBounds = boundsOf(allPositions(fixture.features));
  const tmpTiles = join(outDir, `basemap.mbtiles.${process.pid}.tmp`);
  rmSync(tmpTiles, { force: true });
  const tiles = writeMbtiles(
    tmpTiles,
    {
      name: 'Jingbao demo city — Göteborg',
      description: 'Roads and highway areas of central Göteborg for the offline base map',
      attribution: OSM_ATTRIBUTION,
      bounds: dataBounds,
    },
    cutTiles(basemapLayers(fixture.features), dataBounds),
  );
  renameSync(tmpTiles, join(outDir, 'basemap.mbtiles'));
  const tTiles = performance.now();

  const outputs: Manifest['outputs'] = {};
  for (const f of OUTPUT_FILES) outputs[f] = { bytes: statSync(join(outDir, f)).size };
  const ms = Math.round(performance.now() - t0);
  const manifest: Manifest = {
    inputHash,
    builtAt: new Date().toISOString(),
    buildMs: ms,
    outputs,
    counts: {
      drivableWays: ways.length,
      graphNodes,
      graphEdges,
      sites: sites.length,
      items: city.items.length,
      stock: city.stock.length,
      vehicles: vehicles.length,
      tiles: tiles.tiles,
      tileBytes: tiles.bytes,
    },
  };
  writeAtomic(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));

  const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
  log(`demo city built in ${ms} ms (${reason ?? 'forced'}) → ${outDir}`);
  log(`  roads.json       ${ways.length} drivable ways, ${mb(roadsJson.length)} (${Math.round(tRoads - t0)} ms); names.json ${streets.length} street names`);
  log(`  city.json        ${sites.length} sites (max snap ${maxSnapM.toFixed(0)} m), ${city.stock.length} stock rows, ${vehicles.length} vehicles (${Math.round(tCity - tRoads)} ms)`);
  log(`  basemap.mbtiles  ${tiles.tiles} tiles z10–16, ${mb(outputs['basemap.mbtiles']?.bytes ?? 0)} (${Math.round(tTiles - tCity)} ms)`);
  return { built: true, outDir, ms, reason, manifest };
}
