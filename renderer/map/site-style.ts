import type { SiteKind } from '../../shared/domain';
import type { Rgba } from '../../shared/palette';

/**
 * Site markers are circles with a light outline; vehicles are arrows. The hues stay
 * clear of the vehicle status colours (shared/vehicle-style.ts) so a depot is never
 * read as a vehicle state.
 */
export const SITE_KIND_STYLE: Record<SiteKind, { fill: Rgba; radiusPx: number }> = {
  central: { fill: [244, 63, 94, 255], radiusPx: 11 },
  regional: { fill: [236, 72, 153, 255], radiusPx: 8 },
  quickpick: { fill: [34, 211, 238, 255], radiusPx: 5 },
};

export const SITE_OUTLINE: Rgba = [241, 245, 249, 230];
export const SELECTED_OUTLINE: Rgba = [250, 204, 21, 255];
