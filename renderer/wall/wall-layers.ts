import type { IconLayer, TextLayer } from '@deck.gl/layers';
import type { AlertLevel } from '../../shared/domain';
import { ALERT_LEVEL_RGBA, ROUTE_RGBA, type Rgba } from '../../shared/palette';
import { createDestinationLabelLayer, createDestinationLayer, type DestinationStyle } from '../map/destination-layer';
import { createRouteLayer } from '../map/route-layer';
import type { SymbolAtlas } from '../map/symbols';

/**
 * The wall's look on the map's layer factories (map/route-layer.ts, map/destination-layer.ts):
 * the console and the wall build the same deck layers; only the data and colours differ.
 */

export const ROUTE_LAYER_ID = 'wall-routes';
export const DESTINATION_LAYER_ID = 'wall-destinations';
export const DESTINATION_LABEL_LAYER_ID = 'wall-destination-labels';

/** One dispatch order's remaining road route (dispatch.route), for the wall's map. */
export type WallRoute = { dispatchId: string; path: readonly (readonly [number, number])[]; late: boolean };

/** Where a request goes, numbered as in the wall's dispatch list, coloured by its alert level. */
export type WallDestination = { requestId: string; lon: number; lat: number; level: AlertLevel; mark: string };

/** The dark of the wall's background: the list numbers on the coloured marks. */
const WALL_INK: Rgba = [11, 18, 32, 255];

export function createWallRouteLayer(routes: readonly WallRoute[], options: { widthPx: number }) {
  return createRouteLayer(routes, { id: ROUTE_LAYER_ID, visible: true, widthPx: options.widthPx, color: (r) => (r.late ? ROUTE_RGBA.late : ROUTE_RGBA.onTime) });
}

/** A solid level shape per destination (circle, square, diamond, octagon) with its list number on it. */
export function createWallDestinationLayers(destinations: readonly WallDestination[], options: { radiusPx: number; symbols: SymbolAtlas }): [IconLayer<WallDestination>, TextLayer<WallDestination>] {
  const style: DestinationStyle<WallDestination> = { pickable: false, radiusPx: options.radiusPx, color: (d) => ALERT_LEVEL_RGBA[d.level], level: (d) => d.level, variant: 'solid' };
  return [
    createDestinationLayer(destinations, { id: DESTINATION_LAYER_ID, visible: true, style, symbols: options.symbols }),
    createDestinationLabelLayer(destinations, { id: DESTINATION_LABEL_LAYER_ID, visible: true, sizePx: Math.round(options.radiusPx * 1.2), color: WALL_INK, text: (d) => d.mark }),
  ];
}
