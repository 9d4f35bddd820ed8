/**
 * Cities from OpenStreetMap extracts, for scripted installs:
 *
 *   npm run city -- import FILE.osm.pbf [--name NAME] [--dir DIR]
 *   npm run city -- list [--dir DIR]
 *
 * `import` prints its stages and ends with one JSON line, the summary (roads, km of road,
 * graph nodes, area, time); it exits 1 with the reason when the file is refused, and leaves
 * the cities as they were. DIR defaults to $JINGBAO_CITIES_DIR, else .jingbao/cities (the
 * embedded demo's data folder). `list` prints one JSON line per city.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cityNameFromFile, checkCityName, listCities, writeCity } from '../electron/backend/city/city-store';
import { CityImportError, importRoads, type ImportStage } from '../electron/backend/city/osm-import';
import { OsmPbfError } from '../shared/city/osm-pbf';

const STAGE_WORDS: Record<ImportStage, string> = {
  reading_ways: 'reading the roads',
  reading_nodes: 'reading their nodes',
  building_graph: 'building the road graph',
};

export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const dir = resolve(values.dir ?? process.env.JINGBAO_CITIES_DIR ?? '.jingbao/cities');
  const [command, file] = positionals;
  if (values.help || !command) {
    out('usage: city import FILE.osm.pbf [--name NAME] [--dir DIR] | city list [--dir DIR]');
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
    let last = '';
    const { roads, summary } = importRoads(resolve(file), {
      onProgress: ({ stage, fraction }) => {
        const line = `${STAGE_WORDS[stage]} ${Math.floor(fraction * 10) * 10}%`;
        if (line !== last) out((last = line));
      },
    });
    out('writing');
    const written = writeCity(dir, name, roads, summary, resolve(file));
    out(JSON.stringify(written));
    return 0;
  } catch (e) {
    if (e instanceof CityImportError || e instanceof OsmPbfError) {
      err(`city import failed (${e.code}): ${e.message}`);
      return 1;
    }
    err(`city import failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(main(process.argv.slice(2)));
}
