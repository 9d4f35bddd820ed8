import type { VehicleStatus } from './domain';

/** Status colours (RGBA), shared by the console, the wall and the legend. */
export const VEHICLE_STATUS_COLORS: Record<VehicleStatus, readonly [number, number, number, number]> = {
  available: [46, 204, 113, 255],
  enroute: [52, 152, 255, 255],
  atscene: [255, 159, 26, 255],
  returning: [155, 120, 255, 255],
  maintenance: [240, 200, 40, 255],
  offline: [128, 136, 148, 255],
};

/** After this long without a report a position is stale (drawn faded, age shown). */
export const POSITION_STALE_MS = 30_000;
