import { ScatterplotLayer } from '@deck.gl/layers';
import type { AlertLevel } from '../../shared/domain';
import { ALERT_LEVEL_RGBA } from './alert-style';

export const DESTINATION_LAYER_ID = 'request-destinations';

/** Where supplies go: the request being typed ('draft') and the open or en-route requests. */
export type DestinationMark = {
  id: string;
  lon: number;
  lat: number;
  level: AlertLevel;
  kind: 'draft' | 'active';
  /** The request selected in the queue: drawn larger. */
  selected: boolean;
};

const DRAFT_COLOR: [number, number, number, number] = [255, 255, 255, 255];

export function destinationRadius(m: Pick<DestinationMark, 'kind' | 'selected'>): number {
  return m.kind === 'draft' ? 11 : m.selected ? 10 : 7;
}

/**
 * Hollow rings, so the site or street under a destination stays visible; coloured by the
 * request's margin level, white for the one being typed.
 */
export function createDestinationLayer(marks: readonly DestinationMark[], options: { visible: boolean }): ScatterplotLayer<DestinationMark> {
  return new ScatterplotLayer<DestinationMark>({
    id: DESTINATION_LAYER_ID,
    data: marks as DestinationMark[],
    visible: options.visible,
    pickable: true,
    stroked: true,
    filled: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (m) => [m.lon, m.lat],
    getRadius: destinationRadius,
    getFillColor: (m) => (m.kind === 'draft' ? [255, 255, 255, 40] : [...ALERT_LEVEL_RGBA[m.level].slice(0, 3), 50] as [number, number, number, number]),
    getLineColor: (m) => (m.kind === 'draft' ? DRAFT_COLOR : ([...ALERT_LEVEL_RGBA[m.level]] as [number, number, number, number])),
    getLineWidth: (m) => (m.kind === 'draft' || m.selected ? 3 : 2),
  });
}
