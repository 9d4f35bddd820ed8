import { refuse, type ApplyCtx, type ApplyResult } from '../../commands/module';

/**
 * Where a site may stand: a real WGS-84 position (the payload's schema already says so; a
 * board's overlay runs these rules on what its outbox holds, so they say it again), and,
 * where the applier knows its city's area (the central does), inside it: a depot in the
 * sea, from a slipped click or a swapped lon/lat, would send vehicles to the nearest road
 * node at the city's edge.
 */
export function sitePositionRefusal(lon: number, lat: number, ctx: ApplyCtx): ApplyResult | null {
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) {
    return refuse('bad_position', `(${lon}, ${lat}) is not a WGS-84 position`);
  }
  const area = ctx.area;
  if (area && !(lon >= area[0] && lon <= area[2] && lat >= area[1] && lat <= area[3])) {
    return refuse('outside_city', `(${lon}, ${lat}) lies outside the city [${area.join(', ')}]`);
  }
  return null;
}

export const SITE_POSITION_REFUSALS = ['bad_position', 'outside_city'] as const;
