import { ScatterplotLayer } from '@deck.gl/layers';
import type { AlertView } from '../../shared/alerts/api';
import type { AlertLevel } from '../../shared/alerts/levels';
import { ALERT_LEVEL_RGBA, withAlpha, type Rgba } from '../../shared/palette';

export const ALERT_LAYER_ID = 'alert-rings';

/** An alert with a place, as the map rings it. */
export type AlertMark = { id: string; lon: number; lat: number; level: AlertLevel };

/** Rings sit outside the request destination's symbol (map/destination-layer.ts, up to ~26 px across). */
export const ALERT_RING_RADIUS_PX = 17;
export const ALERT_RING_WIDTH_PX = 3;
export const ALERT_RING_FILL_ALPHA = 28;
const DRAW_ORDER: Record<AlertLevel, number> = { green: 0, yellow: 1, orange: 2, red: 3 };

/**
 * Every alert not closed that has a place, worst drawn last (on top where two share a
 * place). Closed alerts and those without a place (a link down, a readiness rate) have none.
 */
export function alertMarks(alerts: readonly Pick<AlertView, 'id' | 'level' | 'state' | 'place'>[]): AlertMark[] {
  return alerts
    .flatMap((a) => (a.state !== 'closed' && a.place ? [{ id: a.id, lon: a.place.lon, lat: a.place.lat, level: a.level }] : []))
    .sort((a, b) => DRAW_ORDER[a.level] - DRAW_ORDER[b.level] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const alertRingColor = (m: Pick<AlertMark, 'level'>): Rgba => ALERT_LEVEL_RGBA[m.level];

/** Hollow rings in the level's colour round each alert's place (the console's map). */
export function createAlertLayer(marks: readonly AlertMark[], options: { visible: boolean }): ScatterplotLayer<AlertMark> {
  return new ScatterplotLayer<AlertMark>({
    id: ALERT_LAYER_ID,
    data: marks as AlertMark[],
    visible: options.visible,
    pickable: false,
    stroked: true,
    filled: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: (m) => [m.lon, m.lat],
    getRadius: ALERT_RING_RADIUS_PX,
    // A faint fill of the same colour: the ring reads as a zone, the destination under it stays clear.
    getFillColor: (m) => withAlpha(alertRingColor(m), ALERT_RING_FILL_ALPHA),
    getLineColor: (m) => alertRingColor(m),
    getLineWidth: ALERT_RING_WIDTH_PX,
  });
}
