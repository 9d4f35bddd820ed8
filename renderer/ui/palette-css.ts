import { ALERT_LEVEL_RGBA, cssHex, ROUTE_RGBA } from '../../shared/palette';

/**
 * The palette's colours as CSS custom properties, so the stylesheets (--level-* on the
 * console, --wall-* on the wall) draw with the very values the map layers use instead of
 * a copy that drifts (the wall's red once did).
 */
export function paletteCssVariables(): Record<string, string> {
  return {
    '--level-green': cssHex(ALERT_LEVEL_RGBA.green),
    '--level-yellow': cssHex(ALERT_LEVEL_RGBA.yellow),
    '--level-orange': cssHex(ALERT_LEVEL_RGBA.orange),
    '--level-red': cssHex(ALERT_LEVEL_RGBA.red),
    '--route-on-time': cssHex(ROUTE_RGBA.onTime),
  };
}

/** Set once on the document root before the first render (main.tsx). */
export function installPaletteVariables(root: Pick<HTMLElement, 'style'>): void {
  for (const [name, value] of Object.entries(paletteCssVariables())) root.style.setProperty(name, value);
}
