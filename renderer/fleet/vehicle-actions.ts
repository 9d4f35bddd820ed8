import type { VehicleStatus } from '../../shared/domain';

/**
 * Which officer actions a vehicle's status allows: report for repair from any status
 * but repair itself (a van can break down en route); back to available only from the
 * workshop or offline, because taking a vehicle off a job is a dispatch decision, not
 * a status edit.
 */
export function vehicleActions(status: VehicleStatus): { maintenance: boolean; available: boolean } {
  return { maintenance: status !== 'maintenance', available: status === 'maintenance' || status === 'offline' };
}
