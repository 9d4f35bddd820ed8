/**
 * What a city needs beyond its roads: the central's seed (city.json: sites snapped onto the
 * part of the network every vehicle can reach, stock by kind of site, a generated fleet and
 * where each vehicle starts) and the offline base map (basemap.mbtiles). The demo city and
 * every imported city are built by these same two steps.
 */
import type { Site, Stock } from '../shared/domain';
import { createVertexIndex, haversineM, type DrivableWay } from '../shared/city/roads';
import { buildRoadGraph, largestStronglyConnected } from '../shared/routing/road-graph';
import { basemapLayers, cutTiles, writeMbtiles } from './basemap';
import { concatSources } from './feature-store';
import type { MapLayers, RoadNetwork } from './osm-import';
import { cityFileSchema, OSM_ATTRIBUTION, type CityFile, type ItemSeedFile } from './city-file';
import { createRng, DEMO_SEED, generateFleet, placeFleet } from './fleet';

/**
 * Stock for every site and item from the per-kind plan. Central stock is the plan
 * exactly (the MISSION figures); other sites vary by a seeded factor, which leaves a
 * few quick-pick points under their safety level: something for the board to flag.
 */
export function planStock(sites: readonly Site[], plan: Record<string, Partial<Record<Site['kind'], { quantity: number; safetyLevel: number }>>>, seed = DEMO_SEED + 2): Stock[] {
  const rng = createRng(seed);
  const out: Stock[] = [];
  for (const site of sites) {
    for (const [itemId, byKind] of Object.entries(plan)) {
      const level = byKind[site.kind];
      if (!level) continue;
      const factor = site.kind === 'central' ? 1 : site.kind === 'regional' ? rng.range(0.8, 1.25) : rng.range(0.35, 1.4);
      out.push({ siteId: site.id, itemId, quantity: Math.round(level.quantity * factor), safetyLevel: level.safetyLevel });
    }
  }
  return out;
}

export type CitySeed = { city: CityFile; maxSnapM: number; graphNodes: number; graphEdges: number };

export function buildCitySeed(opts: {
  name: string;
  ways: readonly DrivableWay[];
  bounds: [number, number, number, number];
  sites: readonly Site[];
  itemSeed: ItemSeedFile;
  vehicleCount: number;
  seed?: number;
  /** The graph of `ways` when the caller has built it already (an import has). */
  network?: RoadNetwork;
}): CitySeed {
  const graph = opts.network?.graph ?? buildRoadGraph(opts.ways);
  const inMain = opts.network?.inMain ?? largestStronglyConnected(graph);
  const index = createVertexIndex(graph.nodeLon, graph.nodeLat, (i) => inMain[i] === 1);
  let maxSnapM = 0;
  const sites = opts.sites.map((s) => {
    const v = index.nearest(s.lon, s.lat);
    const lon = graph.nodeLon[v] as number;
    const lat = graph.nodeLat[v] as number;
    maxSnapM = Math.max(maxSnapM, haversineM(s.lon, s.lat, lon, lat));
    return { ...s, lon, lat };
  });
  const seed = opts.seed ?? DEMO_SEED;
  const vehicles = generateFleet(opts.vehicleCount, sites, seed);
  const city: CityFile = cityFileSchema.parse({
    version: 1,
    name: opts.name,
    attribution: OSM_ATTRIBUTION,
    bounds: opts.bounds,
    sites,
    items: opts.itemSeed.items,
    stock: planStock(sites, opts.itemSeed.stockByKind, seed + 2),
    vehicles,
    vehicleStarts: placeFleet(vehicles, sites, graph, inMain),
  } satisfies CityFile);
  return { city, maxSnapM, graphNodes: graph.nodeCount, graphEdges: graph.edgeCount };
}

/**
 * The base map of an imported city, tiles z10–16 over `bounds`: its roads (class, name,
 * one-way; paths too), areas (water, green, land use, squares), buildings from zoom 14, and
 * place names.
 */
export function writeCityBasemap(path: string, name: string, ways: readonly DrivableWay[], map: MapLayers, bounds: readonly [number, number, number, number]): { tiles: number; bytes: number } {
  const features = ways.map((w) => ({
    type: 'Feature',
    properties: { highway: w.highway, oneway: w.oneway === 0 ? 'no' : 'yes', ...(w.name ? { name: w.name } : {}) },
    geometry: { type: 'LineString', coordinates: w.coords.map((c) => [c[0], c[1]]) },
  }));
  const layers = { roads: concatSources(basemapLayers(features).roads!, map.roads), areas: map.areas, buildings: map.buildings, places: map.places };
  const present = Object.entries(layers).filter(([, f]) => f.length > 0).map(([id]) => id);
  return writeMbtiles(
    path,
    { name, description: `${name}, from an OpenStreetMap extract`, attribution: OSM_ATTRIBUTION, bounds, layers: present },
    cutTiles(layers, bounds, { buildings: 14 }),
  );
}
