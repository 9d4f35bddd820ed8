import { ScatterplotLayer, type ScatterplotLayerProps } from '@deck.gl/layers';
import type { Site } from '../../shared/domain';
import type { Rgba } from '../../shared/palette';
import { isNeighbourRow, neighbourFaded, SELECTED_OUTLINE, SITE_KIND_STYLE, SITE_OUTLINE } from './site-style';
import { depotsOf } from './site-subsets';

export const DEPOT_LAYER_ID = 'depots';

export type SiteLayerOptions = {
  visible: boolean;
  /** Site shown in the side panel; drawn with a highlighted outline. */
  selectedId: string | null;
};

type SiteColor = Rgba | ((s: Site) => Rgba);
/** A colour as each kind gives it, faded on a neighbouring unit's site (read-only here). */
const fadedOnNeighbours = (c: SiteColor) => (s: Site): Rgba => {
  const colour = typeof c === 'function' ? c(s) : c;
  return isNeighbourRow(s) ? neighbourFaded(colour) : colour;
};

/** Site markers: pickable circles sized in pixels at the sites' positions; each kind's layer gives the look; a neighbour's drawn faded. */
export function createSiteMarkerLayer(
  id: string,
  data: readonly Site[],
  visible: boolean,
  look: Pick<ScatterplotLayerProps<Site>, 'getRadius' | 'getLineWidth' | 'updateTriggers'> & { getFillColor: SiteColor; getLineColor: SiteColor },
): ScatterplotLayer<Site> {
  return new ScatterplotLayer<Site>({
    id,
    data,
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 60],
    stroked: true,
    filled: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (s) => [s.lon, s.lat],
    ...look,
    getFillColor: fadedOnNeighbours(look.getFillColor),
    getLineColor: fadedOnNeighbours(look.getLineColor),
  });
}

/** Central and regional depots (中心库 / 区域库); quick-pick points and police stations have their own layers. */
export function createDepotLayer(sites: readonly Site[], options: SiteLayerOptions): ScatterplotLayer<Site> {
  const { selectedId } = options;
  return createSiteMarkerLayer(DEPOT_LAYER_ID, depotsOf(sites), options.visible, {
    getRadius: (s) => SITE_KIND_STYLE[s.kind].radiusPx,
    getFillColor: (s) => SITE_KIND_STYLE[s.kind].fill,
    getLineColor: (s) => (s.id === selectedId ? SELECTED_OUTLINE : SITE_OUTLINE),
    getLineWidth: (s) => (s.id === selectedId ? 3 : 1.5),
    updateTriggers: { getLineColor: selectedId, getLineWidth: selectedId },
  });
}
