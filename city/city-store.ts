/**
 * Imported cities on disk, one folder each, every import a new version:
 *
 *   <dir>/<name>/<version>/roads.json     the drivable roads (shared/city/roads-file.ts)
 *   <dir>/<name>/<version>/summary.json   what the import found (counts, bounds, time)
 *   <dir>/<name>/<version>/basemap.mbtiles the offline base map of its roads
 *   <dir>/<name>/<version>/city.json      the central's seed (sites, stock, fleet), when sites were given
 *   <dir>/<name>/current                  the version in use
 *
 * A version is written under a temporary name and renamed into place when complete, and
 * `current` is replaced by a rename too: a reader sees the old city or the new one, never
 * half of one, and a failed or cancelled import leaves nothing behind. The newest
 * KEEP_VERSIONS versions stay (a central or board started on the one before keeps its files,
 * and an administrator can point `current` back); older ones are removed after each import.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { roadsFileSchema, type RoadsFile } from '../shared/city/roads-file';
import { CityImportError, type RoadsSummary } from './osm-import';

/** Where the cities are: $JINGBAO_CITIES_DIR, else .jingbao/cities (the embedded demo's data folder), from the working folder. */
export function defaultCitiesDir(): string {
  return resolve(process.env.JINGBAO_CITIES_DIR ?? '.jingbao/cities');
}

/** Letters (any script), digits, '-' and '_': a folder name on every file system. */
export const CITY_NAME = /^[\p{L}\p{N}_-]{1,64}$/u;

export const citySummarySchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  source: z.string(),
  importedAt: z.string(),
  roads: z.number().int(),
  roadKm: z.number(),
  oneWays: z.number().int(),
  graphNodes: z.number().int(),
  graphEdges: z.number().int(),
  connectedShare: z.number(),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  areaKm2: z.number(),
  clippedWays: z.number().int(),
  mapAreas: z.number().int(),
  /** Absent in a summary written before multipolygons were read. */
  multipolygons: z.number().int().default(0),
  /** The sea from the coastline (absent in a summary written before it was drawn). */
  sea: z.enum(['none', 'drawn', 'broken']).default('none'),
  buildings: z.number().int(),
  places: z.number().int(),
  /** Streets in the search index (names.json); absent in a summary written before it was counted. */
  streets: z.number().int().default(0),
  /** Sites, vehicles and base-map tiles written with it (0: none). */
  sites: z.number().int(),
  vehicles: z.number().int(),
  tiles: z.number().int(),
  fileBytes: z.number().int(),
  ms: z.number(),
});
export type CitySummary = z.infer<typeof citySummarySchema>;

export function checkCityName(name: string): string {
  if (!CITY_NAME.test(name)) throw new CityImportError('unreadable', `a city name is 1 to 64 letters, digits, '-' or '_': ${JSON.stringify(name.slice(0, 80))} is not`);
  return name;
}

/** A name from a file name: monaco-latest.osm.pbf → monaco-latest. */
export function cityNameFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.osm\.pbf$/i, '').replace(/\.pbf$/i, '').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'city';
}

/** Versions of a city kept on disk, the one in use among them. */
export const KEEP_VERSIONS = 3;
/** A temporary folder this old is what a killed import left: removed at the next import. */
const STALE_TMP_MS = 60 * 60 * 1000;
/** Room left for the rest of the system after a city is written. */
const DISK_RESERVE_BYTES = 64 * 1024 * 1024;

export type WriteCityOptions = {
  /** Free bytes where the city goes (tests stand in for a full disk). */
  freeBytes?: (dir: string) => number;
  keepVersions?: number;
};

const freeBytesAt = (dir: string) => {
  const fs = statfsSync(dir);
  return fs.bavail * fs.bsize;
};

const isNoSpace = (e: unknown) => ['ENOSPC', 'EDQUOT'].includes((e as { code?: string } | null)?.code ?? '');

/**
 * Writes a new version of the city and makes it current. `extra` writes the version's other
 * files (base map, seed) into the folder being prepared; a throw there leaves nothing.
 * Refused with `no_space` before writing when the disk is short, and when it fills up on the
 * way (the half-written version is removed; the city in use is untouched).
 */
