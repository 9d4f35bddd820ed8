import { LineLayer, TextLayer } from '@deck.gl/layers';
import type { Site, SiteKind } from '../../shared/domain';
import type { Rgba } from '../../shared/palette';
import { atlasFontSize, createGlyphRenderer, LABEL_FONT_FAMILY, type LineMetrics } from './label-font';
import { placeLabels, type LabelRequest, type PlacedLabel, type ScreenBox } from './label-placement';
import { isNeighbourRow, LABEL_PLATE, NEIGHBOUR_LABEL_PLATE, neighbourLabelText, SITE_KIND_STYLE, SITE_LABEL_STYLE, type SiteLabelGroup } from './site-style';

export { LABEL_PLATE, SITE_LABEL_STYLE };

export const SITE_LABEL_LAYER_ID = 'site-labels';

/** The plate's padding in whole device pixels: the text inside starts on a pixel like the plate. */
function platePadding(scale: number, pixelRatio: number): { padX: number; padY: number } {
  const pr = Math.max(1, pixelRatio);
  return { padX: Math.round(LABEL_PLATE.padX * scale * pr) / pr, padY: Math.round(LABEL_PLATE.padY * scale * pr) / pr };
}

const LEADER_COLOR: Rgba = [148, 163, 184, 200];

export const labelGroupOf = (kind: SiteKind): SiteLabelGroup => (kind === 'quickpick' ? 'quickpick' : 'depot');

/**
 * A name placed on screen: the plate's top-left relative to the marker's centre, in CSS
 * pixels; a name in the outer ring of spots also has a leader line to its marker (lon/lat).
 */
export type SiteLabel = { site: Site; text: string; dx: number; dy: number; leader: [[number, number], [number, number]] | null };

/** What the labeller needs of the fonts: widths and line heights as the text layer will draw them. */
export type LabelMeasurer = {
  textWidth(text: string, sizePx: number, weight: number, pixelRatio: number): number;
  lineMetrics(sizePx: number, weight: number, pixelRatio: number): LineMetrics;
};

const siteName = (s: Site, language: 'zh-CN' | 'en') => (language === 'en' ? s.nameEn : s.name);

/** The selected site's name first, then central, regional, police stations, quick-pick points. */
const RANK: Record<SiteKind, number> = { central: 1, regional: 2, station: 3, quickpick: 4 };

export type SiteLabelInput = {
  sites: readonly Site[];
  /** Which sites get a name (the wall names depots only); the markers of all `sites` stay obstacles. */
  named?: (site: Site) => boolean;
  language: 'zh-CN' | 'en';
  selectedId: string | null;
  /** Screen position (CSS px) of a lon/lat. */
  project(lon: number, lat: number): { x: number; y: number };
  /** Vehicle symbols' centres on screen as x, y pairs, and half their box. */
  vehicles: Float64Array | readonly number[];
  vehicleHalfPx: number;
  view: ScreenBox;
  /** Parts of the view covered by panels (see label-placement.ts). */
  covered?: readonly ScreenBox[];
  pixelRatio: number;
  /** Everything drawn this much larger (the wall). */
  scale?: number;
  /** Lon/lat of a screen point, for leader lines; without it names have none. */
  unproject?(x: number, y: number): [number, number];
};

/** How a placed name is drawn: its text, the atlas font, its line's ascent (atlas px), the text's inset in the plate (CSS px). */
export type LabelText = { text: string; font: string; fontSize: number; ascent: number; padX: number; padY: number };
export type SiteLabelPlacement = { placed: (PlacedLabel & LabelText)[]; hidden: string[] };

/**
 * Places the names of the sites on screen, remembering each name's spot for the next call
 * (one labeller per map). Returns the labels to draw and the placement (for the test hook).
 */
export function createSiteLabeller(measurer: LabelMeasurer) {
  let previous = new Map<string, number>();
  return (input: SiteLabelInput): { labels: SiteLabel[]; placement: SiteLabelPlacement } => {
    const scale = input.scale ?? 1;
    const named = input.named ?? (() => true);
    const requests: LabelRequest[] = [];
    const texts = new Map<string, { site: Site } & LabelText>();
    const markers: { x: number; y: number; radius: number }[] = [];
    for (const site of input.sites) {
      const at = input.project(site.lon, site.lat);
      const radius = (SITE_KIND_STYLE[site.kind].radiusPx + 2) * scale;
      markers.push({ x: at.x, y: at.y, radius });
      if (!named(site)) continue;
      const style = SITE_LABEL_STYLE[labelGroupOf(site.kind)];
      const sizePx = style.sizePx * scale;
      const text = siteName(site, input.language);
      const line = input.pixelRatio > 0 ? measurer.lineMetrics(sizePx, style.weight, input.pixelRatio) : { ascent: sizePx, descent: 0 };
      const fontSize = atlasFontSize(sizePx, input.pixelRatio);
      const { padX, padY } = platePadding(scale, input.pixelRatio);
      const width = measurer.textWidth(text, sizePx, style.weight, input.pixelRatio) + 2 * padX;
      const height = ((line.ascent + line.descent) * sizePx) / fontSize + 2 * padY;
      const rank = site.id === input.selectedId ? 0 : RANK[site.kind];
      requests.push({ id: site.id, x: at.x, y: at.y, radius, width, height, rank });
      texts.set(site.id, { site, text, padX, padY, fontSize, ascent: line.ascent, font: `${style.weight} ${fontSize}px ${LABEL_FONT_FAMILY}` });
    }
    const placed = placeLabels({
      labels: requests,
      markers,
      vehicles: input.vehicles,
      vehicleHalfPx: input.vehicleHalfPx,
      view: input.view,
      covered: input.covered ?? [],
      previous,
      pixelRatio: input.pixelRatio,
    });
    previous = new Map(placed.placed.map((p) => [p.id, p.spot]));
    const placement: SiteLabelPlacement = {
      placed: placed.placed.map((p) => {
        const { site: _site, ...text } = texts.get(p.id)!;
        return { ...p, ...text };
      }),
      hidden: placed.hidden,
    };
    const labels = placed.placed.map((p): SiteLabel => {
      const t = texts.get(p.id)!;
      const request = requests.find((r) => r.id === p.id)!;
      const leader = p.spot >= FIRST_FAR_SPOT && input.unproject ? leaderLine(request, p.box, input.unproject) : null;
      return { site: t.site, text: t.text, dx: p.dx, dy: p.dy, leader };
    });
    return { labels, placement };
  };
}

