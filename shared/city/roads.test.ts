import { describe, expect, it } from 'vitest';
import {
  bearingDeg,
  createVertexIndex,
  haversineM,
  isDrivable,
  parseMaxspeed,
  parseOneway,
  pointSegmentDistanceM,
  speedKmh,
  tileRoadClass,
  toDrivableWay,
} from './roads';

describe('isDrivable', () => {
  it.each([
    [{ highway: 'primary' }, true],
    [{ highway: 'primary_link' }, true],
    [{ highway: 'motorway_link' }, true],
    [{ highway: 'living_street' }, true],
    [{ highway: 'service' }, true],
    [{ highway: 'road' }, true],
    [{ highway: 'footway' }, false],
    [{ highway: 'cycleway' }, false],
    [{ highway: 'construction' }, false],
    [{ highway: 'track' }, false],
    [{ highway: 'pedestrian' }, false],
    [{}, false],
    [{ highway: 'residential', access: 'no' }, false],
    [{ highway: 'residential', motor_vehicle: 'no' }, false],
    [{ highway: 'residential', motorcar: 'no' }, false],
    [{ highway: 'residential', access: 'private' }, true],
    [{ highway: 'residential', access: 'destination' }, true],
  ])('%j → %s', (tags, want) => expect(isDrivable(tags)).toBe(want));
});

describe('parseMaxspeed', () => {
  it.each([
    ['50', 50],
    [' 30 ', 30],
    ['70 km/h', 70],
    ['30 mph', 48],
    ['30;50', 30],
    ['SE:urban', 50],
    ['se:rural', 70],
    ['none', null],
    ['signals', null],
    ['walk', null],
    ['', null],
    ['0', null],
    [undefined, null],
    [80, 80],
  ])('%j → %s', (raw, want) => expect(parseMaxspeed(raw)).toBe(want));
});

describe('speedKmh', () => {
  it.each([
    [{ highway: 'primary', maxspeed: '50' }, 50],
    [{ highway: 'motorway' }, 110],
    [{ highway: 'trunk' }, 90],
    [{ highway: 'primary' }, 80],
    [{ highway: 'secondary' }, 70],
    [{ highway: 'tertiary' }, 50],
    [{ highway: 'unclassified' }, 50],
    [{ highway: 'road' }, 50],
    [{ highway: 'residential' }, 30],
    [{ highway: 'service' }, 20],
    [{ highway: 'living_street' }, 10],
    [{ highway: 'motorway_link' }, 77],
    [{ highway: 'trunk_link' }, 63],
    [{ highway: 'trunk_link', maxspeed: '70' }, 70],
    [{ highway: 'secondary', maxspeed: 'none' }, 70],
  ])('%j → %s km/h', (tags, want) => expect(speedKmh(tags)).toBe(want));
});

describe('parseOneway', () => {
  it.each([
    [{ oneway: 'yes' }, 1],
    [{ oneway: '1' }, 1],
    [{ oneway: 'true' }, 1],
    [{ oneway: '-1' }, -1],
    [{ oneway: 'no' }, 0],
    [{}, 0],
    [{ junction: 'roundabout' }, 1],
    [{ junction: 'roundabout', oneway: 'no' }, 0],
    [{ junction: 'jughandle' }, 0],
  ])('%j → %s', (tags, want) => expect(parseOneway(tags)).toBe(want));
});

