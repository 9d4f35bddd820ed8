import { ScatterplotLayer } from '@deck.gl/layers';
import type { Site } from '../../shared/domain';
import type { SiteLayerOptions } from './depot-layer';
import { SELECTED_OUTLINE, SITE_KIND_STYLE, SITE_OUTLINE } from './site-style';
import { quickPickPointsOf } from './site-subsets';

export const QUICKPICK_LAYER_ID = 'quickpicks';

/** Street quick-pick points (街面快取点): small, many, drawn under the depots. */
export function createQuickPickLayer(sites: readonly Site[], options: SiteLayerOptions): ScatterplotLayer<Site> {
  const { selectedId } = options;
  const style = SITE_KIND_STYLE.quickpick;
  return new ScatterplotLayer<Site>({
    id: QUICKPICK_LAYER_ID,
    data: quickPickPointsOf(sites),
    visible: options.visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 60],
    stroked: true,
    filled: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (s) => [s.lon, s.lat],
    getRadius: style.radiusPx,
    getFillColor: style.fill,
    getLineColor: (s) => (s.id === selectedId ? SELECTED_OUTLINE : SITE_OUTLINE),
    getLineWidth: (s) => (s.id === selectedId ? 3 : 1),
    updateTriggers: { getLineColor: selectedId, getLineWidth: selectedId },
  });
}
