import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BoardError, type CallerContext } from '../../../shared/board-api';
import type { CityView, citiesMethods } from '../../../shared/city/api';
import type { Site } from '../../../shared/domain';
import { cityNameFromFile, listCities, type CitySummary } from '../../../city/city-store';
import type { HandlersOf } from '../board/handler-types';
import type { CityInUse } from './city-in-use';
import type { ImportService } from './import-service';

export const toCityView = (s: CitySummary): CityView => ({
  name: s.name,
  version: s.version,
  importedAt: s.importedAt,
  roads: s.roads,
  roadKm: s.roadKm,
  graphNodes: s.graphNodes,
  bounds: s.bounds,
  areaKm2: s.areaKm2,
  places: s.places,
  streets: s.streets,
  ms: s.ms,
});

/** The central's sites outside a city's bounds: they come from the central, configured separately from the workstation's city. */
export function sitesOutside(sites: readonly Pick<Site, 'lon' | 'lat'>[], [w, s, e, n]: readonly [number, number, number, number]): number {
  return sites.filter((x) => x.lon < w || x.lon > e || x.lat < s || x.lat > n).length;
}

/** Settings → Cities on the board API: list, import (in a worker), cancel, switch, delete. */
export function createCitiesHandlers(d: {
  citiesDir: string;
  city: CityInUse;
  imports: ImportService;
  sites(): readonly Site[];
  /** The city in use changed or one was deleted: every console re-reads (the map too when `mapChanged`). */
  changed(mapChanged: boolean): void;
  /** An administrator's change, audited in the same transaction as it is made. */
  audited<T>(ctx: CallerContext, target: string, detail: Record<string, unknown>, act: () => T): T;
}): HandlersOf<typeof citiesMethods> {
  const use = (name: string) => {
    const { bounds } = d.city.use(name);
    d.changed(true);
    const sites = d.sites();
    return { inUse: name, bounds, sitesOutside: sitesOutside(sites, bounds), sites: sites.length };
  };
  return {
    'cities.list': () => {
      const cities = listCities(d.citiesDir).map(toCityView);
      const sites = d.sites();
      let outside = 0;
      try {
        outside = sitesOutside(sites, d.city.baseMap.info().bounds);
      } catch {
        // no base map to compare with: the map says so itself
      }
      return {
        cities,
        inUse: d.city.inUse(),
        startedWith: d.city.startedWith,
        sitesOutside: outside,
        sites: sites.length,
        importing: d.imports.running(),
      };
    },
    'cities.import': (ctx, { path, name }) => {
      if (d.imports.running()) throw new BoardError('import_running', 'a city import is running: wait for it or cancel it');
      let isFile: boolean;
      try {
        isFile = statSync(path).isFile();
      } catch {
        throw new BoardError('import_file_missing', `no file at ${path}`, { path: path.slice(0, 200) });
      }
      if (!isFile) throw new BoardError('import_file_missing', `${path} is not a file`, { path: path.slice(0, 200) });
      const city = name ?? cityNameFromFile(path);
      const started = d.audited(ctx, `city:${city}`, { action: 'import', path }, () => d.imports.start(path, city));
      return { id: started.id, name: started.name };
    },
    'cities.cancelImport': async () => ({ cancelled: await d.imports.cancel() }),
    'cities.use': (ctx, { name }) => d.audited(ctx, `city:${name}`, { action: 'use', before: d.city.inUse() }, () => use(name)),
    'cities.delete': (ctx, { name }) => {
      if (name === d.city.inUse()) throw new BoardError('city_in_use', `the board is on ${name}: switch to another city before deleting it`, { city: name });
      if (d.imports.running()?.name === name) throw new BoardError('import_running', `${name} is being imported`);
      if (!listCities(d.citiesDir).some((c) => c.name === name)) throw new BoardError('city_not_found', `no imported city ${name}`, { city: name });
      d.audited(ctx, `city:${name}`, { action: 'delete' }, () => rmSync(join(d.citiesDir, name), { recursive: true, force: true }));
      d.changed(false);
      return { deleted: name };
    },
  };
}
