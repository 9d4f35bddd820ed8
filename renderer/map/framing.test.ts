import { describe, expect, it } from 'vitest';
import { FRAME_MARGIN, paddingAround, roomLeft, sitesBounds, sitesOnMap } from './framing';
import { linearScreenProjector, mercator, projectPositions } from './screen-projector';

const MAP = { left: 0, top: 40, right: 1600, bottom: 740 };

describe('frame padding', () => {
  it('is the names margin when nothing covers the map', () => {
    expect(paddingAround(MAP, [])).toEqual(FRAME_MARGIN);
  });

  it('pads the side a panel stands against: the side panel right, a docked panel left', () => {
    const side = { left: 1210, top: 50, right: 1590, bottom: 706 };
    const dock = { left: 10, top: 50, right: 490, bottom: 500 };
    const p = paddingAround(MAP, [side, dock]);
    expect(p.right).toBe(1600 - 1210 + 16);
    expect(p.left).toBe(490 + 16);
    expect(p.top).toBe(FRAME_MARGIN.top);
  });

  it('pads a corner box on the side that costs the map less', () => {
    // maplibre's zoom buttons and scale, bottom-left: narrow, so the left gives way.
    const controls = { left: 10, top: 620, right: 110, bottom: 730 };
    expect(paddingAround(MAP, [controls]).left).toBe(110 + 16);
    // A wide, low attribution strip along the bottom: the bottom gives way.
    const attribution = { left: 1300, top: 720, right: 1600, bottom: 740 };
    const p = paddingAround(MAP, [attribution]);
    expect(p.bottom).toBe(FRAME_MARGIN.bottom);
    expect(p.right).toBe(FRAME_MARGIN.right);
  });

  it('ignores what lies outside the map (the top bar, the queue)', () => {
    expect(paddingAround(MAP, [{ left: 0, top: 0, right: 1600, bottom: 40 }, { left: 0, top: 740, right: 1600, bottom: 900 }])).toEqual(FRAME_MARGIN);
  });

  it('says when the padding leaves no room to fit into', () => {
    expect(roomLeft(1600, 700, FRAME_MARGIN)).toBe(true);
    expect(roomLeft(500, 700, { top: 10, bottom: 10, left: 300, right: 150 })).toBe(false);
  });

  it('bounds the sites, none without any', () => {
    expect(sitesBounds([])).toBeNull();
    expect(sitesBounds([{ lon: 11.9, lat: 57.7 }, { lon: 12.0, lat: 57.68 }, { lon: 11.95, lat: 57.73 }])).toEqual([11.9, 57.68, 12.0, 57.73]);
  });
});

describe('sites framed', () => {
  it('are the sites on the base map: after a switch to a city the central knows nothing of, none (the city itself is framed)', () => {
    const monaco = [7.349, 43.715, 7.491, 43.77] as const;
    const gbg = { lon: 11.97, lat: 57.7 };
    const casino = { lon: 7.428, lat: 43.739 };
    expect(sitesOnMap([gbg, casino], monaco)).toEqual([casino]);
    expect(sitesBounds(sitesOnMap([gbg], monaco))).toBeNull();
  });
});

describe('screen projector', () => {
  // A north-up flat camera: exactly a scaled, shifted Web Mercator.
  const scale = 512 * 2 ** 13;
  const centre = mercator(11.97, 57.7);
  const project = (lon: number, lat: number) => {
    const [x, y] = mercator(lon, lat);
    return { x: 800 + (x - centre[0]) * scale, y: 400 + (y - centre[1]) * scale };
  };

  it('matches the map projection from two reference points', () => {
    const fast = linearScreenProjector(project, [11.9, 57.65], [12.05, 57.75]);
    for (const [lon, lat] of [[11.97, 57.7], [11.93, 57.71], [12.01, 57.69], [11.8, 57.8]] as const) {
      const a = fast(lon, lat);
      const b = project(lon, lat);
      expect(a.x).toBeCloseTo(b.x, 6);
      expect(a.y).toBeCloseTo(b.y, 6);
    }
  });

  it('projects a positions buffer as x, y pairs', () => {
    const fast = linearScreenProjector(project, [11.9, 57.65], [12.05, 57.75]);
    const out = projectPositions(new Float32Array([11.97, 57.7, 0, 0, 9, 9]), 2, fast);
    expect(out).toHaveLength(4);
    // Float32 positions: within a hundredth of a pixel.
    expect(out[0]).toBeCloseTo(800, 1);
    expect(out[1]).toBeCloseTo(400, 1);
  });
});
