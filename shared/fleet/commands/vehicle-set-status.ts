import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';
import { VEHICLE_STATUSES } from '../schema';

/** Mark a vehicle in repair, back in service, and so on. */
export const vehicleSetStatus = defineCommand({
  type: 'vehicle.setStatus',
  domain: 'fleet',
  payload: z.strictObject({ vehicleId: entityId, status: z.enum(VEHICLE_STATUSES) }),
  permission: 'fleet.write',
  target: (p) => `vehicle:${p.vehicleId}`,
  apply(tx, p) {
    const v = tx.get('vehicle', p.vehicleId);
    if (!v) return refuse('not_found', `no vehicle ${p.vehicleId}`);
    if (v.status !== p.status) tx.put('vehicle', { ...v, status: p.status });
    return applied;
  },
  refusals: ['not_found'],
  overlay: 'apply',
  describe: (p) => ({ key: 'vehicleStatus', params: { plate: { ref: 'vehicle', id: p.vehicleId }, status: p.status } }),
  serverRow: (tx, p) => tx.get('vehicle', p.vehicleId) ?? null,
});
