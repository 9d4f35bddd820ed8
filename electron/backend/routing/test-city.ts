import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Site, Stock, Vehicle } from '../../../shared/domain';
import type { RoadNetwork, RoutingVehicle } from '../../../shared/routing/routing-api';

/** The built demo city for routing tests and the dispatch benchmark (needs `npx tsx scripts/build-demo-city.ts`). */

export const DEMO_ROADS_PATH = fileURLToPath(new URL('../../../resources/demo-city/build/roads.json', import.meta.url));
export const DEMO_CITY_PATH = fileURLToPath(new URL('../../../resources/demo-city/build/city.json', import.meta.url));

export type DemoCity = {
  roads: RoadNetwork;
  sites: Site[];
  stock: Stock[];
  vehicles: Vehicle[];
  itemIds: string[];
  /** Vehicles at their start positions, as the routing service takes them. */
  fleet: RoutingVehicle[];
};

export function loadDemoCity(): DemoCity {
  const roads = JSON.parse(readFileSync(DEMO_ROADS_PATH, 'utf8')) as RoadNetwork;
  const city = JSON.parse(readFileSync(DEMO_CITY_PATH, 'utf8')) as {
    sites: Site[];
    stock: Stock[];
    vehicles: Vehicle[];
    items: { id: string }[];
    vehicleStarts: Record<string, [number, number]>;
  };
  const fleet = city.vehicles.map((v) => {
    const p = city.vehicleStarts[v.id] ?? [city.sites[0]!.lon, city.sites[0]!.lat];
    return { id: v.id, status: v.status, capacity: v.capacity, lon: p[0], lat: p[1] };
  });
  return { roads, sites: city.sites, stock: city.stock, vehicles: city.vehicles, itemIds: city.items.map((i) => i.id), fleet };
}
