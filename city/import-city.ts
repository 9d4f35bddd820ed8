/**
 * An imported city, from an `.osm.pbf` extract (and optionally a sites file) to a new
 * version in the city store: roads, street index, base map, and with sites the central's
 * seed. The CLI (scripts/city.ts) and the tests run it; a worker will for the board.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSitesFile } from '../shared/city/sites-file';
import { placeIndex, streetIndex, type NamesFile } from '../shared/city/street-index';
import { buildCitySeed, writeCityBasemap } from './city-build';
import { itemSeedFileSchema, type ItemSeedFile } from './city-file';
import { checkCityName, writeCity, type CitySummary } from './city-store';
import { REPO_ROOT } from './demo-manifest';
import { importRoads, type ImportProgress } from './osm-import';

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
  /** A later stage starts ('building the base map', 'placing the sites and the fleet'). */
  onStage?: (stage: 'basemap' | 'seed') => void;
  signal?: AbortSignal;
};

export const DEFAULT_ITEMS_PATH = join(REPO_ROOT, 'resources/demo-city/items.json');

export function importCity(o: ImportCityOptions): CitySummary {
  const name = checkCityName(o.name);
  const vehicles = o.vehicles ?? 120;
  const { roads, summary, map, network } = importRoads(o.file, { ...(o.onProgress ? { onProgress: o.onProgress } : {}), ...(o.signal ? { signal: o.signal } : {}) });
  // The sites are checked against the roads before anything is written.
  const sites = o.sitesText ? parseSitesFile(o.sitesText, summary.bounds) : null;
  o.onStage?.('basemap');
  return writeCity(o.dir, name, roads, summary, o.file, (at) => {
    const tiles = writeCityBasemap(join(at, 'basemap.mbtiles'), name, roads.ways, map, summary.bounds);
    writeFileSync(join(at, 'names.json'), JSON.stringify({ streets: streetIndex(roads.ways), places: placeIndex(map.places) } satisfies NamesFile));
    if (!sites) return { tiles: tiles.tiles };
    o.onStage?.('seed');
    const itemSeed = o.itemSeed ?? itemSeedFileSchema.parse(JSON.parse(readFileSync(DEFAULT_ITEMS_PATH, 'utf8')));
    const seed = buildCitySeed({ name, ways: roads.ways, bounds: summary.bounds, sites, itemSeed, vehicleCount: vehicles, network });
    writeFileSync(join(at, 'city.json'), JSON.stringify(seed.city));
    return { tiles: tiles.tiles, sites: seed.city.sites.length, vehicles: seed.city.vehicles.length };
  });
}
