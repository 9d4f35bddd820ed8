import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';
import { SERVICE_INTERVALS } from '../schema';

/**
 * How far an officer's odometer reading at a service may lie from the odometer on record
 * (the tracker's, through the central) before it is taken for a slip of the keyboard — an
 * extra or a missing digit — rather than a reading: about a week of a patrol car's driving.
 */
export const SERVICE_READING_SLACK_KM = 1_000;

export const vehicleRecordServicePayload = z.strictObject({
  vehicleId: entityId,
  /** The odometer as read at the service (km). */
  odometerKm: z.number().finite().min(0).max(5_000_000),
});

/**
 * A service done (保养登记): the vehicle's odometer reading and the time become its last service,
 * and the next one falls due by its interval (shared/assets/turnout.ts serviceDue). The reading
 * is also the odometer from now on (the dashboard is the truth; the tracker's reports go on from
 * it). A vehicle with no service on record starts one with its kind's interval
 * (SERVICE_INTERVALS). Refused: an unknown vehicle; a reading below the last service's (an
 * odometer does not run backwards); one more than SERVICE_READING_SLACK_KM from the odometer on
 * record (a typing slip). Nothing else about the vehicle changes (its status is the officer's).
 */
export const vehicleRecordService = defineCommand({
  type: 'vehicle.recordService',
  domain: 'fleet',
  payload: vehicleRecordServicePayload,
  permission: 'fleet.write',
  target: (p) => `vehicle:${p.vehicleId}`,
  apply(tx, p, ctx) {
    const v = tx.get('vehicle', p.vehicleId);
    if (!v) return refuse('not_found', `no vehicle ${p.vehicleId}`);
    const s = v.service;
    if (s && p.odometerKm < s.lastServiceKm) {
      return refuse('odometer_backwards', `the reading ${p.odometerKm} km is below the last service's ${s.lastServiceKm} km`);
    }
    if (s && Math.abs(p.odometerKm - s.odometerKm) > SERVICE_READING_SLACK_KM) {
      return refuse('odometer_implausible', `the reading ${p.odometerKm} km is ${Math.round(Math.abs(p.odometerKm - s.odometerKm))} km from the odometer on record (${s.odometerKm} km)`);
    }
    const interval = s ? { km: s.intervalKm, months: s.intervalMonths } : SERVICE_INTERVALS[v.kind];
    tx.put('vehicle', {
      ...v,
      service: { odometerKm: p.odometerKm, lastServiceKm: p.odometerKm, lastServiceAt: ctx.at, intervalKm: interval.km, intervalMonths: interval.months },
    });
    return applied;
  },
  refusals: ['not_found', 'odometer_backwards', 'odometer_implausible'],
  overlay: 'apply',
  describe: (p) => ({ key: 'vehicleService', params: { plate: { ref: 'vehicle', id: p.vehicleId }, km: p.odometerKm } }),
  serverRow: (tx, p) => tx.get('vehicle', p.vehicleId) ?? null,
});
