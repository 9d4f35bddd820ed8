import { TextLayer } from '@deck.gl/layers';
import type { Site } from '../../shared/domain';
import { SITE_KIND_STYLE } from './site-style';

export const SITE_LABEL_LAYER_ID = 'site-labels';

/** CJK-capable families present on the Debian/Windows workstations we target. */
export const LABEL_FONT_FAMILY = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif';

export type SiteLabelLayerOptions = {
  visible: boolean;
  language: 'zh-CN' | 'en';
};

/**
 * Site names under their markers. `characterSet: 'auto'` makes deck.gl build its glyph
 * atlas from the names themselves, which is what makes Chinese names render at all.
 */
export function createSiteLabelLayer(sites: readonly Site[], options: SiteLabelLayerOptions): TextLayer<Site> {
  const { language } = options;
  return new TextLayer<Site>({
    id: SITE_LABEL_LAYER_ID,
    data: sites,
    visible: options.visible,
    pickable: false,
    characterSet: 'auto',
    fontFamily: LABEL_FONT_FAMILY,
    fontSettings: { sdf: true },
    outlineWidth: 4,
    outlineColor: [11, 18, 32, 235],
    sizeUnits: 'pixels',
    getSize: (s) => (s.kind === 'quickpick' ? 11 : 13),
    getPosition: (s) => [s.lon, s.lat],
    getText: (s) => (language === 'en' ? s.nameEn : s.name),
    getColor: (s) => (s.kind === 'quickpick' ? [186, 230, 253, 230] : [241, 245, 249, 255]),
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'top',
    getPixelOffset: (s) => [0, SITE_KIND_STYLE[s.kind].radiusPx + 3],
    updateTriggers: { getText: language },
  });
}
