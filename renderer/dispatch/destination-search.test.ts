import { describe, expect, it } from 'vitest';
import type { Site } from '../../shared/domain';
import { nearestStreetName, searchPlaces, streetsFromFeatures, streetsToSearch, type RoadFeature } from './destination-search';

const site = (id: string, kind: Site['kind'], name: string, nameEn: string, address: string, lon = 11.97, lat = 57.7): Site => ({ id, kind, name, nameEn, address, lon, lat });
const sites = [
  site('depot-central', 'central', '中心物资库', 'Central Supply Depot', 'Partihandelsgatan 5'),
  site('qp-06', 'quickpick', '快取点06·林奈广场', 'Quick-pick 06 · Linnéplatsen', 'Linnégatan', 11.9525, 57.6925),
  site('qp-01', 'quickpick', '快取点01·中央车站', 'Quick-pick 01 · Central Station', 'Drottningtorget'),
];
const road = (name: string | undefined, coordinates: [number, number][], type = 'LineString'): RoadFeature => ({
  properties: name === undefined ? {} : { name, class: 'secondary' },
  geometry: { type, coordinates: type === 'MultiLineString' ? [coordinates] : coordinates },
});

describe('streets from the base map', () => {
  it('keeps one point per name, the middle of its longest piece', () => {
    const streets = streetsFromFeatures([
      road('Linnégatan', [
        [11.95, 57.69],
        [11.951, 57.691],
      ]),
      road('Linnégatan', [
        [11.952, 57.692],
        [11.953, 57.693],
        [11.954, 57.694],
      ]),
      road('Allén', [
        [11.96, 57.7],
        [11.961, 57.7],
      ], 'MultiLineString'),
      road(undefined, [
        [0, 0],
        [1, 1],
      ]),
      road('  ', [
        [0, 0],
        [1, 1],
      ]),
    ]);
    expect(streets).toEqual([
      { name: 'Linnégatan', lon: 11.953, lat: 57.693 },
      { name: 'Allén', lon: 11.961, lat: 57.7 },
    ]);
  });

  it('names the street nearest to a clicked point, within reach', () => {
    const features = [road('Near', [[11.9501, 57.7]]), road('Far', [[11.96, 57.7]])];
    expect(nearestStreetName(features, 11.95, 57.7)).toBe('Near');
    expect(nearestStreetName(features, 11.9, 57.7)).toBeNull();
  });
});

describe('place search', () => {
  const streets = [
    { name: 'Linnégatan', lon: 11.953, lat: 57.693 },
    { name: 'Drottninggatan', lon: 11.968, lat: 57.706 },
  ];
  it('finds sites by name in either language or by address, and streets without accents', () => {
    expect(searchPlaces('林奈', sites, streets, 'zh-CN').map((p) => p.key)).toEqual(['site:qp-06']);
    expect(searchPlaces('central', sites, streets, 'en').map((p) => p.key)).toEqual(['site:depot-central', 'site:qp-01']);
    expect(searchPlaces('linne', sites, streets, 'zh-CN').map((p) => p.key)).toEqual(['site:qp-06', 'street:Linnégatan']);
    expect(searchPlaces('drottning', sites, streets, 'zh-CN').map((p) => p.key)).toEqual(['site:qp-01', 'street:Drottninggatan']);
    expect(searchPlaces('', sites, streets, 'zh-CN')).toEqual([]);
  });

  it('labels sites in the current language and keeps their coordinates', () => {
    const [p] = searchPlaces('林奈', sites, streets, 'en');
    expect(p).toMatchObject({ kind: 'site', label: 'Quick-pick 06 · Linnéplatsen', lon: 11.9525, lat: 57.6925, siteId: 'qp-06' });
  });
});

describe('named places', () => {
  const places = [
    { name: 'Linnéstaden', kind: 'suburb' as const, lon: 11.95, lat: 57.69 },
    { name: 'Majorna', kind: 'suburb' as const, lon: 11.92, lat: 57.69 },
  ];
  const streets = [{ name: 'Linnégatan', lon: 11.953, lat: 57.693 }, { name: 'Majornavägen', lon: 11.92, lat: 57.691 }];
  it('are found by name, after the sites and before the streets at the same score', () => {
    expect(searchPlaces('linne', sites, streets, 'zh-CN', places).map((p) => p.key)).toEqual(['site:qp-06', 'place:suburb:Linnéstaden', 'street:Linnégatan']);
    expect(searchPlaces('majorna', sites, streets, 'en', places).map((p) => p.key)).toEqual(['place:suburb:Majorna', 'street:Majornavägen']);
  });
  it('keep their kind and point', () => {
    expect(searchPlaces('majorna', [], [], 'en', places)[0]).toMatchObject({ kind: 'place', placeKind: 'suburb', label: 'Majorna', lon: 11.92, lat: 57.69 });
  });
});

describe('streets across the whole city', () => {
  it('searches the city index when there is one, and the loaded tiles only without it', () => {
    const index = [{ name: 'Far Away Street', lon: 12.1, lat: 57.8 }];
    let tilesRead = 0;
    const tiles = () => {
      tilesRead++;
      return [{ name: 'Near Street', lon: 11.97, lat: 57.7 }];
    };
    // A street whose tiles are not loaded is found through the index, and the tiles are not read.
    expect(searchPlaces('far away', [], streetsToSearch(index, tiles), 'en').map((p) => p.label)).toEqual(['Far Away Street']);
    expect(tilesRead).toBe(0);
    expect(searchPlaces('near', [], streetsToSearch([], tiles), 'en').map((p) => p.label)).toEqual(['Near Street']);
    expect(tilesRead).toBe(1);
  });
});
