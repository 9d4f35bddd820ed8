import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VectorTile } from '@mapbox/vector-tile';
import Database from 'better-sqlite3';
import { PbfReader } from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCity } from '../city/demo-build';
import { cityFileSchema, manifestSchema, roadsFileSchema } from '../city/city-file';
import { DEFAULT_CITY_DIR, OUTPUT_FILES, REPO_ROOT, staleReason } from '../city/demo-manifest';

const run = promisify(execFile);
const out = DEFAULT_CITY_DIR;

beforeAll(async () => {
  await buildDemoCity({ ifStale: true });
});

describe('build-demo-city --if-stale', () => {
  it('answers "up to date" quickly when nothing changed', async () => {
    const t0 = performance.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/build-demo-city.ts', '--if-stale'], { cwd: REPO_ROOT });
    const wall = performance.now() - t0;
    expect(stdout).toMatch(/up to date/);
    const checkMs = Number(/checked in (\d+) ms/.exec(stdout)?.[1]);
    // The check itself hashes ~16 MB; the rest of the wall time is Node + tsx starting.
    expect(checkMs).toBeLessThan(500);
    expect(wall).toBeLessThan(5000);
  });

  it('notices changed inputs and missing outputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jb-city-'));
    try {
      for (const f of [...OUTPUT_FILES, 'manifest.json']) copyFileSync(join(out, f), join(dir, f));
      expect(staleReason(dir)).toBeNull();
      const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, inputHash: 'x' }));
      expect(staleReason(dir)).toBe('inputs changed');
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
      unlinkSync(join(dir, 'city.json'));
      expect(staleReason(dir)).toBe('city.json missing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('roads.json', () => {
  const roads = roadsFileSchema.parse(JSON.parse(readFileSync(join(out, 'roads.json'), 'utf8')));

  it('holds only drivable ways with parsed tags and 7-decimal coordinates', () => {
    expect(roads.attribution).toBe('© OpenStreetMap contributors (ODbL)');
    expect(roads.ways.length).toBeGreaterThan(5000);
    const allowed = /^(motorway|trunk|primary|secondary|tertiary|unclassified|residential|service|living_street|road)(_link)?$/;
    // Plain loops and one expect each: 60,000 expect() calls would dominate the run.
    expect(roads.ways.filter((w) => !allowed.test(w.highway)).map((w) => w.highway)).toEqual([]);
    const unrounded = roads.ways.flatMap((w) => w.coords.flat()).filter((c) => Math.round(c * 1e7) / 1e7 !== c);
    expect(unrounded).toEqual([]);
    expect(roads.ways.some((w) => w.oneway === 1)).toBe(true);
    expect(roads.ways.some((w) => w.oneway === 0)).toBe(true);
    const [w, s, e, n] = roads.bounds;
    expect(w).toBeGreaterThan(11.8);
    expect(e).toBeLessThan(12.2);
    expect(s).toBeGreaterThan(57.6);
    expect(n).toBeLessThan(57.8);
  });
});

describe('city.json', () => {
  const city = cityFileSchema.parse(JSON.parse(readFileSync(join(out, 'city.json'), 'utf8')));
  const roads = roadsFileSchema.parse(JSON.parse(readFileSync(join(out, 'roads.json'), 'utf8')));
  const vertices = new Set(roads.ways.flatMap((w) => w.coords.map(([lon, lat]) => `${lon},${lat}`)));

  it('has the 1+3+10 network snapped onto road vertices', () => {
    const kinds = city.sites.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'central')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'regional')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'quickpick')).toHaveLength(10);
    for (const s of city.sites) expect(vertices.has(`${s.lon},${s.lat}`), s.id).toBe(true);
  });

  it('stocks the central depot with the MISSION figures and every vehicle starts on a road', () => {
    const central = (itemId: string) => city.stock.find((s) => s.siteId === 'depot-central' && s.itemId === itemId)?.quantity;
    expect(central('n95-mask')).toBe(114_000);
    expect(central('protective-suit')).toBe(29_000);
    expect(central('life-jacket')).toBeGreaterThanOrEqual(6_000);
    expect(city.items).toHaveLength(11);
    expect(city.vehicles).toHaveLength(120);
    for (const v of city.vehicles) {
      const p = city.vehicleStarts[v.id];
      expect(p, v.id).toBeDefined();
      expect(vertices.has(`${p![0]},${p![1]}`)).toBe(true);
    }
  });
});

describe('basemap.mbtiles', () => {
  const db = new Database(join(out, 'basemap.mbtiles'), { readonly: true });
  const meta = Object.fromEntries(db.prepare<[], { name: string; value: string }>('SELECT name, value FROM metadata').all().map((r) => [r.name, r.value]));

  it('has MBTiles 1.3 metadata', () => {
    expect(meta).toMatchObject({ format: 'pbf', minzoom: '10', maxzoom: '16', attribution: '© OpenStreetMap contributors (ODbL)' });
    expect(meta.bounds?.split(',').map(Number)).toHaveLength(4);
    expect(meta.center?.split(',').map(Number)).toHaveLength(3);
    const layers = (JSON.parse(meta.json ?? '{}') as { vector_layers: { id: string }[] }).vector_layers.map((l) => l.id);
    expect(layers).toEqual(['roads', 'areas']);
    const zooms = db.prepare<[], { z: number }>('SELECT DISTINCT zoom_level AS z FROM tiles ORDER BY z').all().map((r) => r.z);
    expect(zooms).toEqual([10, 11, 12, 13, 14, 15, 16]);
  });

  it('stores uncompressed vector tiles in TMS rows', () => {
    // The tile around Göteborg Central Station, XYZ numbering.
    const z = 14;
    const lon = 11.9735;
    const lat = 57.7089;
    const x = Math.floor(((lon + 180) / 360) * 2 ** z);
    const r = (lat * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
    const row = db
      .prepare<[number, number, number], { tile_data: Buffer }>('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?')
      .get(z, x, 2 ** z - 1 - y);
    expect(row).toBeDefined();
    const data = row!.tile_data;
    expect(data[0] === 0x1f && data[1] === 0x8b).toBe(false); // not gzip
    const tile = new VectorTile(new PbfReader(data));
    const roads = tile.layers.roads!;
    expect(roads.length).toBeGreaterThan(50);
    const classes = new Set<string>();
    let named = 0;
    for (let i = 0; i < roads.length; i++) {
      const f = roads.feature(i);
      classes.add(String(f.properties.class));
      expect([0, 1]).toContain(f.properties.oneway);
      if (typeof f.properties.name === 'string') named++;
    }
    expect(classes.has('path')).toBe(true);
    expect(classes.has('footway')).toBe(false);
    expect([...classes].some((c) => c.endsWith('_link'))).toBe(false);
    expect(named).toBeGreaterThan(0);
  });
});
