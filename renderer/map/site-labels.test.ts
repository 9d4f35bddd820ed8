import { describe, expect, it } from 'vitest';
import type { Site } from '../../shared/domain';
import { atlasFontSize, glyphBox, labelCharacterSet, lineMetrics } from './label-font';
import { boxTouchesDisc, LABEL_SPOT_COUNT, overlaps, placeLabels, type LabelRequest, type ScreenBox } from './label-placement';
import { createSiteLabeller, createSiteLabelLayers, LABEL_PLATE, SITE_LABEL_STYLE, type LabelMeasurer } from './site-label-layer';

const VIEW: ScreenBox = { x0: 0, y0: 0, x1: 800, y1: 600 };
const label = (id: string, x: number, y: number, rank = 3, width = 100, height = 18, radius = 7): LabelRequest => ({ id, x, y, radius, width, height, rank });

/** Every pair of placed boxes apart, and no box on any marker. */
function expectClear(result: ReturnType<typeof placeLabels>, markers: { x: number; y: number; radius: number }[]) {
  const boxes = result.placed.map((p) => p.box);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${result.placed[i]!.id} × ${result.placed[j]!.id}`).toBe(false);
    for (const m of markers) expect(boxTouchesDisc(boxes[i]!, m.x, m.y, m.radius)).toBe(false);
  }
}

describe('label placement', () => {
  it('puts a lone name centred under its marker', () => {
    const r = placeLabels({ labels: [label('a', 400, 300)], markers: [{ x: 400, y: 300, radius: 7 }], vehicles: [], vehicleHalfPx: 9, view: VIEW });
    expect(r.hidden).toEqual([]);
    expect(r.placed[0]).toMatchObject({ id: 'a', spot: 0, dx: -50, dy: 10, vehicles: 0 });
  });

  it('keeps names of close sites apart and off every marker', () => {
    // Five sites 20 px apart in a row: the names must go above, below, aside, or be left out.
    const labels = [0, 1, 2, 3, 4].map((i) => label(`s${i}`, 300 + i * 20, 300));
    const markers = labels.map((l) => ({ x: l.x, y: l.y, radius: 7 }));
    const r = placeLabels({ labels, markers, vehicles: [], vehicleHalfPx: 9, view: VIEW });
    expectClear(r, markers);
    expect(r.placed.length + r.hidden.length).toBe(5);
    expect(r.placed.length).toBeGreaterThanOrEqual(3);
  });

  it('places the more important name first: a depot keeps its spot, the quick-pick point yields', () => {
    const depot = label('depot', 400, 300, 1);
    const qp = label('qp', 400, 330, 3);
    const markers = [depot, qp].map((l) => ({ x: l.x, y: l.y, radius: 7 }));
    const r = placeLabels({ labels: [qp, depot], markers, vehicles: [], vehicleHalfPx: 9, view: VIEW });
    expectClear(r, markers);
    expect(r.placed[0]!.id).toBe('depot');
  });

  it('moves a name off the vehicles parked under it', () => {
    // Vehicles packed under and above the marker: the name goes to the side.
    const vehicles: number[] = [];
    for (let dx = -60; dx <= 60; dx += 12) vehicles.push(400 + dx, 320, 400 + dx, 280);
    const r = placeLabels({ labels: [label('a', 400, 300)], markers: [{ x: 400, y: 300, radius: 7 }], vehicles, vehicleHalfPx: 9, view: VIEW });
    expect(r.placed[0]!.vehicles).toBe(0);
    expect([2, 3, 10, 11, 18, 19]).toContain(r.placed[0]!.spot);
  });

  it('keeps a name where it was while that spot is still free (no hopping)', () => {
    const markers = [{ x: 400, y: 300, radius: 7 }];
    const r = placeLabels({ labels: [label('a', 400, 300)], markers, vehicles: [], vehicleHalfPx: 9, view: VIEW, previous: new Map([['a', 2]]) });
    expect(r.placed[0]!.spot).toBe(2);
    // ...until a vehicle parks on it and a free spot exists.
    const moved = placeLabels({ labels: [label('a', 400, 300)], markers, vehicles: [460, 300], vehicleHalfPx: 9, view: VIEW, previous: new Map([['a', 2]]) });
    expect(moved.placed[0]!.spot).toBe(0);
  });

  it('keeps names inside the view and leaves out what cannot fit', () => {
    const r = placeLabels({ labels: [label('edge', 790, 590, 3, 300)], markers: [], vehicles: [], vehicleHalfPx: 9, view: VIEW });
    expect(r.placed[0]!.box.x1).toBeLessThanOrEqual(800);
    expect(r.placed[0]!.box.y1).toBeLessThanOrEqual(600);
    const none = placeLabels({ labels: [label('huge', 400, 300, 3, 900)], markers: [], vehicles: [], vehicleHalfPx: 9, view: VIEW });
    expect(none).toEqual({ placed: [], hidden: ['huge'] });
  });

  it('keeps names from under the panels over the map', () => {
    // A side panel over the right of the view: the name goes left of its marker, or nowhere.
    const panel = { x0: 420, y0: 0, x1: 800, y1: 600 };
    const r = placeLabels({ labels: [label('a', 400, 300)], markers: [{ x: 400, y: 300, radius: 7 }], vehicles: [], vehicleHalfPx: 9, view: VIEW, covered: [panel] });
    expect(r.placed[0]!.box.x1).toBeLessThanOrEqual(420);
    const none = placeLabels({ labels: [label('b', 600, 300)], markers: [], vehicles: [], vehicleHalfPx: 9, view: VIEW, covered: [panel] });
    expect(none.hidden).toEqual(['b']);
  });

  it('snaps each box to whole device pixels', () => {
    const r = placeLabels({ labels: [label('a', 400.37, 300.81, 3, 97.3)], markers: [], vehicles: [], vehicleHalfPx: 9, view: VIEW, pixelRatio: 1.5 });
    const { box } = r.placed[0]!;
    expect(Math.abs(box.x0 * 1.5 - Math.round(box.x0 * 1.5))).toBeLessThan(1e-9);
    expect(Math.abs(box.y0 * 1.5 - Math.round(box.y0 * 1.5))).toBeLessThan(1e-9);
  });

  it('has three rings of spots around a marker', () => {
    expect(LABEL_SPOT_COUNT).toBe(24);
  });
});

describe('label font', () => {
  it('draws the atlas at the shown size in device pixels', () => {
    expect(atlasFontSize(12, 1)).toBe(12);
    expect(atlasFontSize(12, 1.5)).toBe(18);
    expect(atlasFontSize(14, 1.25)).toBe(18);
    expect(atlasFontSize(21, 2)).toBe(42);
  });

  it('gives every glyph a whole-pixel advance and keeps ink that overhangs its origin', () => {
    expect(glyphBox({ width: 12, left: 0, right: 12 })).toEqual({ advance: 12, left: 0, width: 12 });
    expect(glyphBox({ width: 6.6, left: -0.4, right: 6.2 })).toEqual({ advance: 7, left: 0, width: 7 });
    expect(glyphBox({ width: 5.2, left: 1.3, right: 6.4 })).toEqual({ advance: 5, left: 2, width: 9 });
  });

  it('takes the line box from the font, or a CJK default', () => {
    expect(lineMetrics({ fontAscent: 11.2, fontDescent: 2.9 }, 12)).toEqual({ ascent: 12, descent: 3 });
    expect(lineMetrics({ fontAscent: NaN, fontDescent: 0 }, 12)).toEqual({ ascent: 12, descent: 4 });
  });

  it('builds the character set from the names themselves', () => {
    const set = labelCharacterSet(['快取点07·萨尔格伦斯卡医院', 'Quick-pick 07']);
    for (const ch of '快取点07·门广Quick-p ') if (ch !== '门' && ch !== '广') expect(set.has(ch)).toBe(true);
    expect(set.has('门')).toBe(false);
  });
});

const fakeMeasurer: LabelMeasurer = {
  textWidth: (text, sizePx) => Array.from(text).length * sizePx,
  lineMetrics: (sizePx, _w, pr) => ({ ascent: Math.ceil(sizePx * pr * 0.9), descent: Math.ceil(sizePx * pr * 0.25) }),
};
const site = (id: string, kind: Site['kind'], lon: number, lat: number): Site => ({ id, kind, name: `${id}名`, nameEn: `${id} name`, address: '', lon, lat });

describe('site labeller and layers', () => {
  const sites = [site('c', 'central', 0, 0), site('q', 'quickpick', 1, 0)];
  const project = (lon: number, lat: number) => ({ x: 300 + lon * 200, y: 300 - lat * 200 });

  it('sizes each plate from the text, the font and the padding, in the chosen language', () => {
    const place = createSiteLabeller(fakeMeasurer);
    const { labels, placement } = place({ sites, language: 'en', selectedId: null, project, vehicles: [], vehicleHalfPx: 9, view: VIEW, pixelRatio: 1 });
    expect(labels.map((l) => l.text)).toEqual(['c name', 'q name']);
    const depotBox = placement.placed.find((p) => p.id === 'c')!.box;
    const depot = SITE_LABEL_STYLE.depot.sizePx;
    expect(depotBox.x1 - depotBox.x0).toBeCloseTo(6 * depot + 2 * LABEL_PLATE.padX, 6);
    const line = fakeMeasurer.lineMetrics(depot, 600, 1);
    expect(depotBox.y1 - depotBox.y0).toBeCloseTo(line.ascent + line.descent + 2 * LABEL_PLATE.padY, 6);
  });

  it('names only the sites asked for, keeping every marker an obstacle (the wall)', () => {
    const place = createSiteLabeller(fakeMeasurer);
    const { labels, placement } = place({ sites, named: (s) => s.kind !== 'quickpick', language: 'zh-CN', selectedId: null, project, vehicles: [], vehicleHalfPx: 9, view: VIEW, pixelRatio: 2, scale: 1.5 });
    expect(labels.map((l) => l.site.id)).toEqual(['c']);
    expect(placement.hidden).toEqual([]);
  });

  it('gives a name pushed to the outer ring a leader line to its marker', () => {
    const place = createSiteLabeller(fakeMeasurer);
    const only = [site('c', 'central', 0, 0)];
    const { x, y } = project(0, 0);
    const r = 11 + 2 + 8; // marker radius + outline, then 8 px out: inside each near spot, short of the far ones
    const d = (11 + 2) * 0.7 + 8;
    const vehicles = [x, y + r, x, y - r, x + r, y, x - r, y, x + d, y + d, x - d, y + d, x + d, y - d, x - d, y - d];
    const unproject = (sx: number, sy: number): [number, number] => [(sx - 300) / 200, (300 - sy) / 200];
    const { labels, placement } = place({ sites: only, language: 'zh-CN', selectedId: null, project, unproject, vehicles, vehicleHalfPx: 2, view: VIEW, pixelRatio: 1 });
    expect(placement.placed[0]!.spot).toBeGreaterThanOrEqual(8);
    expect(placement.placed[0]!.vehicles).toBe(0);
    const leader = labels[0]!.leader!;
    expect(leader).not.toBeNull();
    // From the marker's edge (13 px out) to the plate.
    expect(Math.hypot(leader[0][0], leader[0][1]) * 200).toBeCloseTo(13, 5);
    // A fresh labeller (the same one keeps the far spot while it stays free, by design).
    const near = createSiteLabeller(fakeMeasurer)({ sites: only, language: 'zh-CN', selectedId: null, project, unproject, vehicles: [], vehicleHalfPx: 2, view: VIEW, pixelRatio: 1 });
    expect(near.labels[0]!.leader).toBeNull();
  });

  it('draws one pickable text layer per size, at the atlas size, with the names from the placement', () => {
    const place = createSiteLabeller(fakeMeasurer);
    const { labels } = place({ sites, language: 'zh-CN', selectedId: null, project, vehicles: [], vehicleHalfPx: 9, view: VIEW, pixelRatio: 1.5 });
    const characters = labelCharacterSet(sites.flatMap((s) => [s.name, s.nameEn]));
    const layers = createSiteLabelLayers(labels, { visible: true, pixelRatio: 1.5, characters, measurer: fakeMeasurer });
    expect(layers.map((l) => l.id)).toEqual(['site-labels-leaders', 'site-labels-depot', 'site-labels-quickpick']);
    const [leaders, depots, quickpicks] = layers;
    expect(leaders.props.pickable).toBe(false);
    expect(depots!.props.pickable).toBe(true);
    expect(depots!.props.characterSet).toBe(characters);
    expect(depots!.props.fontSettings).toMatchObject({ sdf: false, fontSize: atlasFontSize(SITE_LABEL_STYLE.depot.sizePx, 1.5) });
    expect(quickpicks!.props.fontSettings).toMatchObject({ sdf: false, fontSize: atlasFontSize(SITE_LABEL_STYLE.quickpick.sizePx, 1.5) });
    expect((depots!.props.data as unknown[]).length).toBe(1);
    expect(depots!.props.background).toBe(true);
    expect(typeof depots!.props._getFontRenderer).toBe('function');
    // The text starts inside the plate's padding, on a whole device pixel (5 CSS px = 7.5 device px would blur it).
    const l = labels.find((x) => x.site.id === 'c')!;
    const offset = (depots!.props.getPixelOffset as (x: typeof l) => [number, number])(l);
    expect(offset).toEqual([l.dx + 8 / 1.5, l.dy + LABEL_PLATE.padY]);
    expect((offset[0] - l.dx) * 1.5).toBeCloseTo(8, 9);
  });
});
