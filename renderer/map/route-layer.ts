import { PathLayer } from '@deck.gl/layers';
import type { Rgba } from '../../shared/palette';

export const PLAN_ROUTE_LAYER_ID = 'plan-routes';
export const DISPATCH_ROUTE_LAYER_ID = 'dispatch-routes';

export type LonLatPath = readonly (readonly [number, number])[];

/** One road path that carries its own look: a plan leg, or an active dispatch's remaining route (the console). */
export type RoutePath = {
  id: string;
  path: LonLatPath;
  color: Rgba;
  widthPx: number;
};

export type RouteLayerOptions = {
  /** PLAN_ROUTE_LAYER_ID, DISPATCH_ROUTE_LAYER_ID, or the wall's own id. */
  id: string;
  visible: boolean;
};

/** How a view colours and sizes routes whose data does not say (the wall colours by lateness). */
export type RouteStyle<T> = {
  color(route: T): Rgba;
  widthPx: number | ((route: T) => number);
};

const OWN_STYLE: RouteStyle<RoutePath> = { color: (r) => r.color, widthPx: (r) => r.widthPx };

/**
 * Routes on the road network (deck PathLayer), for the console and the wall alike. Widths
 * are in pixels so a route stays readable at every zoom; paths with fewer than two points
 * draw nothing and are dropped here rather than left for deck to skip (the data array is
 * passed through untouched when there is none, so deck sees no new data).
 */
export function createRouteLayer(routes: readonly RoutePath[], options: RouteLayerOptions): PathLayer<RoutePath>;
export function createRouteLayer<T extends { path: LonLatPath }>(routes: readonly T[], options: RouteLayerOptions & RouteStyle<T>): PathLayer<T>;
export function createRouteLayer<T extends { path: LonLatPath }>(routes: readonly T[], options: RouteLayerOptions & Partial<RouteStyle<T>>): PathLayer<T> {
  // Without a style the data is RoutePath (the first overload), which carries its own.
  const style = (options.color ? options : OWN_STYLE) as RouteStyle<T>;
  const drawable = routes.every((r) => r.path.length > 1) ? routes : routes.filter((r) => r.path.length > 1);
  const width = style.widthPx;
  return new PathLayer<T>({
    id: options.id,
    data: drawable as T[],
    visible: options.visible,
    pickable: false,
    widthUnits: 'pixels',
    widthMinPixels: 2,
    capRounded: true,
    jointRounded: true,
    getPath: (r) => r.path as [number, number][],
    getColor: (r) => style.color(r) as [number, number, number, number],
    getWidth: typeof width === 'number' ? width : (r) => width(r),
  });
}
