import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cityFileSchema, roadsFileSchema, type CityFile, type RoadsFile } from '../city/city-file';
import { buildRoadGraph, largestStronglyConnected, type RoadGraph } from '../shared/routing/road-graph';

export type LoadedCity = {
  city: CityFile;
  roads: RoadsFile;
  graph: RoadGraph;
  /** 1 for nodes of the largest strongly connected component. */
  inMain: Uint8Array;
};

const cache = new Map<string, { stamp: string; city: LoadedCity }>();

/**
 * Reads and validates a built city folder and builds its road graph. Cached per
 * folder (keyed on the manifest's mtime), because tests start many servers on the
 * same city and the graph takes a few hundred milliseconds to build.
 */
export function loadCity(cityDir: string): LoadedCity {
  const cityPath = join(cityDir, 'city.json');
  const roadsPath = join(cityDir, 'roads.json');
  let stamp: string;
  try {
    stamp = [cityPath, roadsPath].map((p) => `${statSync(p).mtimeMs}:${statSync(p).size}`).join('|');
  } catch {
    throw new Error(`demo city not built in ${cityDir}: run \`npx tsx scripts/build-demo-city.ts\` first`);
  }
  const hit = cache.get(cityDir);
  if (hit && hit.stamp === stamp) return hit.city;
  const city = cityFileSchema.parse(JSON.parse(readFileSync(cityPath, 'utf8')));
  const roads = roadsFileSchema.parse(JSON.parse(readFileSync(roadsPath, 'utf8')));
  const graph = buildRoadGraph(roads.ways);
  const loaded = { city, roads, graph, inMain: largestStronglyConnected(graph) };
  cache.set(cityDir, { stamp, city: loaded });
  return loaded;
}
