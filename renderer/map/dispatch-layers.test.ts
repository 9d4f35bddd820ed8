import { describe, expect, it } from 'vitest';
import { ALERT_LEVEL_RGBA, runColor, RUN_COLORS } from '../../shared/palette';
import { COVERAGE_LAYER_ID, coverageFill, createCoverageLayer, isOutsideServiceCircle, toCoverageBands } from './coverage-layer';
import { createDestinationLayer, DESTINATION_LAYER_ID, destinationRadius, type DestinationMark } from './destination-layer';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { createHeatLayer, createHeatRefresher, HEAT_HALF_LIFE_MS, HEAT_LAYER_ID, HEAT_RADIUS_PX, HEAT_REFRESH_MS, HEAT_WINDOW_MS, heatFrameAt, heatWeight } from './heat-layer';
import { summarizeLayers } from './layer-summary';
import { levelIconName, type SymbolAtlas } from './symbols';
import { createRouteLayer, DISPATCH_ROUTE_LAYER_ID, PLAN_ROUTE_LAYER_ID, type RoutePath } from './route-layer';

/** Calls a deck accessor prop the way deck does: (object, { index, data, target }). */
function access<T>(accessor: unknown, object: T, index = 0): unknown {
  return typeof accessor === 'function' ? (accessor as (o: T, i: object) => unknown)(object, { index, data: [], target: [] }) : accessor;
}

const square = (x: number): number[][][] => [
  [
    [x, 57.7],
    [x + 0.01, 57.7],
    [x + 0.01, 57.71],
    [x, 57.71],
    [x, 57.7],
  ],
];
const band = (fromMin: number, toMin: number | null, cellShare: number) => ({
  type: 'Feature',
  geometry: { type: 'MultiPolygon', coordinates: [square(11.9 + fromMin / 100)] },
  properties: { fromMin, toMin, label: toMin === null ? `>${fromMin}` : `${fromMin}–${toMin}`, cellShare },
});

describe('route layer', () => {
  const routes: RoutePath[] = [
    {
      id: 'a',
      path: [
        [11.95, 57.69],
        [11.96, 57.7],
      ],
      color: runColor(0),
      widthPx: 5,
    },
    { id: 'b', path: [[11.95, 57.69]], color: runColor(1), widthPx: 5 },
  ];

  it('draws paths with their colour and pixel width, dropping one-point paths', () => {
    const layer = createRouteLayer(routes, { id: PLAN_ROUTE_LAYER_ID, visible: true });
    const data = layer.props.data as RoutePath[];
    expect(layer.id).toBe(PLAN_ROUTE_LAYER_ID);
    expect(data.map((r) => r.id)).toEqual(['a']);
    expect(access(layer.props.getPath, data[0])).toBe(routes[0]!.path);
    expect(access(layer.props.getColor, data[0])).toEqual(RUN_COLORS[0]);
    expect(access(layer.props.getWidth, data[0])).toBe(5);
    expect(layer.props.widthUnits).toBe('pixels');
    expect(layer.props.pickable).toBe(false);
  });

  it('serves both the plan and the active dispatches, by id', () => {
    const layer = createRouteLayer([], { id: DISPATCH_ROUTE_LAYER_ID, visible: false });
    expect(layer.id).toBe(DISPATCH_ROUTE_LAYER_ID);
    expect(layer.props.visible).toBe(false);
    expect(runColor(RUN_COLORS.length)).toEqual(RUN_COLORS[0]);
  });
});

describe('coverage layer', () => {
  const bands = toCoverageBands([band(0, 5, 0.4), band(5, 15, 0.2), band(15, 30, 0.1), band(30, null, 0.3), { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} }, null, 'junk']);

  it('keeps only polygon bands with their properties', () => {
    expect(bands.features.map((f) => f.properties.label)).toEqual(['0–5', '5–15', '15–30', '>30']);
  });

  it('keeps ">30 min" and "no road" apart: their own class, colour and words, and no road is no failure of service', () => {
    const classed = toCoverageBands([
      { ...band(30, null, 0.2), properties: { kind: 'beyond', fromMin: 30, toMin: null, label: '>30', cellShare: 0.2 } },
      { ...band(30, null, 0.1), properties: { kind: 'no_road', fromMin: 30, toMin: null, label: 'no road', cellShare: 0.1 } },
    ]);
    const [beyond, noRoad] = classed.features.map((f) => f.properties);
    expect([beyond!.kind, noRoad!.kind]).toEqual(['beyond', 'no_road']);
    expect(coverageFill(noRoad!)).not.toEqual(coverageFill(beyond!));
    // Grey for no road, red for beyond reach.
    const [r, g, b] = coverageFill(noRoad!);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(50);
    expect(coverageFill(beyond!)[0]).toBeGreaterThan(coverageFill(beyond!)[2] + 100);
    expect(isOutsideServiceCircle(beyond!)).toBe(true);
    expect(isOutsideServiceCircle(noRoad!)).toBe(false);
    // An older backend's open band (">30 or no road") reads as beyond.
    expect(bands.features[3]!.properties.kind).toBe('beyond');
  });

  it('fills inside the 15-minute circle faintly and outside it strongly', () => {
    const [b5, b15, b30, beyond] = bands.features.map((f) => f.properties);
    expect(isOutsideServiceCircle(b15!)).toBe(false);
    expect(isOutsideServiceCircle(b30!)).toBe(true);
    expect(isOutsideServiceCircle(beyond!)).toBe(true);
    const alpha = (p: typeof b5) => coverageFill(p!)[3];
    expect(alpha(b5)).toBeLessThan(alpha(b30));
    expect(alpha(b15)).toBeLessThan(alpha(beyond));
  });

  it('feeds the features to a GeoJsonLayer with band-coloured accessors', () => {
    const layer = createCoverageLayer(bands, { visible: true });
    expect(layer.id).toBe(COVERAGE_LAYER_ID);
    expect(layer.props.data).toBe(bands.features);
    expect(layer.props.pickable).toBe(false);
    expect(access(layer.props.getFillColor, bands.features[2])).toEqual(coverageFill(bands.features[2]!.properties));
    expect(access(layer.props.getLineWidth, bands.features[0])).toBeLessThan(access(layer.props.getLineWidth, bands.features[3]) as number);
    expect(summarizeLayers([layer, createCoverageLayer(null, { visible: false })])).toEqual([
      { id: 'coverage', visible: true, count: 4 },
      { id: 'coverage', visible: false, count: 0 },
    ]);
  });
});

