import type { ScatterplotLayer } from '@deck.gl/layers';
import type { Site } from '../../shared/domain';
import { createSiteMarkerLayer, type SiteLayerOptions } from './depot-layer';
import { SELECTED_OUTLINE, SITE_KIND_STYLE, SITE_OUTLINE } from './site-style';
import { quickPickPointsOf } from './site-subsets';

export const QUICKPICK_LAYER_ID = 'quickpicks';

/** Street quick-pick points (街面快取点): small, many, drawn under the depots. */
export function createQuickPickLayer(sites: readonly Site[], options: SiteLayerOptions): ScatterplotLayer<Site> {
  const { selectedId } = options;
  const style = SITE_KIND_STYLE.quickpick;
  return createSiteMarkerLayer(QUICKPICK_LAYER_ID, quickPickPointsOf(sites), options.visible, {
    getRadius: style.radiusPx,
    getFillColor: style.fill,
    getLineColor: (s) => (s.id === selectedId ? SELECTED_OUTLINE : SITE_OUTLINE),
    getLineWidth: (s) => (s.id === selectedId ? 3 : 1),
    updateTriggers: { getLineColor: selectedId, getLineWidth: selectedId },
  });
}
