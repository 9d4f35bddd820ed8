import { z } from 'zod';
import { applied, defineCommand, refuse } from '../../commands/module';
import { entityId } from '../../schema-parts';

/** The shortest and longest service intervals taken (km; months): outside them it is a slip, not a schedule. */
export const SERVICE_INTERVAL_KM = { min: 1_000, max: 100_000 } as const;
export const SERVICE_INTERVAL_MONTHS = { min: 1, max: 36 } as const;

export const vehicleSetServiceIntervalPayload = z.strictObject({
  vehicleId: entityId,
  intervalKm: z.number().int().min(SERVICE_INTERVAL_KM.min).max(SERVICE_INTERVAL_KM.max),
  intervalMonths: z.number().int().min(SERVICE_INTERVAL_MONTHS.min).max(SERVICE_INTERVAL_MONTHS.max),
});

/**
 * A vehicle's service schedule (保养周期): its interval by mileage and by months, whichever comes
 * first (shared/assets/turnout.ts serviceDue) — the maker's schedule, or the division's for a
 * vehicle worked hard. A supervisor's or an administrator's (`fleet.settings`), not the duty
 * officer's. The next service falls due by the new interval from the last one; nothing else
 * changes. Refused: an unknown vehicle; one with no service on record (its first service, with
 * the odometer read then, starts its schedule: an interval without a last service and a mileage
 * would say nothing of when the next is due).
 */
export const vehicleSetServiceInterval = defineCommand({
  type: 'vehicle.setServiceInterval',
  domain: 'fleet',
  payload: vehicleSetServiceIntervalPayload,
  permission: 'fleet.settings',
  target: (p) => `vehicle:${p.vehicleId}`,
  apply(tx, p) {
    const v = tx.get('vehicle', p.vehicleId);
    if (!v) return refuse('not_found', `no vehicle ${p.vehicleId}`);
    if (!v.service) return refuse('no_service_record', `${v.plate} has no service on record: record its first service first`);
    tx.put('vehicle', { ...v, service: { ...v.service, intervalKm: p.intervalKm, intervalMonths: p.intervalMonths } });
    return applied;
  },
  refusals: ['not_found', 'no_service_record'],
  overlay: 'apply',
  describe: (p) => ({ key: 'vehicleServiceInterval', params: { plate: { ref: 'vehicle', id: p.vehicleId }, km: p.intervalKm, months: p.intervalMonths } }),
  serverRow: (tx, p) => tx.get('vehicle', p.vehicleId) ?? null,
});
