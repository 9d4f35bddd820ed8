import { PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { AlertLevel } from '../../shared/domain';
import { ALERT_LEVEL_RGBA, ROUTE_RGBA } from './wall-colors';

export const ROUTE_LAYER_ID = 'wall-routes';
export const DESTINATION_LAYER_ID = 'wall-destinations';
export const DESTINATION_LABEL_LAYER_ID = 'wall-destination-labels';

/** One dispatch order's remaining road route (dispatch.route), for the wall's map. */
export type WallRoute = { dispatchId: string; path: readonly (readonly [number, number])[]; late: boolean };

/** Where a request goes, numbered as in the wall's dispatch list, coloured by its alert level. */
export type WallDestination = { requestId: string; lon: number; lat: number; level: AlertLevel; mark: string };

export type RouteLayerOptions = { widthPx: number };

export function createRouteLayer(routes: readonly WallRoute[], options: RouteLayerOptions): PathLayer<WallRoute> {
  return new PathLayer<WallRoute>({
    id: ROUTE_LAYER_ID,
    data: routes,
    pickable: false,
    widthUnits: 'pixels',
    getWidth: options.widthPx,
    widthMinPixels: 2,
    capRounded: true,
    jointRounded: true,
    getPath: (r) => r.path as [number, number][],
    getColor: (r) => (r.late ? ROUTE_RGBA.late : ROUTE_RGBA.onTime),
  });
}

export type DestinationLayerOptions = { radiusPx: number };

/** A filled disc per destination with its list number on it. */
export function createDestinationLayers(destinations: readonly WallDestination[], options: DestinationLayerOptions): [ScatterplotLayer<WallDestination>, TextLayer<WallDestination>] {
  return [
    new ScatterplotLayer<WallDestination>({
      id: DESTINATION_LAYER_ID,
      data: destinations,
      pickable: false,
      stroked: true,
      filled: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (d) => [d.lon, d.lat],
      getRadius: options.radiusPx,
      getFillColor: (d) => ALERT_LEVEL_RGBA[d.level],
      getLineColor: [11, 18, 32, 255],
      getLineWidth: 3,
    }),
    new TextLayer<WallDestination>({
      id: DESTINATION_LABEL_LAYER_ID,
      data: destinations,
      pickable: false,
      sizeUnits: 'pixels',
      getSize: Math.round(options.radiusPx * 1.2),
      fontWeight: 700,
      getPosition: (d) => [d.lon, d.lat],
      getText: (d) => d.mark,
      getColor: [11, 18, 32, 255],
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ];
}
