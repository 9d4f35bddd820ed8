import { ScatterplotLayer } from '@deck.gl/layers';
import { describe, expect, it } from 'vitest';
import { ALERT_LEVEL_RGBA } from '../../shared/palette';
import { ALERT_LAYER_ID, ALERT_RING_FILL_ALPHA, ALERT_RING_RADIUS_PX, ALERT_RING_WIDTH_PX, alertMarks, createAlertLayer, type AlertMark } from './alert-layer';

/** Calls a deck accessor prop the way deck does: (object, { index, data, target }). */
function access<T>(accessor: unknown, object: T, index = 0): unknown {
  return typeof accessor === 'function' ? (accessor as (o: T, i: object) => unknown)(object, { index, data: [], target: [] }) : accessor;
}

const at = (lon: number, lat: number) => ({ lon, lat });

describe('alert layer', () => {
  const alerts = [
    { id: 'red_request:r1', level: 'red' as const, state: 'open' as const, place: at(11.97, 57.71) },
    { id: 'vehicle_silent:v1', level: 'yellow' as const, state: 'acknowledged' as const, place: at(11.95, 57.7) },
    { id: 'link_down:ws1', level: 'orange' as const, state: 'open' as const, place: null },
    { id: 'red_request:r0', level: 'red' as const, state: 'closed' as const, place: at(11.9, 57.6) },
    { id: 'deadline_risk:r2', level: 'orange' as const, state: 'open' as const, place: at(11.96, 57.72) },
  ];

  it('rings every alert not closed that has a place, the worst drawn last', () => {
    const marks = alertMarks(alerts);
    expect(marks).toEqual<AlertMark[]>([
      { id: 'vehicle_silent:v1', lon: 11.95, lat: 57.7, level: 'yellow' },
      { id: 'deadline_risk:r2', lon: 11.96, lat: 57.72, level: 'orange' },
      { id: 'red_request:r1', lon: 11.97, lat: 57.71, level: 'red' },
    ]);
  });

  it('draws hollow-looking rings in the level\'s palette colour, sized in pixels', () => {
    const marks = alertMarks(alerts);
    const layer = createAlertLayer(marks, { visible: true });
    expect(layer).toBeInstanceOf(ScatterplotLayer);
    expect(layer.id).toBe(ALERT_LAYER_ID);
    expect(layer.props.data).toBe(marks);
    expect(layer.props.visible).toBe(true);
    expect(layer.props.pickable).toBe(false);
    expect(layer.props.stroked).toBe(true);
    expect(layer.props.radiusUnits).toBe('pixels');
    expect(layer.props.lineWidthUnits).toBe('pixels');
    const [yellow, orange, red] = marks;
    expect(access(layer.props.getPosition, red)).toEqual([11.97, 57.71]);
    expect(access(layer.props.getLineColor, red)).toEqual(ALERT_LEVEL_RGBA.red);
    expect(access(layer.props.getLineColor, orange)).toEqual(ALERT_LEVEL_RGBA.orange);
    expect(access(layer.props.getLineColor, yellow)).toEqual(ALERT_LEVEL_RGBA.yellow);
    // The fill is the same hue, faint: the destination under the ring stays readable.
    expect(access(layer.props.getFillColor, red)).toEqual([...ALERT_LEVEL_RGBA.red.slice(0, 3), ALERT_RING_FILL_ALPHA]);
    expect(ALERT_RING_FILL_ALPHA).toBeLessThan(64);
    expect(access(layer.props.getRadius, red)).toBe(ALERT_RING_RADIUS_PX);
    expect(access(layer.props.getLineWidth, red)).toBe(ALERT_RING_WIDTH_PX);
  });

  it('draws nothing when every alert is closed or has no place', () => {
    const layer = createAlertLayer(alertMarks(alerts.filter((a) => a.state === 'closed' || a.place === null)), { visible: true });
    expect(layer.props.data).toEqual([]);
  });
});
