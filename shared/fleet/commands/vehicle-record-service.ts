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
  /**
   * The odometer on record where the reading was typed (the board fills it in from its view):
   * the reading is checked against it, and what the tracker reported since — a service
   * recorded while the link was down, the vehicle driving on — is added on top. Absent (commands
   * queued before it was sent): the odometer on record when applied.
   */
  seenOdometerKm: z.number().finite().min(0).max(5_000_000).optional(),
});

/**
 * A service done (保养登记): the vehicle's odometer reading and the time become its last service,
 * and the next one falls due by its interval (shared/assets/turnout.ts serviceDue). The reading
 * is also the odometer from now on (the dashboard is the truth; the tracker's reports go on from
 * it), plus what the tracker reported between the reading and now (recorded offline, the
 * vehicle drove on). A vehicle with no service on record starts one with its kind's interval
 * (SERVICE_INTERVALS). Refused: an unknown vehicle; a reading below the last service's (an
 * odometer does not run backwards); one more than SERVICE_READING_SLACK_KM from the odometer on
 * record where it was typed (a typing slip), or typed against an odometer beyond the one on
 * record. Nothing else about the vehicle changes (its status is the officer's).
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
    const seen = s ? (p.seenOdometerKm ?? s.odometerKm) : 0;
    if (s && (Math.abs(p.odometerKm - seen) > SERVICE_READING_SLACK_KM || seen > s.odometerKm + SERVICE_READING_SLACK_KM)) {
      return refuse('odometer_implausible', `the reading ${p.odometerKm} km is ${Math.round(Math.abs(p.odometerKm - seen))} km from the odometer on record (${seen} km)`);
    }
    // Driven since the reading was typed, by the tracker's reports (0 when typed against the odometer on record now).
    const since = s ? Math.max(0, s.odometerKm - seen) : 0;
    const interval = s ? { km: s.intervalKm, months: s.intervalMonths } : SERVICE_INTERVALS[v.kind];
    tx.put('vehicle', {
      ...v,
      service: { odometerKm: p.odometerKm + since, lastServiceKm: p.odometerKm, lastServiceAt: ctx.at, intervalKm: interval.km, intervalMonths: interval.months },
    });
    return applied;
  },
  refusals: ['not_found', 'odometer_backwards', 'odometer_implausible'],
  overlay: 'apply',
  describe: (p) => ({ key: 'vehicleService', params: { plate: { ref: 'vehicle', id: p.vehicleId }, km: p.odometerKm } }),
  serverRow: (tx, p) => tx.get('vehicle', p.vehicleId) ?? null,
});
