/** The wall is designed at 1920×1080 (body type 30 px); everything scales from there. */
export const DESIGN_WIDTH = 1920;
export const DESIGN_HEIGHT = 1080;
export const MIN_SCALE = 0.5;
export const MAX_SCALE = 6;

/**
 * How much bigger than the design everything is drawn: the smaller of the two ratios, so
 * a 5760×2160 wall of three screens scales like its height (2×) and gets the extra width
 * as more map, instead of type too tall for its rows.
 */
export function wallScale(width: number, height: number): number {
  if (!(width > 0) || !(height > 0)) return 1;
  const s = Math.min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT);
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.round(s * 1000) / 1000));
}