export function writeCity(
  dir: string,
  name: string,
  roads: RoadsFile,
  summary: RoadsSummary,
  source: string,
  extra?: (versionDir: string) => Partial<CitySummary>,
  options: WriteCityOptions = {},
): CitySummary {
  checkCityName(name);
  const cityDir = join(dir, name);
  mkdirSync(cityDir, { recursive: true });
  const version = new Date().toISOString().replace(/[:.]/g, '-');
  let full: CitySummary = citySummarySchema.parse({ name, version, source, importedAt: new Date().toISOString(), sites: 0, vehicles: 0, tiles: 0, ...summary });
  const roadsJson = JSON.stringify(roadsFileSchema.parse(roads));
  // Enough free disk for what is about to be written: the roads, a base map and a street
  // index about as large again (buildings make a base map larger than its roads), and
  // room to spare for the rest of the system.
  const need = Buffer.byteLength(roadsJson) * 3;
  const free = (options.freeBytes ?? freeBytesAt)(cityDir);
  if (free < need + DISK_RESERVE_BYTES) {
    throw new CityImportError('no_space', `not enough free disk for the city: about ${Math.ceil(need / 1e6)} MB to write and ${DISK_RESERVE_BYTES / 1024 / 1024} MB to keep free, ${Math.floor(free / 1e6)} MB free in ${dir}`);
  }
  const tmp = join(cityDir, `.tmp-${randomUUID()}`);
  try {
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'roads.json'), roadsJson);
    if (extra) full = citySummarySchema.parse({ ...full, ...extra(tmp) });
    writeFileSync(join(tmp, 'summary.json'), JSON.stringify(full, null, 2) + '\n');
    renameSync(tmp, join(cityDir, version));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (isNoSpace(e)) throw new CityImportError('no_space', `the disk filled up while the city was written (${dir}); nothing was kept and the city in use is unchanged`);
    throw e;
  }
  const pointer = join(cityDir, `.current-${randomUUID()}`);
  writeFileSync(pointer, version + '\n');
  renameSync(pointer, join(cityDir, 'current'));
  pruneVersions(dir, name, options.keepVersions ?? KEEP_VERSIONS);
  return full;
}

const VERSION_NAME = /^[0-9TZ-]{10,40}$/;

/** The city's complete versions on disk, oldest first (the names are ISO times). */
export function cityVersions(dir: string, name: string): string[] {
  checkCityName(name);
  const cityDir = join(dir, name);
  if (!existsSync(cityDir)) return [];
  return readdirSync(cityDir)
    .filter((f) => VERSION_NAME.test(f) && existsSync(join(cityDir, f, 'summary.json')))
    .sort();
}

/**
 * Removes all but the newest `keep` versions, never the one in use, and what killed imports
 * left. Best effort: a version a running process still holds open (Windows refuses to
 * delete it) stays for the next import. Returns what was removed.
 */
export function pruneVersions(dir: string, name: string, keep = KEEP_VERSIONS): string[] {
  const cityDir = join(dir, name);
  const current = currentVersionDir(dir, name);
  const versions = cityVersions(dir, name);
  const removed: string[] = [];
  const old = versions.slice(0, Math.max(0, versions.length - Math.max(1, keep)));
  for (const v of old) {
    if (current && join(cityDir, v) === current) continue;
    try {
      rmSync(join(cityDir, v), { recursive: true, force: true });
      removed.push(v);
    } catch {
      // held open elsewhere: tried again after the next import
    }
  }
  for (const f of readdirSync(cityDir)) {
    if (!f.startsWith('.tmp-')) continue;
    try {
      if (Date.now() - statSync(join(cityDir, f)).mtimeMs > STALE_TMP_MS) {
        rmSync(join(cityDir, f), { recursive: true, force: true });
        removed.push(f);
      }
    } catch {
      // gone already, or held open
    }
  }
  return removed;
}

/** The cities with a version in use, by name. */
export function listCities(dir: string): CitySummary[] {
  if (!existsSync(dir)) return [];
  const out: CitySummary[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!CITY_NAME.test(name)) continue;
    const s = readCitySummary(dir, name);
    if (s) out.push(s);
  }
  return out;
}

export function currentVersionDir(dir: string, name: string): string | null {
  checkCityName(name);
  const pointer = join(dir, name, 'current');
  if (!existsSync(pointer)) return null;
  const version = readFileSync(pointer, 'utf8').trim();
  return VERSION_NAME.test(version) ? join(dir, name, version) : null;
}

export function readCitySummary(dir: string, name: string): CitySummary | null {
  const at = currentVersionDir(dir, name);
  if (!at) return null;
  // A folder someone copied by hand, or whose summary was lost, is no city to list; it must
  // not break the listing (or a message that names the cities there are).
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(at, 'summary.json'), 'utf8'));
  } catch {
    return null;
  }
  const parsed = citySummarySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * The built city folder a `--city` argument names: a folder holding city.json, or the name
 * of an imported city (its version in use) in `citiesDir`.
 */
export function resolveCityDir(arg: string, citiesDir: string): string {
  if (existsSync(join(arg, 'city.json'))) return arg;
  if (CITY_NAME.test(arg)) {
    const at = currentVersionDir(citiesDir, arg);
    if (at && existsSync(join(at, 'city.json'))) return at;
    if (at) throw new Error(`the city ${arg} was imported without sites: import it again with --sites FILE (npm run city -- import FILE.osm.pbf --sites SITES.csv)`);
  }
  const known = listCities(citiesDir).map((c) => c.name);
  throw new Error(`no city ${JSON.stringify(arg)}: neither a folder with city.json nor an imported city in ${citiesDir}${known.length ? ` (imported: ${known.join(', ')})` : ' (none imported yet: npm run city -- import FILE.osm.pbf --sites SITES.csv)'}`);
}

/** Path of the city's roads.json in use (what the central's --city and the backend's routing read). */
export function cityRoadsPath(dir: string, name: string): string | null {
  const at = currentVersionDir(dir, name);
  return at ? join(at, 'roads.json') : null;
}
