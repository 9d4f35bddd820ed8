import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { BoardError } from '../../../shared/board-api';
import { CITY_NAME, currentVersionDir } from '../../../city/city-store';
import type { BaseMap } from '../map/basemap';
import type { Logger } from '../log';

/**
 * Which city the board draws and routes on, and switching it while the board runs: the base
 * map is swapped (the new one opened and checked first, the old one closed after) and routing
 * reads the new roads.json (dispatch/handlers.ts restarts its worker on a new roads path).
 *
 * The choice is kept for this workstation (a setting in its cache), so a restart starts on
 * it; a city named at start (--city, JINGBAO_CITY) wins over the kept one.
 */
export type CityInUseOptions = {
  citiesDir: string;
  /** The base map the backend was started with (the demo's, or the one --city named). */
  baseMapPath: string;
  /** An explicit roads file (tests); default roads.json beside the base map. */
  roadsPath?: string;
  /** The city named at start (it wins over the kept choice); null when none was. */
  startedWith: string | null;
  kept(): string | undefined;
  keep(name: string): void;
  open(path: string): BaseMap;
  log: Logger;
};

export function createCityInUse(o: CityInUseOptions) {
  /** The imported city a base map belongs to: <citiesDir>/<name>/<version>/basemap.mbtiles. */
  const cityOf = (path: string): string | null => {
    const parts = relative(o.citiesDir, path).split(sep);
    return parts.length === 3 && CITY_NAME.test(parts[0]!) && parts[0] !== '..' ? parts[0]! : null;
  };
  const basemapOf = (name: string): string | null => {
    const at = CITY_NAME.test(name) ? currentVersionDir(o.citiesDir, name) : null;
    return at && existsSync(join(at, 'basemap.mbtiles')) ? join(at, 'basemap.mbtiles') : null;
  };

  let path = o.baseMapPath;
  let roadsPath = o.roadsPath ?? join(dirname(o.baseMapPath), 'roads.json');
  const kept = o.startedWith === null ? o.kept() : undefined;
  if (kept) {
    const at = basemapOf(kept);
    if (at) {
      path = at;
      roadsPath = join(dirname(at), 'roads.json');
    } else o.log('warn', 'city.kept_missing', { city: kept, dir: o.citiesDir });
  }
  let map = o.open(path);
  let name = cityOf(path);

  /** Whichever base map is current answers: the map handlers hold this one object. */
  const baseMap = new Proxy({} as BaseMap, {
    get: (_t, key) => {
      const v = (map as Record<string | symbol, unknown>)[key];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(map) : v;
    },
  });

  return {
    baseMap,
    roadsPath: () => roadsPath,
    inUse: () => name,
    startedWith: o.startedWith,
    /** Switches to an imported city's version in use; the old city stays when the new one cannot be opened. */
    use(next: string) {
      const at = basemapOf(next);
      if (!at) throw new BoardError('city_not_found', `no imported city ${JSON.stringify(next)} with a base map in ${o.citiesDir}`, { city: next });
      const opened = o.open(at);
      let bounds: [number, number, number, number];
      try {
        bounds = opened.info().bounds;
      } catch (e) {
        opened.close();
        throw e;
      }
      const old = map;
      map = opened;
      path = at;
      roadsPath = join(dirname(at), 'roads.json');
      name = next;
      old.close();
      o.keep(next);
      o.log('info', 'city.switched', { city: next, path: at });
      return { bounds };
    },
    close: () => map.close(),
  };
}
export type CityInUse = ReturnType<typeof createCityInUse>;
