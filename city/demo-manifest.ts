import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestSchema, type Manifest } from './city-file';

/**
 * Staleness check for the demo city build. Deliberately light (node built-ins and
 * zod only) so `build-demo-city --if-stale` can answer "nothing to do" before it
 * loads the tile cutter and SQLite.
 *
 * Sizes and mtimes are not enough: an `npm ci` rewrites the fixture with a new mtime,
 * and an edit can keep a file's size. So we hash bytes.
 */

export const REPO_ROOT = resolve(fileURLToPath(new URL('../', import.meta.url)));
export const DEFAULT_CITY_DIR = join(REPO_ROOT, 'resources', 'demo-city', 'build');
export const FIXTURE_RELATIVE_PATH = 'node_modules/geojson-path-finder/test/large-network.json';

export const OUTPUT_FILES = ['roads.json', 'basemap.mbtiles', 'city.json', 'names.json'] as const;

/** Everything whose bytes decide the output, relative to the repository root. */
export const BUILD_INPUTS = [
  FIXTURE_RELATIVE_PATH,
  'resources/demo-city/sites.json',
  'resources/demo-city/items.json',
  'scripts/build-demo-city.ts',
  'city/demo-build.ts',
  'city/basemap.ts',
  'shared/city/roads.ts',
  'city/fleet.ts',
  'city/city-file.ts',
  'city/demo-manifest.ts',
  'shared/city/roads-file.ts',
  'shared/city/street-index.ts',
  'shared/routing/road-graph.ts',
  'shared/routing/geo.ts',
  'shared/domain.ts',
  // The tile cutter's versions change tile bytes.
  'node_modules/@maplibre/geojson-vt/package.json',
  'node_modules/@maplibre/vt-pbf/package.json',
] as const;

export function computeInputHash(root = REPO_ROOT): string {
  const h = createHash('sha256');
  for (const rel of BUILD_INPUTS) {
    const p = join(root, rel);
    h.update(rel);
    h.update('\0');
    if (existsSync(p)) h.update(readFileSync(p));
    else h.update('<missing>');
    h.update('\0');
  }
  return h.digest('hex');
}

export function readManifest(outDir: string): Manifest | null {
  try {
    return manifestSchema.parse(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')));
  } catch {
    return null;
  }
}

/** Why the build must run, or null when the outputs match the inputs. */
export function staleReason(outDir = DEFAULT_CITY_DIR, root = REPO_ROOT): string | null {
  const manifest = readManifest(outDir);
  if (!manifest) return 'no manifest';
  for (const f of OUTPUT_FILES) {
    const p = join(outDir, f);
    if (!existsSync(p)) return `${f} missing`;
    const want = manifest.outputs[f]?.bytes;
    if (want !== undefined && statSync(p).size !== want) return `${f} changed`;
  }
  if (manifest.inputHash !== computeInputHash(root)) return 'inputs changed';
  return null;
}
