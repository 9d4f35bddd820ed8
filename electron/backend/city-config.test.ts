import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './test-support';
import { baseMapFromEnv, CityConfigError } from './city-config';

const tmp = tempDir('jb-city-config-');
afterAll(() => tmp.remove());

/** An imported city as the city store lays it out: a version folder, and `current` naming it. */
function importedCity(name: string): string {
  const version = join(tmp.dir, 'cities', name, '2026-12-03T00-00-00-000Z');
  mkdirSync(version, { recursive: true });
  writeFileSync(join(version, 'city.json'), '{}');
  writeFileSync(join(tmp.dir, 'cities', name, 'current'), '2026-12-03T00-00-00-000Z');
  return version;
}

describe('the city the backend draws', () => {
  it('is the imported city JINGBAO_CITY names, in JINGBAO_CITIES_DIR, before any JINGBAO_BASEMAP', () => {
    const version = importedCity('shenzhen');
    expect(baseMapFromEnv({ JINGBAO_CITY: 'shenzhen', JINGBAO_CITIES_DIR: join(tmp.dir, 'cities'), JINGBAO_BASEMAP: '/demo/basemap.mbtiles' })).toBe(join(version, 'basemap.mbtiles'));
    // A built city's folder works too.
    expect(baseMapFromEnv({ JINGBAO_CITY: version })).toBe(join(version, 'basemap.mbtiles'));
  });

  it('is JINGBAO_BASEMAP without a city', () => {
    expect(baseMapFromEnv({ JINGBAO_BASEMAP: '/demo/basemap.mbtiles' })).toBe('/demo/basemap.mbtiles');
  });

  it('refuses a city that is not there (a city folder without its summary does not break the message), and a start with no map at all', () => {
    importedCity('foshan');
    const refusal = (env: NodeJS.ProcessEnv) => {
      try {
        baseMapFromEnv(env);
      } catch (e) {
        expect(e).toBeInstanceOf(CityConfigError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal({ JINGBAO_CITY: 'guangzhou', JINGBAO_CITIES_DIR: join(tmp.dir, 'cities'), JINGBAO_BASEMAP: '/demo/basemap.mbtiles' })).toMatch(/^JINGBAO_CITY: no city "guangzhou": neither a folder with city.json nor an imported city in /);
    expect(refusal({})).toMatch(/neither JINGBAO_CITY nor JINGBAO_BASEMAP/);
  });
});
