import { ScatterplotLayer } from '@deck.gl/layers';
import type { Site } from '../../shared/domain';
import { SELECTED_OUTLINE, SITE_KIND_STYLE, SITE_OUTLINE } from './site-style';
import { depotsOf } from './site-subsets';

export const DEPOT_LAYER_ID = 'depots';

export type SiteLayerOptions = {
  visible: boolean;
  /** Site shown in the side panel; drawn with a highlighted outline. */
  selectedId: string | null;
};

/** Central and regional depots (中心库 / 区域库); quick-pick points have their own layer. */
export function createDepotLayer(sites: readonly Site[], options: SiteLayerOptions): ScatterplotLayer<Site> {
  const { selectedId } = options;
  return new ScatterplotLayer<Site>({
    id: DEPOT_LAYER_ID,
    data: depotsOf(sites),
    visible: options.visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 60],
    stroked: true,
    filled: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (s) => [s.lon, s.lat],
    getRadius: (s) => SITE_KIND_STYLE[s.kind].radiusPx,
    getFillColor: (s) => SITE_KIND_STYLE[s.kind].fill,
    getLineColor: (s) => (s.id === selectedId ? SELECTED_OUTLINE : SITE_OUTLINE),
    getLineWidth: (s) => (s.id === selectedId ? 3 : 1.5),
    updateTriggers: { getLineColor: selectedId, getLineWidth: selectedId },
  });
}
