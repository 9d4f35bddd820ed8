import type { TextLayerProps } from '@deck.gl/layers';

type GetFontRenderer = NonNullable<TextLayerProps<unknown>['_getFontRenderer']>;
type FontSettings = Parameters<GetFontRenderer>[0];
type FontRenderer = ReturnType<GetFontRenderer>;

/**
 * The glyph atlas behind the site names. deck.gl's default atlas is drawn at 64 px and
 * shrunk to 12–14 px on screen (or an SDF of it): thin CJK strokes then fall between
 * pixels, and 门, 广, 快 lose their dots and hooks. Here the atlas is drawn at the size the
 * name is shown at, in device pixels, with whole-pixel advances and one line box for every
 * glyph: one atlas texel lands on one screen pixel, as the browser's own text would.
 */

/** CJK-capable families present on the workstations (Windows, Debian), best first. */
export const LABEL_FONT_FAMILY = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

/** Every character the names use, in both languages: one atlas for either language. */
export function labelCharacterSet(texts: Iterable<string>): Set<string> {
  const set = new Set<string>(['…', ' ']);
  for (const text of texts) for (const ch of text) set.add(ch);
  return set;
}

/** The atlas's font size for a name shown `sizePx` CSS pixels tall on a screen of `pixelRatio`. */
export const atlasFontSize = (sizePx: number, pixelRatio: number): number => Math.max(6, Math.round(sizePx * Math.max(1, pixelRatio)));

export type LineMetrics = { ascent: number; descent: number };

type Measure = (text: string) => { width: number; left: number; right: number; fontAscent: number; fontDescent: number };

/**
 * A font renderer for deck's TextLayer (its `_getFontRenderer` prop): whole-pixel metrics
 * so every glyph starts on a pixel, and each glyph drawn with coverage in the alpha
 * channel (the layer tints it). Line metrics are the font's, the same for every glyph,
 * so a row of mixed CJK, digits and Latin sits on one baseline.
 */
export function createGlyphRenderer(settings: FontSettings, doc: Document = document): FontRenderer & { line: LineMetrics } {
  const canvas = doc.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas unavailable');
  const font = `${settings.fontWeight} ${settings.fontSize}px ${settings.fontFamily}`;
  ctx.font = font;
  const measure: Measure = (text) => {
    const m = ctx.measureText(text);
    return { width: m.width, left: m.actualBoundingBoxLeft, right: m.actualBoundingBoxRight, fontAscent: m.fontBoundingBoxAscent, fontDescent: m.fontBoundingBoxDescent };
  };
  const line = lineMetrics(measure('国Ag'), settings.fontSize);
  return {
    line,
    measure(char?: string) {
      if (char === undefined) return { advance: 0, width: 0, ascent: line.ascent, descent: line.descent };
      const g = glyphBox(measure(char));
      return { advance: g.advance, width: g.width, ascent: line.ascent, descent: line.descent };
    },
    draw(char: string) {
      const g = glyphBox(measure(char));
      const w = Math.max(1, g.width + 2);
      const h = line.ascent + line.descent;
      canvas.width = w;
      canvas.height = h;
      ctx.font = font;
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'left';
      ctx.fillStyle = '#000';
      ctx.clearRect(0, 0, w, h);
      ctx.fillText(char, g.left + 1, line.ascent);
      return { data: ctx.getImageData(0, 0, w, h), left: g.left + 1, top: 0 };
    },
  };
}

/** The font's line box in whole pixels (the canvas may not know the font's box: then a CJK default). */
export function lineMetrics(m: Pick<ReturnType<Measure>, 'fontAscent' | 'fontDescent'>, fontSize: number): LineMetrics {
  const ascent = Number.isFinite(m.fontAscent) && m.fontAscent > 0 ? Math.ceil(m.fontAscent) : Math.ceil(fontSize * 0.92);
  const descent = Number.isFinite(m.fontDescent) && m.fontDescent > 0 ? Math.ceil(m.fontDescent) : Math.ceil(fontSize * 0.26);
  return { ascent, descent };
}

/** A glyph's whole-pixel advance, and the ink either side of its origin (`left`: how far ink reaches left of it). */
export function glyphBox(m: Pick<ReturnType<Measure>, 'width' | 'left' | 'right'>): { advance: number; left: number; width: number } {
  const advance = Math.round(m.width);
  const left = Math.max(0, Math.ceil(m.left));
  const right = Math.max(advance, Math.ceil(m.right));
  return { advance, left, width: left + right };
}

/**
 * Widths and line boxes of the names as the text layer will draw them, in CSS pixels: the
 * sum of whole-pixel advances at the atlas size, scaled back. The label placement needs
 * them before anything is drawn.
 */
export function createLabelMeasurer(doc: Document = document) {
  const ctx = doc.createElement('canvas').getContext('2d');
  const advances = new Map<string, number>();
  const lines = new Map<string, LineMetrics>();
  const fontOf = (sizePx: number, weight: number, pixelRatio: number) => {
    const fontSize = atlasFontSize(sizePx, pixelRatio);
    return { fontSize, font: `${weight} ${fontSize}px ${LABEL_FONT_FAMILY}` };
  };
  return {
    textWidth(text: string, sizePx: number, weight: number, pixelRatio: number): number {
      const { fontSize, font } = fontOf(sizePx, weight, pixelRatio);
      let sum = 0;
      for (const ch of text) {
        const key = `${font}|${ch}`;
        let adv = advances.get(key);
        if (adv === undefined) {
          if (ctx) {
            ctx.font = font;
            adv = glyphBox({ width: ctx.measureText(ch).width, left: 0, right: 0 }).advance;
          } else adv = Math.round(fontSize * (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.55));
          advances.set(key, adv);
        }
        sum += adv;
      }
      return (sum * sizePx) / fontSize;
    },
    lineMetrics(sizePx: number, weight: number, pixelRatio: number): LineMetrics {
      const { fontSize, font } = fontOf(sizePx, weight, pixelRatio);
      let line = lines.get(font);
      if (!line) {
        if (ctx) {
          ctx.font = font;
          const m = ctx.measureText('国Ag');
          line = lineMetrics({ fontAscent: m.fontBoundingBoxAscent, fontDescent: m.fontBoundingBoxDescent }, fontSize);
        } else line = lineMetrics({ fontAscent: NaN, fontDescent: NaN }, fontSize);
        lines.set(font, line);
      }
      return line;
    },
  };
}
