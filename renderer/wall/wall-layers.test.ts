import { describe, expect, it } from 'vitest';
import { ALERT_LEVEL_RGBA, ROUTE_RGBA } from '../../shared/palette';
import { levelIconName } from '../map/symbols';
import { createWallDestinationLayers, createWallRouteLayer, DESTINATION_LABEL_LAYER_ID, DESTINATION_LAYER_ID, ROUTE_LAYER_ID, type WallRoute } from './wall-layers';

function access<T>(accessor: unknown, object: T): unknown {
  return typeof accessor === 'function' ? (accessor as (o: T, i: object) => unknown)(object, { index: 0, data: [], target: [] }) : accessor;
}

describe('wall route layers', () => {
  it('draws each route in the on-time colour, late ones in red, not pickable', () => {
    const routes: WallRoute[] = [
      { dispatchId: 'a', path: [[11.9, 57.7], [11.95, 57.71]], late: false },
      { dispatchId: 'b', path: [[11.9, 57.7], [11.91, 57.69]], late: true },
    ];
    const layer = createWallRouteLayer(routes, { widthPx: 7 });
    expect(layer.id).toBe(ROUTE_LAYER_ID);
    expect(layer.props.data).toBe(routes);
    expect(layer.props.pickable).toBe(false);
    expect(layer.props.widthUnits).toBe('pixels');
    expect(access(layer.props.getColor, routes[0])).toBe(ROUTE_RGBA.onTime);
    expect(access(layer.props.getColor, routes[1])).toBe(ROUTE_RGBA.late);
    expect(access(layer.props.getPath, routes[0])).toEqual(routes[0]!.path);
  });

  it('marks destinations by alert level with their list number', () => {
    const dest = [{ requestId: 'r', lon: 11.9, lat: 57.7, level: 'orange' as const, mark: '2' }];
    const [discs, labels] = createWallDestinationLayers(dest, { radiusPx: 15, symbols: { atlas: 'data:image/png;base64,AAAA', mapping: {} } });
    expect(discs.id).toBe(DESTINATION_LAYER_ID);
    expect(labels.id).toBe(DESTINATION_LABEL_LAYER_ID);
    expect(access(discs.props.getColor, dest[0])).toBe(ALERT_LEVEL_RGBA.orange);
    // Solid, in the level's own shape (a diamond for orange), not only its colour.
    expect(access(discs.props.getIcon, dest[0])).toBe(levelIconName('orange', 'solid'));
    expect(access(discs.props.getPosition, dest[0])).toEqual([11.9, 57.7]);
    expect(access(labels.props.getText, dest[0])).toBe('2');
    expect(discs.props.pickable).toBe(false);
  });
});
