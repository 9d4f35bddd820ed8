/**
 * Cities from OpenStreetMap extracts, for scripted installs:
 *
 *   npm run city -- import FILE.osm.pbf [--name NAME] [--dir DIR] [--sites SITES.csv|.geojson]
 *                                       [--items ITEMS.json] [--vehicles N]
 *   npm run city -- list [--dir DIR]
 *
 * `import` prints its stages and ends with one JSON line, the summary (roads, km of road,
 * graph nodes, area, time); it exits 1 with the reason when the file is refused, and leaves
 * the cities as they were. Every import writes the roads and their offline base map; with
 * --sites it also writes the central's seed (the sites snapped to the roads, stock by kind of
 * site from --items, default the demo's item list, and a generated fleet of N vehicles,
 * default 120), so `npm run central -- --city NAME` runs a drill on it. DIR defaults to $JINGBAO_CITIES_DIR, else .jingbao/cities (the
 * embedded demo's data folder). `list` prints one JSON line per city.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { itemSeedFileSchema } from '../city/city-file';
import { cityNameFromFile, checkCityName, defaultCitiesDir, listCities } from '../city/city-store';
import { DEFAULT_ITEMS_PATH, importCity, type CityStage } from '../city/import-city';
import { CityImportError, type ImportStage } from '../city/osm-import';
import { OsmPbfError } from '../shared/city/osm-pbf';
import { SitesFileError } from '../shared/city/sites-file';

const STAGE_WORDS: Record<ImportStage, string> = {
  reading_ways: 'reading the roads',
  reading_areas: 'reading the rivers, lakes and parks made of several ways',
  reading_nodes: 'reading their nodes',
  building_graph: 'building the road graph',
};

const CITY_STAGE_WORDS: Record<CityStage, string> = {
  basemap: 'building the base map',
  names: 'building the search index',
  seed: 'placing the sites and the fleet',
  writing: 'writing',
};

export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      dir: { type: 'string' },
      sites: { type: 'string' },
      items: { type: 'string' },
      vehicles: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const dir = values.dir ? resolve(values.dir) : defaultCitiesDir();
  const [command, file] = positionals;
  if (values.help || !command) {
    out('usage: city import FILE.osm.pbf [--name NAME] [--dir DIR] [--sites FILE] [--items FILE] [--vehicles N] | city list [--dir DIR]');
    return values.help ? 0 : 2;
  }
  if (command === 'list') {
    for (const c of listCities(dir)) out(JSON.stringify(c));
    return 0;
  }
  if (command !== 'import' || !file) {
    err(`unknown command ${JSON.stringify(command)}: use import FILE.osm.pbf or list`);
    return 2;
  }
  try {
    const name = checkCityName(values.name ?? cityNameFromFile(file));
    const vehicles = values.vehicles === undefined ? 120 : Number(values.vehicles);
    if (!Number.isInteger(vehicles) || vehicles < 1 || vehicles > 5000) throw new CityImportError('unreadable', `--vehicles must be a whole number from 1 to 5000, not ${JSON.stringify(values.vehicles)}`);
    // The seed's inputs are read and checked before the long part.
    const sitesText = values.sites === undefined ? null : readText(values.sites);
    const itemSeed = itemSeedFileSchema.parse(JSON.parse(readText(values.items ?? DEFAULT_ITEMS_PATH)));
    let last = '';
    const written = importCity({
      file: resolve(file),
      dir,
      name,
      sitesText,
      itemSeed,
      vehicles,
      onProgress: ({ stage, fraction }) => {
        const line = `${STAGE_WORDS[stage]} ${Math.floor(fraction * 10) * 10}%`;
        if (line !== last) out((last = line));
      },
      onStage: (stage) => out(CITY_STAGE_WORDS[stage]),
    });
    out(JSON.stringify(written));
    return 0;
  } catch (e) {
    if (e instanceof SitesFileError) {
      err(`city import failed (sites): ${e.message}`);
      return 1;
    }
    if (e instanceof CityImportError || e instanceof OsmPbfError) {
      err(`city import failed (${e.code}): ${e.message}`);
      return 1;
    }
    err(`city import failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(resolve(path), 'utf8');
  } catch (e) {
    throw new CityImportError('unreadable', `cannot read ${path}: ${(e as Error).message}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(main(process.argv.slice(2)));
}
