import type { ScatterplotLayer } from '@deck.gl/layers';
import type { Site } from '../../shared/domain';
import { createSiteMarkerLayer, type SiteLayerOptions } from './depot-layer';
import { SELECTED_OUTLINE, SITE_KIND_STYLE } from './site-style';
import { stationsOf } from './site-subsets';

export const STATION_LAYER_ID = 'stations';

/** Police stations (派出所): rings, places supplies go to; drawn between the quick-pick points and the depots. */
export function createStationLayer(sites: readonly Site[], options: SiteLayerOptions): ScatterplotLayer<Site> {
  const { selectedId } = options;
  const style = SITE_KIND_STYLE.station;
  const ring = style.ring!;
  return createSiteMarkerLayer(STATION_LAYER_ID, stationsOf(sites), options.visible, {
    getRadius: style.radiusPx,
    getFillColor: style.fill,
    getLineColor: (s) => (s.id === selectedId ? SELECTED_OUTLINE : ring.color),
    getLineWidth: ring.widthPx,
    updateTriggers: { getLineColor: selectedId },
  });
}
