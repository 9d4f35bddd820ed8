import { describe, expect, it } from 'vitest';
import type { Site } from '../../shared/domain';
import { encodePositions } from '../../shared/positions-codec';
import { createDepotLayer, DEPOT_LAYER_ID } from './depot-layer';
import { summarizeLayers } from './layer-summary';
import { createQuickPickLayer, QUICKPICK_LAYER_ID } from './quickpick-layer';
import { SELECTED_OUTLINE, SITE_KIND_STYLE, SITE_OUTLINE } from './site-style';
import { vehicleIconName } from './symbols';
import { applyPositionFrame, createVehicleBuffers, setVehicleStatuses } from './vehicle-buffers';
import { createVehicleLayer, VEHICLE_LAYER_ID, type VehicleIcon } from './vehicle-layer';

const site = (id: string, kind: Site['kind'], lon = 11.97, lat = 57.7): Site => ({
  id,
  kind,
  name: `${id} 名`,
  nameEn: `${id} name`,
  address: '',
  lon,
  lat,
});
const sites = [site('c1', 'central'), site('r1', 'regional'), site('r2', 'regional'), site('q1', 'quickpick'), site('q2', 'quickpick', 12, 57.71)];
const icon: VehicleIcon = { atlas: 'data:image/png;base64,AAAA', mapping: { [vehicleIconName('available')]: { x: 0, y: 0, width: 64, height: 64, mask: true } } };

/** Calls a deck accessor prop the way deck does: (object, { index, data, target }). */
function access<T>(accessor: unknown, object: T, index = 0): unknown {
  return typeof accessor === 'function' ? (accessor as (o: T, i: object) => unknown)(object, { index, data: [], target: [] }) : accessor;
}

describe('vehicle layer', () => {
  it('feeds the typed arrays as binary attributes with a version trigger', () => {
    const b = createVehicleBuffers(8);
    setVehicleStatuses(b, [{ no: 1, status: 'available' }]);
    applyPositionFrame(b, encodePositions([{ vehicleNo: 1, lon: 11.9, lat: 57.7, heading: 45, speedKmh: 10, ts: Date.now() }], Date.now()));
    const layer = createVehicleLayer(b, { visible: true, icon, selectedSlot: null });
    const data = layer.props.data as { length: number; attributes: Record<string, { value: ArrayBufferView; size: number }> };
    expect(layer.id).toBe(VEHICLE_LAYER_ID);
    expect(data.length).toBe(1);
    expect(data.attributes.getPosition).toEqual({ value: b.positions, size: 2 });
    expect(data.attributes.getPosition!.value).toBe(b.positions);
    expect(data.attributes.getAngle!.value).toBe(b.angles);
    expect(data.attributes.getColor).toEqual({ value: b.colors, size: 4, normalized: true });
    expect(layer.props.updateTriggers).toEqual({ getPosition: b.version, getAngle: b.version, getColor: b.version, getIcon: b.statusVersion });
    expect(layer.props.pickable).toBe(true);
    expect(layer.props.visible).toBe(true);
    expect(layer.props.billboard).toBe(false);
    // A URL is an async prop: deck keeps the original until it has loaded the image.
    const original = (layer.props as unknown as Record<symbol, Record<string, unknown>>)[Symbol.for('asyncPropOriginal')];
    expect(original?.iconAtlas).toBe(icon.atlas);
    expect(layer.props.iconMapping).toBe(icon.mapping);
    expect(access(layer.props.getIcon, null, 0)).toBe(vehicleIconName('available'));
    expect(layer.props.highlightedObjectIndex).toBe(-1);
  });

  it('wraps the arrays in new descriptors each time so deck re-uploads them', () => {
    const b = createVehicleBuffers(8);
    const a1 = (createVehicleLayer(b, { visible: true, icon, selectedSlot: null }).props.data as { attributes: object }).attributes;
    const a2 = (createVehicleLayer(b, { visible: false, icon, selectedSlot: 3 }).props.data as { attributes: object }).attributes;
    expect(a1).not.toBe(a2);
    expect((a1 as { getPosition: object }).getPosition).not.toBe((a2 as { getPosition: object }).getPosition);
    const hidden = createVehicleLayer(b, { visible: false, icon, selectedSlot: 3 });
    expect(hidden.props.visible).toBe(false);
    expect(hidden.props.highlightedObjectIndex).toBe(3);
  });
});

describe('site layers', () => {
  it('depot layer holds central and regional depots, pickable, selection outlined', () => {
    const layer = createDepotLayer(sites, { visible: true, selectedId: 'r1' });
    const data = layer.props.data as Site[];
    expect(layer.id).toBe(DEPOT_LAYER_ID);
    expect(data.map((s) => s.id)).toEqual(['c1', 'r1', 'r2']);
    expect(layer.props.pickable).toBe(true);
    expect(access(layer.props.getPosition, data[0])).toEqual([11.97, 57.7]);
    expect(access(layer.props.getRadius, data[0])).toBe(SITE_KIND_STYLE.central.radiusPx);
    expect(access(layer.props.getFillColor, data[1])).toEqual(SITE_KIND_STYLE.regional.fill);
    expect(access(layer.props.getLineColor, data[1])).toEqual(SELECTED_OUTLINE);
    expect(access(layer.props.getLineColor, data[2])).toEqual(SITE_OUTLINE);
    expect(layer.props.updateTriggers).toEqual({ getLineColor: 'r1', getLineWidth: 'r1' });
  });

  it('keeps the same data array when only the selection or visibility changes', () => {
    const a = createDepotLayer(sites, { visible: true, selectedId: null });
    const b = createDepotLayer(sites, { visible: false, selectedId: 'c1' });
    expect(a.props.data).toBe(b.props.data);
    expect(b.props.visible).toBe(false);
  });

  it('quick-pick layer holds only quick-pick points', () => {
    const layer = createQuickPickLayer(sites, { visible: false, selectedId: 'q2' });
    const data = layer.props.data as Site[];
    expect(layer.id).toBe(QUICKPICK_LAYER_ID);
    expect(data.map((s) => s.id)).toEqual(['q1', 'q2']);
    expect(layer.props.visible).toBe(false);
    expect(layer.props.pickable).toBe(true);
    expect(access(layer.props.getLineColor, data[1])).toEqual(SELECTED_OUTLINE);
  });
});

describe('layer summary', () => {
  it('reports id, visibility and count for array and binary data', () => {
    const b = createVehicleBuffers(4);
    applyPositionFrame(b, encodePositions([{ vehicleNo: 9, lon: 1, lat: 2, heading: 0, speedKmh: 0, ts: 1 }], 1));
    const summary = summarizeLayers([
      createVehicleLayer(b, { visible: true, icon, selectedSlot: null }),
      createDepotLayer(sites, { visible: false, selectedId: null }),
      createQuickPickLayer(sites, { visible: true, selectedId: null }),
    ]);
    expect(summary).toEqual([
      { id: 'vehicles', visible: true, count: 1 },
      { id: 'depots', visible: false, count: 3 },
      { id: 'quickpicks', visible: true, count: 2 },
    ]);
  });
});
