import type { SiteKind } from '../../shared/domain';
import type { Rgba } from '../../shared/palette';

/**
 * Site markers are circles with a light outline; vehicles are arrows. The hues stay
 * clear of the vehicle status colours (shared/palette.ts) so a depot is never read as a
 * vehicle state. A police station, which holds no supplies for dispatch, is the one ring: a
 * dark centre in a thick light ring (`ring`: its colour and width), told from the filled
 * supply sites by shape as well as colour.
 */
export const SITE_KIND_STYLE: Record<SiteKind, { fill: Rgba; radiusPx: number; ring?: { color: Rgba; widthPx: number } }> = {
  central: { fill: [244, 63, 94, 255], radiusPx: 11 },
  regional: { fill: [236, 72, 153, 255], radiusPx: 8 },
  quickpick: { fill: [34, 211, 238, 255], radiusPx: 5 },
  station: { fill: [15, 23, 42, 255], radiusPx: 7, ring: { color: [226, 232, 240, 255], widthPx: 3 } },
};

export const SITE_OUTLINE: Rgba = [241, 245, 249, 230];
export const SELECTED_OUTLINE: Rgba = [250, 204, 21, 255];

/**
 * Site names (site-label-layer.ts): depot names a size up from quick-pick names; both on a
 * dark plate, so a road, a route or a vehicle under a name never eats its strokes.
 */
export const SITE_LABEL_STYLE = {
  depot: { sizePx: 14, weight: 600, color: [241, 245, 249, 255] as Rgba },
  quickpick: { sizePx: 12, weight: 600, color: [186, 230, 253, 255] as Rgba },
} as const;
export type SiteLabelGroup = keyof typeof SITE_LABEL_STYLE;
export const LABEL_PLATE = { fill: [11, 18, 32, 224] as Rgba, border: [71, 85, 105, 235] as Rgba, padX: 5, padY: 2 } as const;

/**
 * A neighbouring unit's site or vehicle (board.snapshot's `neighbour`, multi-level command):
 * drawn faded — its colour half-way to slate grey, mostly transparent — so it reads as context,
 * not as the console's own to act on.
 */
export const NEIGHBOUR_ALPHA = 80;
const NEIGHBOUR_GREY: Rgba = [100, 116, 139, 255];
export const isNeighbourRow = (row: object): boolean => (row as { neighbour?: unknown }).neighbour === true;
/** A neighbour's name: its text half-way to grey and see-through on a lighter plate, still legible as context. */
export const NEIGHBOUR_LABEL_ALPHA = 170;
export const neighbourLabelText = (c: Rgba): Rgba => [
  Math.round((c[0] + NEIGHBOUR_GREY[0]) / 2),
  Math.round((c[1] + NEIGHBOUR_GREY[1]) / 2),
  Math.round((c[2] + NEIGHBOUR_GREY[2]) / 2),
  Math.min(c[3], NEIGHBOUR_LABEL_ALPHA),
];
export const NEIGHBOUR_LABEL_PLATE = { fill: [11, 18, 32, 150] as Rgba, border: [71, 85, 105, 110] as Rgba } as const;
export const neighbourFaded = (c: Rgba): Rgba => [
  Math.round((c[0] + NEIGHBOUR_GREY[0]) / 2),
  Math.round((c[1] + NEIGHBOUR_GREY[1]) / 2),
  Math.round((c[2] + NEIGHBOUR_GREY[2]) / 2),
  Math.min(c[3], NEIGHBOUR_ALPHA),
];
