import type { BinaryAttribute } from '@deck.gl/core';
import { IconLayer, type IconLayerProps } from '@deck.gl/layers';
import { VEHICLE_STATUSES } from '../../shared/domain';
import { UNKNOWN_VEHICLE_ICON, vehicleIconName } from './symbols';
import type { VehicleBuffers } from './vehicle-buffers';

export const VEHICLE_LAYER_ID = 'vehicles';

export type IconMapping = Exclude<IconLayerProps['iconMapping'], string | undefined>;

/** A pre-packed atlas of white symbols, one per status (map/symbols.ts), tinted per vehicle (`mask`). */
export type VehicleIcon = { atlas: string; mapping: IconMapping };

export type VehicleLayerOptions = {
  visible: boolean;
  icon: VehicleIcon;
  /** Slot of the vehicle shown in the side panel, highlighted; null for none. */
  selectedSlot: number | null;
  sizePx?: number;
};

const ICON_BY_CODE = VEHICLE_STATUSES.map(vehicleIconName);
/** The symbol of the vehicle in a slot: its status's shape, the plain arrow while the status is unknown. */
export const vehicleIconAt = (b: Pick<VehicleBuffers, 'statusCodes'>, slot: number): string => ICON_BY_CODE[b.statusCodes[slot]!] ?? UNKNOWN_VEHICLE_ICON;

type VehicleData = { length: number; attributes: Record<string, BinaryAttribute> };
/**
 * One `data` object per buffers (while their length and arrays stay the same). A new
 * `data` makes deck.gl recompute every attribute, the icon frames from `getIcon`
 * included (≈0.6 ms for 10,000 vehicles); with the same `data` and new descriptors it
 * only re-reads the binary ones, as `updateTriggers` ask.
 */
const stableData = new WeakMap<VehicleBuffers, { positions: Float32Array; data: VehicleData }>();

/**
 * Vehicles straight from the typed arrays: no per-vehicle objects. Each call wraps the
 * arrays in new attribute descriptors, which is what tells deck.gl to re-upload them
 * (it skips a descriptor it has seen); build a new layer only when `buffers.version`
 * or an option changed.
 */
export function createVehicleLayer(buffers: VehicleBuffers, options: VehicleLayerOptions): IconLayer {
  const { version } = buffers;
  // Bytes 0..255 per channel: `normalized` tells deck they are unorm8 already, not floats.
  const colors: BinaryAttribute & { normalized: boolean } = { value: buffers.colors, size: 4, normalized: true };
  let entry = stableData.get(buffers);
  if (!entry || entry.data.length !== buffers.length || entry.positions !== buffers.positions) {
    entry = { positions: buffers.positions, data: { length: buffers.length, attributes: {} } };
    stableData.set(buffers, entry);
  }
  entry.data.attributes = {
    getPosition: { value: buffers.positions, size: 2 },
    getAngle: { value: buffers.angles, size: 1 },
    getColor: colors,
  };
  return new IconLayer({
    id: VEHICLE_LAYER_ID,
    data: entry.data,
    visible: options.visible,
    pickable: true,
    iconAtlas: options.icon.atlas,
    iconMapping: options.icon.mapping,
    getIcon: (_: unknown, { index }: { index: number }) => vehicleIconAt(buffers, index),
    sizeUnits: 'pixels',
    getSize: options.sizePx ?? 22,
    // Lie flat on the map so the angle stays relative to north, whatever the bearing.
    billboard: false,
    alphaCutoff: 0.05,
    highlightedObjectIndex: options.selectedSlot ?? -1,
    highlightColor: [255, 255, 255, 255],
    updateTriggers: { getPosition: version, getAngle: version, getColor: version, getIcon: buffers.statusVersion },
  });
}
