import type { AlertLevel } from '../../shared/domain';

type Rgba = readonly [number, number, number, number];

/**
 * Four-colour levels (四色预警) as the wall draws them: saturated enough to tell apart
 * across a hall on a dark background. The CSS in wall.css uses the same values.
 */
export const ALERT_LEVEL_RGBA: Record<AlertLevel, Rgba> = {
  red: [255, 77, 79, 255],
  orange: [255, 146, 43, 255],
  yellow: [250, 204, 21, 255],
  green: [46, 204, 113, 255],
};

/** Route lines: on time in a cyan that no vehicle status uses; late in the red alert colour. */
export const ROUTE_RGBA = { onTime: [56, 225, 255, 230] as Rgba, late: ALERT_LEVEL_RGBA.red };
