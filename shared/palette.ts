import type { AlertLevel, VehicleStatus } from './domain';

/**
 * The board's colours, one definition for the console, the wall and their legends, so a
 * red route, a red countdown and a red wall marker are the same red. RGBA 0–255, the way
 * deck.gl takes them; the stylesheets repeat the four levels as hex (--level-*, --wall-*)
 * and a test holds them to these values.
 */
export type Rgba = readonly [number, number, number, number];

/** Vehicle status colours: the arrows on both maps, the top bar legend, the queue's chips. */
export const VEHICLE_STATUS_COLORS: Record<VehicleStatus, Rgba> = {
  available: [46, 204, 113, 255],
  enroute: [52, 152, 255, 255],
  atscene: [255, 159, 26, 255],
  returning: [155, 120, 255, 255],
  maintenance: [240, 200, 40, 255],
  offline: [128, 136, 148, 255],
};

/** The four-colour levels (四色预警): margins, priorities, alerts, destinations. */
export const ALERT_LEVEL_RGBA: Record<AlertLevel, Rgba> = {
  green: [46, 204, 113, 255],
  yellow: [240, 200, 41, 255],
  orange: [255, 140, 40, 255],
  red: [255, 72, 72, 255],
};

/**
 * Routes on the wall: on time in a cyan that no vehicle status uses, late in the red alert
 * colour itself (the same object, so the two can never drift apart).
 */
export const ROUTE_RGBA: { onTime: Rgba; late: Rgba } = { onTime: [56, 225, 255, 230], late: ALERT_LEVEL_RGBA.red };

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

export function withAlpha([r, g, b]: Rgba, alpha: number): Rgba {
  return [r, g, b, Math.max(0, Math.min(255, Math.round(alpha)))];
}

/** `rgba(…)` for inline styles (legend dots, swatches) from a palette colour. */
export function cssColor([r, g, b, a]: Rgba | readonly number[]): string {
  return `rgba(${r}, ${g}, ${b}, ${((a ?? 255) / 255).toFixed(2)})`;
}

/** `#rrggbb` (alpha dropped), the spelling the stylesheets use. */
export function cssHex([r, g, b]: Rgba): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
