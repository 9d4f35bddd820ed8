import { join } from 'node:path';
import { defaultCitiesDir, resolveCityDir } from '../../city/city-store';

/** Why the city the workstation was told to use cannot be had: said once at start, and the board does not start. */
export class CityConfigError extends Error {}

/**
 * The base map the backend draws (its roads.json beside it is what routing reads), as the
 * Electron app was started: JINGBAO_CITY, an imported city's name (its version in use, in
 * JINGBAO_CITIES_DIR or .jingbao/cities) or a built city's folder; else JINGBAO_BASEMAP (the
 * demo city, or a file given by path). The browser host takes the same name with --city.
 */
export function baseMapFromEnv(env: NodeJS.ProcessEnv): string {
  const city = env.JINGBAO_CITY;
  if (city) {
    try {
      return join(resolveCityDir(city, env.JINGBAO_CITIES_DIR ?? defaultCitiesDir()), 'basemap.mbtiles');
    } catch (e) {
      throw new CityConfigError(`JINGBAO_CITY: ${(e as Error).message}`);
    }
  }
  const path = env.JINGBAO_BASEMAP;
  if (!path) throw new CityConfigError('neither JINGBAO_CITY nor JINGBAO_BASEMAP is set: the backend has no map to draw');
  return path;
}
