/**
 * Builds the demo city (resources/demo-city/build/): drivable roads, the offline base
 * map (MBTiles) and the central's seed. Road data: © OpenStreetMap contributors (ODbL).
 *
 *   npx tsx scripts/build-demo-city.ts [--if-stale] [--out DIR]
 *
 * --if-stale is what `npm start` and the tests use: it hashes the inputs and exits at
 * once when the manifest matches, without loading the tile cutter or SQLite.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CITY_DIR, staleReason } from '../city/demo-manifest';

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'if-stale': { type: 'boolean', default: false }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('usage: build-demo-city [--if-stale] [--out DIR]');
    return 0;
  }
  const outDir = values.out ?? DEFAULT_CITY_DIR;
  const t0 = performance.now();
  if (values['if-stale'] && staleReason(outDir) === null) {
    console.log(`demo city up to date (${outDir}), checked in ${Math.round(performance.now() - t0)} ms`);
    return 0;
  }
  const { buildDemoCity } = await import('../city/demo-build');
  await buildDemoCity({ outDir, log: (line) => console.log(line) });
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error('build-demo-city failed:', err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
