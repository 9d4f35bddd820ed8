/**
 * How many items of a kind fill one load unit (≈ one carton; vehicle capacities are in
 * load units, shared/domain.ts). The planner loads whole cartons: 15 life jackets take
 * 2 units. An item without an entry counts one unit per item, which over-estimates the
 * load rather than overloading a vehicle.
 *
 * These are the demo city's figures (resources/demo-city/items.json has no pack size
 * yet); a department's own catalogue should carry them per item type.
 */
export const DEMO_PACK_SIZES: Readonly<Record<string, number>> = {
  'life-jacket': 10,
  'emergency-light': 20,
  generator: 1,
  'n95-mask': 1000,
  'protective-suit': 50,
  helmet: 6,
  'stab-vest': 10,
  'body-camera': 20,
  'dome-camera-4g': 4,
  drone: 1,
  'drone-battery': 10,
};

/** Load units for `quantity` items packed `packSize` to a unit (whole units). */
export function loadUnits(quantity: number, packSize: number): number {
  return Math.ceil(quantity / packSize);
}
