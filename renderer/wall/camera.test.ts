import { describe, expect, it } from 'vitest';
import { boundsOf, cameraFor, panelPadding, sceneCamera } from './camera';

describe('wall camera', () => {
  it('frames routes by their bounds, a single place as a point, nothing as the city', () => {
    expect(boundsOf([[11.9, 57.7], [12, 57.72], [11.95, 57.69]])).toEqual([11.9, 57.69, 12, 57.72]);
    expect(boundsOf([])).toBeNull();
    expect(cameraFor([])).toEqual({ kind: 'city' });
    expect(cameraFor([[11.9, 57.7], [11.9001, 57.7001]])).toEqual({ kind: 'point', lon: expect.closeTo(11.90005, 9), lat: expect.closeTo(57.70005, 9) });
    expect(cameraFor([[11.9, 57.7], [12, 57.8]])).toEqual({ kind: 'bounds', bounds: [11.9, 57.7, 12, 57.8] });
    expect(cameraFor([[Number.NaN, 1]])).toEqual({ kind: 'city' });
  });

  it('picks the points by the scene camera', () => {
    const input = { routePoints: () => [[1, 2], [3, 4]] as const, alertPoints: () => [[5, 6]] as const };
    expect(sceneCamera('city', input)).toEqual({ kind: 'city' });
    expect(sceneCamera('routes', input)).toEqual({ kind: 'bounds', bounds: [1, 2, 3, 4] });
    expect(sceneCamera('alerts', input)).toEqual({ kind: 'point', lon: 5, lat: 6 });
  });

  it('leaves the panel side free: a third of a 16:9 screen, less of a very wide wall', () => {
    expect(panelPadding('right', 1920, 1).right).toBeCloseTo((0.34 * 1920 + 30) / 1920, 5);
    expect(panelPadding('right', 3840, 2).right).toBeCloseTo(panelPadding('right', 1920, 1).right, 5);
    expect(panelPadding('right', 5760, 2).right).toBeCloseTo((22 * 60 + 60) / 5760, 5);
    expect(panelPadding('right', 0, 1).right).toBe(0.36);
    expect(panelPadding('bottom', 1920, 1).bottom).toBeGreaterThan(0.24);
  });
});
