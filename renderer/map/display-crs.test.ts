import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { createDisplayCrs } from './display-crs';
import { applyPositions, createVehicleBuffers } from './vehicle-buffers';

/** Metres between two WGS-84 points (equirectangular: exact enough at these distances). */
const metres = (a: readonly [number, number], b: readonly [number, number]) => {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6_371_000;
};

/** Places across China's cities, and two outside it (where GCJ-02 is WGS-84). */
const PLACES: [string, number, number][] = [
  ['Shenzhen', 114.0579, 22.5431],
  ['Beijing', 116.3975, 39.9087],
  ['Urumqi', 87.6168, 43.8256],
  ['Harbin', 126.535, 45.8038],
  ['Sanya', 109.5119, 18.2528],
];

describe('drawing over a GCJ-02 base map', () => {
  it.each(PLACES)('%s: WGS-84 → GCJ-02 → WGS-84 comes back within 0.2 m; the offset itself is hundreds of metres', (_city, lon, lat) => {
    const d = createDisplayCrs('gcj02');
    const shown = d.toMap(lon, lat);
    const back = d.fromMap(shown[0], shown[1]);
    // The stated tolerance: 0.2 m, a small part of a lane (gcoord inverts GCJ-02 by iteration).
    expect(metres([lon, lat], back)).toBeLessThan(0.2);
    // Not a no-op: the fault the conversion is for is real here.
    const offset = metres([lon, lat], shown);
    expect(offset).toBeGreaterThan(100);
    expect(offset).toBeLessThan(1000);
    // The same as the converter's own answer.
    expect(shown).toEqual(gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02));
  });

  it('round-trips within 0.2 m anywhere over China (a grid every ~0.4° × 0.3°)', () => {
    const d = createDisplayCrs('gcj02');
    let worst = 0;
    for (let lon = 74; lon <= 134; lon += 0.37) {
      for (let lat = 18.2; lat <= 53; lat += 0.29) {
        const [x, y] = d.toMap(lon, lat);
        worst = Math.max(worst, metres([lon, lat], d.fromMap(x, y)));
      }
    }
    // Measured: 0.146 m at worst (over the South China Sea); a city's streets stay under 0.1 m.
    expect(worst).toBeLessThan(0.2);
    expect(worst).toBeGreaterThan(0);
  });

  it('is no conversion at all outside China and over a WGS-84 map', () => {
    const d = createDisplayCrs('gcj02');
    expect(d.toMap(11.97, 57.7)).toEqual([11.97, 57.7]); // Göteborg
    const w = createDisplayCrs('wgs84');
    const sites = [{ id: 'a', lon: 114.05, lat: 22.54 }];
    expect(w.points(sites)).toBe(sites);
    expect(w.toMap(114.05, 22.54)).toEqual([114.05, 22.54]);
  });

  it('converts sites, routes, heat and coverage once per input, keeping everything else', () => {
    const d = createDisplayCrs('gcj02');
    const sites = [{ id: 'sz-1', name: '福田中心库', lon: 114.0579, lat: 22.5431 }];
    const shown = d.points(sites);
    expect(shown).not.toBe(sites);
    expect(shown[0]).toEqual({ id: 'sz-1', name: '福田中心库', lon: d.toMap(114.0579, 22.5431)[0], lat: d.toMap(114.0579, 22.5431)[1] });
    expect(d.points(sites)).toBe(shown); // memoised: deck's memo keys hold
    expect(sites[0]!.lon).toBe(114.0579); // the input untouched

    const routes = [{ id: 'r', path: [[114.05, 22.54], [114.06, 22.55]] as [number, number][] }];
    expect(d.paths(routes)[0]!.path).toEqual([d.toMap(114.05, 22.54), d.toMap(114.06, 22.55)]);
    expect(d.weighted({ at: 1, points: [{ position: [114.05, 22.54], weight: 2 }] })!.points[0]).toEqual({ position: d.toMap(114.05, 22.54), weight: 2 });
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { level: 5 }, geometry: { type: 'MultiPolygon', coordinates: [[[[114.05, 22.54], [114.06, 22.54], [114.05, 22.55], [114.05, 22.54]]]] } }] };
    const poly = d.polygons(fc)!.features[0]!;
    expect(poly.properties).toEqual({ level: 5 });
    expect((poly.geometry.coordinates as number[][][][])[0]![0]![1]).toEqual(d.toMap(114.06, 22.54));
    expect(d.polygons(null)).toBeNull();
  });

  it('draws the vehicles converted from the same typed array, converting only those that moved', () => {
    const d = createDisplayCrs('gcj02');
    const b = createVehicleBuffers(4);
    applyPositions(b, [
      { vehicleNo: 1, lon: 114.05, lat: 22.54, heading: 0, speedKmh: 0, ts: 1 },
      { vehicleNo: 2, lon: 114.06, lat: 22.55, heading: 0, speedKmh: 0, ts: 1 },
    ] as never);
    const v1 = d.vehicles(b);
    const positions = v1.positions;
    expect(v1.length).toBe(2);
    const want = d.toMap(b.positions[0]!, b.positions[1]!);
    expect(positions[0]).toBeCloseTo(want[0], 5);
    expect(positions[1]).toBeCloseTo(want[1], 5);
    expect(b.positions[0]).toBeCloseTo(114.05, 5); // the feed's own array untouched
    expect(d.vehicles(b)).toBe(v1); // nothing changed: the same view

    applyPositions(b, [{ vehicleNo: 2, lon: 114.07, lat: 22.56, heading: 90, speedKmh: 30, ts: 2 }] as never);
    const v2 = d.vehicles(b);
    expect(v2).toBe(v1); // one view per buffers: deck.gl's binary attribute stays the same array
    expect(v2.positions).toBe(positions);
    expect(v2.version).toBe(b.version);
    const moved = d.toMap(b.positions[2]!, b.positions[3]!);
    expect(v2.positions[2]).toBeCloseTo(moved[0], 5);
    expect(v2.positions[3]).toBeCloseTo(moved[1], 5);
    expect(v2.angles).toBe(b.angles);
  });
});
