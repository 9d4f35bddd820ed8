import { PathLayer } from '@deck.gl/layers';

type Rgba = readonly [number, number, number, number];

export const PLAN_ROUTE_LAYER_ID = 'plan-routes';
export const DISPATCH_ROUTE_LAYER_ID = 'dispatch-routes';

/** One road path to draw: a plan leg, or an active dispatch's remaining route. */
export type RoutePath = {
  id: string;
  path: readonly (readonly [number, number])[];
  color: Rgba;
  widthPx: number;
};

export type RouteLayerOptions = {
  /** PLAN_ROUTE_LAYER_ID (the plan being looked at) or DISPATCH_ROUTE_LAYER_ID (vehicles en route). */
  id: string;
  visible: boolean;
};

/**
 * Routes on the road network (deck PathLayer). Widths are in pixels so a route stays
 * readable at every zoom; paths with fewer than two points draw nothing and are dropped
 * here rather than left for deck to skip.
 */
export function createRouteLayer(routes: readonly RoutePath[], options: RouteLayerOptions): PathLayer<RoutePath> {
  return new PathLayer<RoutePath>({
    id: options.id,
    data: routes.filter((r) => r.path.length > 1),
    visible: options.visible,
    pickable: false,
    widthUnits: 'pixels',
    widthMinPixels: 2,
    capRounded: true,
    jointRounded: true,
    getPath: (r) => r.path as [number, number][],
    getColor: (r) => r.color as [number, number, number, number],
    getWidth: (r) => r.widthPx,
  });
}

/** Distinct hues for the runs of one plan (vehicle 1, 2, ...), clear of the site colours. */
export const RUN_COLORS: readonly Rgba[] = [
  [59, 155, 255, 235],
  [167, 139, 250, 235],
  [45, 212, 191, 235],
  [250, 204, 21, 235],
  [244, 114, 182, 235],
  [163, 230, 53, 235],
];

export const runColor = (runIndex: number): Rgba => RUN_COLORS[runIndex % RUN_COLORS.length]!;
