import { describe, expect, it } from 'vitest';
import { ALERT_LEVEL_RGBA, ROUTE_RGBA } from '../../shared/palette';
import { installPaletteVariables, paletteCssVariables } from './palette-css';

describe('palette as CSS variables', () => {
  it('gives the stylesheets the map layers’ own level and route colours', () => {
    expect(paletteCssVariables()).toEqual({
      '--level-green': '#2ecc71',
      '--level-yellow': '#f0c829',
      '--level-orange': '#ff8c28',
      '--level-red': '#ff4848',
      '--route-on-time': '#38e1ff',
    });
    expect(ALERT_LEVEL_RGBA.red).toEqual([255, 72, 72, 255]);
  });

  it('draws a late route in the red alert colour itself', () => {
    expect(ROUTE_RGBA.late).toBe(ALERT_LEVEL_RGBA.red);
  });

  it('sets every variable on the root', () => {
    const set = new Map<string, string>();
    installPaletteVariables({ style: { setProperty: (k: string, v: string) => void set.set(k, v) } as unknown as CSSStyleDeclaration });
    expect(Object.fromEntries(set)).toEqual(paletteCssVariables());
  });
});