describe('heat layer', () => {
  const now = Date.UTC(2026, 5, 1, 9, 0);
  const points = [
    { lon: 11.95, lat: 57.69, at: now - 60_000 },
    { lon: 11.96, lat: 57.7, at: now - HEAT_HALF_LIFE_MS },
    { lon: 11.97, lat: 57.71, at: now - HEAT_WINDOW_MS - 1 },
  ];

  it.each([
    [0, 1],
    [HEAT_HALF_LIFE_MS, 0.5],
    [2 * HEAT_HALF_LIFE_MS, 0.25],
    [-5000, 0],
    [HEAT_WINDOW_MS + 1, 0],
  ])('a request %d ms old weighs %d', (age, weight) => {
    expect(heatWeight(age)).toBeCloseTo(weight, 6);
  });

  it('weights each request by its age at the frame, leaving out the old and the not yet made', () => {
    const frame = heatFrameAt([...points, { lon: 12, lat: 57.7, at: now + 1000 }], now);
    expect(frame.at).toBe(now);
    expect(frame.requests).toBe(2);
    expect(frame.points.map((p) => p.position)).toEqual([[11.95, 57.69], [11.96, 57.7]]);
    expect(frame.points[1]!.weight).toBeCloseTo(0.5, 6);
  });

  it('refreshes every 5 minutes: the same frame until then, whatever arrives; then the requests as they are', () => {
    const refresh = createHeatRefresher();
    const first = refresh(points, now);
    const later = [...points, { lon: 11.99, lat: 57.72, at: now + 60_000 }];
    // Requests arriving, the clock ticking: the same frame, the same object (no new layer).
    for (const dt of [1000, 60_000, HEAT_REFRESH_MS - 1]) expect(refresh(later, now + dt)).toBe(first);
    const second = refresh(later, now + HEAT_REFRESH_MS);
    expect(second).not.toBe(first);
    expect(second.at).toBe(now + HEAT_REFRESH_MS);
    expect(second.requests).toBe(3);
    // Weights age with the frame, not per second.
    expect(second.points[0]!.weight).toBeLessThan(first.points[0]!.weight);
    expect(refresh(later, now + HEAT_REFRESH_MS + 30_000)).toBe(second);
    expect(HEAT_REFRESH_MS).toBe(300_000);
  });

  it('draws a density (HeatmapLayer) in screen pixels, weighted, unpickable', () => {
    const frame = heatFrameAt(points, now);
    const layer = createHeatLayer(frame, { visible: true });
    expect(layer).toBeInstanceOf(HeatmapLayer);
    expect(layer.id).toBe(HEAT_LAYER_ID);
    expect(layer.props.pickable).toBe(false);
    expect(layer.props.radiusPixels).toBe(HEAT_RADIUS_PX);
    expect(layer.props.data).toBe(frame.points);
    const data = frame.points;
    expect(access(layer.props.getPosition, data[0])).toEqual([11.95, 57.69]);
    expect(access(layer.props.getWeight, data[1])).toBeCloseTo(0.5, 6);
    expect(createHeatLayer(null, { visible: false }).props.data).toEqual([]);
  });
});

const SYMBOLS: SymbolAtlas = { atlas: 'data:image/png;base64,AAAA', mapping: {} };

describe('destination layer', () => {
  const marks: DestinationMark[] = [
    { id: 'r1', lon: 11.95, lat: 57.69, level: 'orange', kind: 'active', selected: false },
    { id: 'r2', lon: 11.96, lat: 57.7, level: 'red', kind: 'active', selected: true },
    { id: 'draft', lon: 11.97, lat: 57.71, level: 'green', kind: 'draft', selected: true },
  ];

  it('outlines each destination in the shape and colour of its level, the draft as a white circle, the selected larger', () => {
    const layer = createDestinationLayer(marks, { visible: true, symbols: SYMBOLS });
    expect(layer.id).toBe(DESTINATION_LAYER_ID);
    expect(layer.props.pickable).toBe(true);
    expect(access(layer.props.getColor, marks[0])).toEqual([...ALERT_LEVEL_RGBA.orange]);
    expect(access(layer.props.getColor, marks[2])).toEqual([255, 255, 255, 255]);
    expect(access(layer.props.getIcon, marks[0])).toBe(levelIconName('orange', 'hollow'));
    expect(access(layer.props.getIcon, marks[1])).toBe(levelIconName('red', 'hollow'));
    expect(access(layer.props.getIcon, marks[2])).toBe(levelIconName('green', 'hollow'));
    expect(access(layer.props.getSize, marks[1])).toBeGreaterThan(access(layer.props.getSize, marks[0]) as number);
    expect(destinationRadius(marks[1]!)).toBeGreaterThan(destinationRadius(marks[0]!));
    expect(destinationRadius(marks[2]!)).toBeGreaterThan(destinationRadius(marks[1]!));
  });
});
