import type { AlertLevel } from '../../shared/domain';

type Rgba = readonly [number, number, number, number];

/**
 * The four-colour levels (四色预警) on the map; the same hues as --level-* in app.css so
 * a red route and a red countdown read as one thing.
 */
export const ALERT_LEVEL_RGBA: Record<AlertLevel, Rgba> = {
  green: [46, 204, 113, 255],
  yellow: [240, 200, 41, 255],
  orange: [255, 140, 40, 255],
  red: [255, 72, 72, 255],
};

export function withAlpha([r, g, b]: Rgba, alpha: number): Rgba {
  return [r, g, b, Math.max(0, Math.min(255, Math.round(alpha)))];
}
