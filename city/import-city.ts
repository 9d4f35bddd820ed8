/**
 * An imported city, from an `.osm.pbf` extract (and optionally a sites file) to a new
 * version in the city store: roads, street index, base map, and with sites the central's
 * seed. The CLI (scripts/city.ts), the tests and the board's import worker (import-worker.ts) run it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSitesFile } from '../shared/city/sites-file';
import { placeIndex, streetIndex, type NamesFile } from '../shared/city/street-index';
import { buildCitySeed, writeCityBasemap } from './city-build';
import { itemSeedFileSchema, type ItemSeedFile } from './city-file';
import { checkCityName, writeCity, type CitySummary } from './city-store';
import { REPO_ROOT } from './demo-manifest';
import { CityImportError, importRoads, type ImportProgress } from './osm-import';

export type ImportCityOptions = {
  file: string;
  /** The city store's folder. */
  dir: string;
  name: string;
  /** A CSV or GeoJSON sites file's text: with it, the central's seed is written too. */
  sitesText?: string | null;
  /** Item types and stock by kind of site (default: the demo's list). */
  itemSeed?: ItemSeedFile;
  vehicles?: number;
  onProgress?: (p: ImportProgress) => void;
  /** A later stage starts: the base map, the search index, the sites and the fleet, writing the version. */
  onStage?: (stage: CityStage) => void;
  signal?: AbortSignal;
};

export type CityStage = 'basemap' | 'names' | 'seed' | 'writing';

/** Cancelling is looked at between stages too: a cancel during the base map stops before the next (the version folder is removed). */
const checkCancelled = (signal: AbortSignal | undefined) => {
  if (signal?.aborted) throw new CityImportError('cancelled', 'the import was cancelled');
};

export const DEFAULT_ITEMS_PATH = join(REPO_ROOT, 'resources/demo-city/items.json');

export function importCity(o: ImportCityOptions): CitySummary {
  const t0 = Date.now();
  const name = checkCityName(o.name);
  const vehicles = o.vehicles ?? 120;
  const { roads, summary, map, network } = importRoads(o.file, { ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.signal ? { signal: o.signal } : {}) });
  // The sites are checked against the roads before anything is written.
  const sites = o.sitesText ? parseSitesFile(o.sitesText, summary.bounds) : null;
  checkCancelled(o.signal);
  o.onStage?.('basemap');
  return writeCity(o.dir, name, roads, summary, o.file, (at) => {
    const tiles = writeCityBasemap(join(at, 'basemap.mbtiles'), name, roads.ways, map, summary.bounds);
    checkCancelled(o.signal);
    o.onStage?.('names');
    const names: NamesFile = { streets: streetIndex(roads.ways), places: placeIndex(map.places) };
    writeFileSync(join(at, 'names.json'), JSON.stringify(names));
    checkCancelled(o.signal);
    // The summary's time is the whole import's, not only the reading of the roads.
    if (!sites) {
      o.onStage?.('writing');
      return { tiles: tiles.tiles, streets: names.streets.length, ms: Date.now() - t0 };
    }
    o.onStage?.('seed');
    const itemSeed = o.itemSeed ?? itemSeedFileSchema.parse(JSON.parse(readFileSync(DEFAULT_ITEMS_PATH, 'utf8')));
    const seed = buildCitySeed({ name, ways: roads.ways, bounds: summary.bounds, sites, itemSeed, vehicleCount: vehicles, network });
    writeFileSync(join(at, 'city.json'), JSON.stringify(seed.city));
    checkCancelled(o.signal);
    o.onStage?.('writing');
    return { tiles: tiles.tiles, streets: names.streets.length, sites: seed.city.sites.length, vehicles: seed.city.vehicles.length, ms: Date.now() - t0 };
  });
}