describe('toDrivableWay', () => {
  const line = (props: Record<string, unknown>, coords: number[][]) => ({
    type: 'Feature',
    properties: props,
    geometry: { type: 'LineString', coordinates: coords },
  });

  it('keeps drivable lines with rounded coordinates and parsed tags', () => {
    const w = toDrivableWay(
      line({ highway: 'secondary', name: 'Ullevigatan', oneway: 'yes', maxspeed: '40' }, [
        [11.987654321, 57.7012345678],
        [11.99, 57.702],
      ]),
    );
    expect(w).toEqual({
      name: 'Ullevigatan',
      highway: 'secondary',
      oneway: 1,
      maxspeedKmh: 40,
      coords: [
        [11.9876543, 57.7012346],
        [11.99, 57.702],
      ],
    });
  });

  it('drops polygons, foot ways, closed roads and degenerate lines', () => {
    expect(toDrivableWay({ properties: { highway: 'service' }, geometry: { type: 'Polygon', coordinates: [] } })).toBeNull();
    expect(toDrivableWay(line({ highway: 'footway' }, [[0, 0], [1, 1]]))).toBeNull();
    expect(toDrivableWay(line({ highway: 'service', access: 'no' }, [[0, 0], [1, 1]]))).toBeNull();
    expect(toDrivableWay(line({ highway: 'service' }, [[1, 1], [1.00000001, 1]]))).toBeNull();
  });

  it('gives a nameless way a null name', () => {
    expect(toDrivableWay(line({ highway: 'service', name: '' }, [[0, 0], [1, 1]]))?.name).toBeNull();
  });
});

describe('tileRoadClass', () => {
  it.each([
    ['primary_link', 'primary'],
    ['residential', 'residential'],
    ['footway', 'path'],
    ['cycleway', 'path'],
    ['steps', 'path'],
    ['pedestrian', 'path'],
    ['platform', 'path'],
    ['bridleway', 'path'],
    ['track', 'path'],
    ['construction', 'construction'],
  ])('%s → %s', (h, want) => expect(tileRoadClass(h)).toBe(want));
});

describe('geometry', () => {
  it('measures distances and bearings', () => {
    // One degree of latitude is about 111.2 km.
    expect(haversineM(12, 57, 12, 58)).toBeCloseTo(111_195, -2);
    expect(bearingDeg(12, 57, 12, 58)).toBeCloseTo(0, 6);
    expect(bearingDeg(12, 57, 12.1, 57)).toBeCloseTo(90, 0);
    expect(bearingDeg(12, 57, 12, 56)).toBeCloseTo(180, 6);
    expect(bearingDeg(12, 57, 11.9, 57)).toBeCloseTo(270, 0);
    expect(pointSegmentDistanceM(12, 57.001, 11.99, 57, 12.01, 57)).toBeCloseTo(111.2, 0);
    expect(pointSegmentDistanceM(12.02, 57, 11.99, 57, 12.01, 57)).toBeCloseTo(haversineM(12.02, 57, 12.01, 57), 0);
  });
});

describe('createVertexIndex', () => {
  // A deterministic scatter over a Göteborg-sized box.
  const n = 3000;
  const lons = new Float64Array(n);
  const lats = new Float64Array(n);
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < n; i++) {
    lons[i] = 11.9 + rnd() * 0.15;
    lats[i] = 57.66 + rnd() * 0.08;
  }
  const brute = (lon: number, lat: number, accept: (i: number) => boolean) => {
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < n; i++) {
      if (!accept(i)) continue;
      const d = haversineM(lon, lat, lons[i]!, lats[i]!);
      if (d < bestD) [best, bestD] = [i, d];
    }
    return best;
  };

  it('finds the same nearest vertex as a brute-force scan, inside and outside the data', () => {
    const even = (i: number) => i % 2 === 0;
    const index = createVertexIndex(lons, lats, even, 200);
    for (let k = 0; k < 300; k++) {
      const lon = 11.85 + rnd() * 0.25;
      const lat = 57.62 + rnd() * 0.16;
      expect(index.nearest(lon, lat)).toBe(brute(lon, lat, even));
    }
  });

  it('lists vertices within a radius', () => {
    const index = createVertexIndex(lons, lats);
    const got = index.within(11.97, 57.7, 800).sort((a, b) => a - b);
    const want = [...Array(n).keys()].filter((i) => haversineM(11.97, 57.7, lons[i]!, lats[i]!) <= 800);
    expect(got).toEqual(want);
  });

  it('answers -1 when nothing is accepted', () => {
    expect(createVertexIndex(lons, lats, () => false).nearest(12, 57.7)).toBe(-1);
  });
});
