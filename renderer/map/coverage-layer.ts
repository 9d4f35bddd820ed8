import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { CoverageBandKind, CoverageBandProperties } from '../../shared/routing/coverage';

type Rgba = readonly [number, number, number, number];

export const COVERAGE_LAYER_ID = 'coverage';
/** The division's promise: the "15-minute service circle". */
export const SERVICE_CIRCLE_MIN = 15;

export type CoverageBand = Feature<MultiPolygon | Polygon, CoverageBandProperties>;
export type CoverageBands = FeatureCollection<MultiPolygon | Polygon, CoverageBandProperties>;

/**
 * Inside the service circle the bands are a faint wash (the map stays readable); outside
 * it a stronger warm veil, because what the officer looks for is where the circle ends;
 * beyond the highest level red. Where there is no road at all (water, parks, rail) is a
 * neutral grey: not a failure of service, and never the same colour as ">30 min". The
 * city's empty surroundings are not in any band (the backend leaves them out).
 */
export function coverageFill(p: Pick<CoverageBandProperties, 'kind' | 'fromMin' | 'toMin'>): Rgba {
  if (p.kind === 'no_road') return [148, 163, 184, 46];
  if (p.kind === 'beyond') return [255, 72, 72, 70];
  if (p.toMin !== null && p.toMin <= 5) return [46, 204, 113, 34];
  if (p.toMin !== null && p.toMin <= SERVICE_CIRCLE_MIN) return [59, 155, 255, 30];
  return [255, 140, 40, 80];
}

export function coverageLine(p: Pick<CoverageBandProperties, 'kind' | 'fromMin' | 'toMin'>): Rgba {
  if (p.kind === 'no_road') return [148, 163, 184, 110];
  return p.fromMin >= SERVICE_CIRCLE_MIN ? [255, 140, 40, 200] : [120, 170, 230, 90];
}

/** A band of roads the service circle does not reach (15–30, >30); "no road" is not one. */
export const isOutsideServiceCircle = (p: Pick<CoverageBandProperties, 'kind' | 'fromMin'>): boolean => p.kind !== 'no_road' && p.fromMin >= SERVICE_CIRCLE_MIN;

/**
 * The board API gives the bands as unknown features (validated only as a list); keep
 * those that are polygons with band properties, so a bad feature cannot break the map.
 */
export function toCoverageBands(features: readonly unknown[]): CoverageBands {
  const ok: CoverageBand[] = [];
  for (const f of features) {
    if (typeof f !== 'object' || f === null) continue;
    const { geometry, properties } = f as { geometry?: { type?: unknown; coordinates?: unknown }; properties?: Record<string, unknown> };
    if (!geometry || (geometry.type !== 'MultiPolygon' && geometry.type !== 'Polygon') || !Array.isArray(geometry.coordinates)) continue;
    if (!properties || typeof properties.fromMin !== 'number' || !(typeof properties.toMin === 'number' || properties.toMin === null)) continue;
    // A backend from before the classes: its open band mixed ">30" and "no road"; call it beyond.
    const kind: CoverageBandKind = properties.kind === 'no_road' || properties.kind === 'beyond' || properties.kind === 'time' ? properties.kind : properties.toMin === null ? 'beyond' : 'time';
    ok.push({
      type: 'Feature',
      geometry: geometry as MultiPolygon | Polygon,
      properties: {
        kind,
        fromMin: properties.fromMin,
        toMin: properties.toMin,
        label: typeof properties.label === 'string' ? properties.label : '',
        cellShare: typeof properties.cellShare === 'number' ? properties.cellShare : 0,
      },
    });
  }
  return { type: 'FeatureCollection', features: ok };
}

export type CoverageLayerOptions = { visible: boolean };

/** Drive-time bands from every depot and quick-pick point (map.coverage), under everything else. */
export function createCoverageLayer(bands: CoverageBands | null, options: CoverageLayerOptions): GeoJsonLayer<CoverageBandProperties> {
  // deck types accessors over any geometry; these bands are only ever polygons.
  type AnyBand = Feature<Geometry, CoverageBandProperties>;
  return new GeoJsonLayer<CoverageBandProperties>({
    id: COVERAGE_LAYER_ID,
    // The features array rather than the collection: deck takes either, and the layer summary counts arrays.
    data: (bands?.features ?? []) as never,
    visible: options.visible,
    pickable: false,
    filled: true,
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: (f: AnyBand) => (isOutsideServiceCircle(f.properties) ? 1.5 : 0.75),
    getFillColor: (f: AnyBand) => coverageFill(f.properties) as [number, number, number, number],
    getLineColor: (f: AnyBand) => coverageLine(f.properties) as [number, number, number, number],
  });
}