/** Spots from this index on stand a ring further out (label-placement.ts): they get a leader. */
const FIRST_FAR_SPOT = 8;

/** From the marker's edge to the nearest point of the plate. */
function leaderLine(at: LabelRequest, box: ScreenBox, unproject: (x: number, y: number) => [number, number]): SiteLabel['leader'] {
  const ex = Math.max(box.x0, Math.min(at.x, box.x1));
  const ey = Math.max(box.y0, Math.min(at.y, box.y1));
  const len = Math.hypot(ex - at.x, ey - at.y);
  if (len <= at.radius) return null;
  const sx = at.x + ((ex - at.x) / len) * at.radius;
  const sy = at.y + ((ey - at.y) / len) * at.radius;
  return [unproject(sx, sy), unproject(ex, ey)];
}

export type SiteLabelLayerOptions = {
  visible: boolean;
  pixelRatio: number;
  /** The names of every site, both languages: the atlas holds their characters. */
  characters: Set<string>;
  measurer: LabelMeasurer;
  scale?: number;
  pickable?: boolean;
  /** Prefix of the layers' ids (the wall keeps its own). */
  id?: string;
};

/**
 * The names as drawn: one text layer per size (a glyph atlas per size, drawn at that size in
 * device pixels), each name on a plate at the spot the labeller chose. `dx`/`dy` come
 * snapped to device pixels, and every glyph advance is whole, so the text stays sharp.
 */
export function createSiteLabelLayers(labels: readonly SiteLabel[], options: SiteLabelLayerOptions): [LineLayer<SiteLabel>, TextLayer<SiteLabel>, TextLayer<SiteLabel>] {
  const scale = options.scale ?? 1;
  const pr = Math.max(1, options.pixelRatio);
  const prefix = options.id ?? SITE_LABEL_LAYER_ID;
  const leaders = new LineLayer<SiteLabel>({
    id: `${prefix}-leaders`,
    data: labels.filter((l) => l.leader !== null),
    visible: options.visible,
    pickable: false,
    widthUnits: 'pixels',
    getWidth: 1.25 * scale,
    getColor: LEADER_COLOR as [number, number, number, number],
    getSourcePosition: (l) => l.leader![0],
    getTargetPosition: (l) => l.leader![1],
  });
  const texts = (group: SiteLabelGroup) => {
    const style = SITE_LABEL_STYLE[group];
    const sizePx = style.sizePx * scale;
    const fontSize = atlasFontSize(sizePx, pr);
    const line = options.measurer.lineMetrics(sizePx, style.weight, pr);
    const { padX, padY } = platePadding(scale, pr);
    const data = labels.filter((l) => labelGroupOf(l.site.kind) === group);
    return new TextLayer<SiteLabel>({
      id: `${prefix}-${group}`,
      data,
      visible: options.visible,
      pickable: options.pickable ?? true,
      characterSet: options.characters,
      fontFamily: LABEL_FONT_FAMILY,
      fontWeight: style.weight,
      fontSettings: { sdf: false, fontSize, buffer: 4 },
      _getFontRenderer: (settings) => createGlyphRenderer(settings),
      // One line box of whole pixels: the rows' baselines land on pixels.
      lineHeight: (line.ascent + line.descent) / fontSize,
      sizeUnits: 'pixels',
      getSize: sizePx,
      getPosition: (l) => [l.site.lon, l.site.lat],
      getText: (l) => l.text,
      // A neighbouring unit's name is faded like its marker (read-only context); the console's own as always.
      getColor: (l) => (isNeighbourRow(l.site) ? neighbourLabelText(style.color) : style.color) as [number, number, number, number],
      getTextAnchor: 'start',
      getAlignmentBaseline: 'top',
      getPixelOffset: (l) => [l.dx + padX, l.dy + padY],
      background: true,
      getBackgroundColor: (l) => (isNeighbourRow(l.site) ? NEIGHBOUR_LABEL_PLATE.fill : LABEL_PLATE.fill) as [number, number, number, number],
      getBorderColor: (l) => (isNeighbourRow(l.site) ? NEIGHBOUR_LABEL_PLATE.border : LABEL_PLATE.border) as [number, number, number, number],
      getBorderWidth: 1,
      backgroundBorderRadius: 3 * scale,
      backgroundPadding: [padX, padY, padX, padY],
      updateTriggers: { getPixelOffset: data.map((l) => `${l.dx},${l.dy}`).join(';'), getText: data.map((l) => l.text).join(';') },
    });
  };
  return [leaders, texts('depot'), texts('quickpick')];
}
