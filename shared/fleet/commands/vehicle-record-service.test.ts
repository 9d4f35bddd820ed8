/**
 * A service recorded (vehicle.recordService) by the central's rules, the same the board's overlay
 * runs: the reading becomes the last service and the odometer, the next service falls due by the
 * interval from there, and a reading that cannot be right is refused whole.
 */
import { describe, expect, it } from 'vitest';
import { serviceDue } from '../../assets/turnout';
import type { ApplyCtx, TableTx } from '../../commands/module';
import { tableDecl, type TableName } from '../../replica/registry';
import { SERVICE_INTERVALS, vehicleSchema, type Vehicle, type VehicleService } from '../schema';
import { SERVICE_READING_SLACK_KM, vehicleRecordService, vehicleRecordServicePayload } from './vehicle-record-service';
import { vehicleSetServiceInterval, vehicleSetServiceIntervalPayload } from './vehicle-set-service-interval';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 4, 9);
const SERVICE: VehicleService = { odometerKm: 61_200, lastServiceKm: 51_000, lastServiceAt: NOW - 100 * DAY, intervalKm: 10_000, intervalMonths: 12 };
const VAN: Vehicle = { id: 'veh-1', no: 1, plate: '粤A·J0001', kind: 'van', status: 'available', crew: [], homeSiteId: 'qp-01', capacity: 10, service: SERVICE };

function world(vehicle: Vehicle = VAN) {
  const rows = new Map<string, unknown>();
  const writes: unknown[] = [];
  const tx: TableTx = {
    get: ((n: TableName, k: string) => (n === 'vehicle' ? rows.get(k) : undefined)) as TableTx['get'],
    put: ((n: TableName, row: never) => {
      writes.push(row);
      rows.set(tableDecl(n).key(row), row);
    }) as TableTx['put'],
    where: (() => []) as TableTx['where'],
  };
  rows.set(vehicle.id, vehicle);
  return { tx, writes, vehicle: () => vehicleSchema.parse(rows.get(vehicle.id)) };
}
const ctx: ApplyCtx = { at: NOW, by: 'duty01' };

describe('vehicle.recordService', () => {
  it('makes the reading the last service and the odometer, now; the van leaves the overdue list', () => {
    const w = world();
    expect(serviceDue([w.vehicle()], NOW).map((d) => [d.vehicleId, d.status])).toEqual([['veh-1', 'overdue']]);
    expect(vehicleRecordService.apply(w.tx, { vehicleId: 'veh-1', odometerKm: 61_350 }, ctx)).toEqual({ ok: true });
    expect(w.vehicle().service).toEqual({ odometerKm: 61_350, lastServiceKm: 61_350, lastServiceAt: NOW, intervalKm: 10_000, intervalMonths: 12 });
    // Nothing else about it changes (its status is the officer's to set).
    expect({ ...w.vehicle(), service: undefined }).toEqual({ ...VAN, service: undefined });
    expect(serviceDue([w.vehicle()], NOW)).toEqual([]);
    // Due again 10,000 km on, or in twelve months.
    const later = { ...w.vehicle(), service: { ...w.vehicle().service!, odometerKm: 71_350 } };
    expect(serviceDue([later], NOW)[0]).toMatchObject({ status: 'overdue', by: ['mileage'], kmLeft: 0 });
  });

  it('starts a record with its kind’s interval for a vehicle that has none', () => {
    const w = world({ ...VAN, kind: 'motorcycle', service: undefined });
    expect(vehicleRecordService.apply(w.tx, { vehicleId: 'veh-1', odometerKm: 8_400 }, ctx)).toEqual({ ok: true });
    expect(w.vehicle().service).toEqual({ odometerKm: 8_400, lastServiceKm: 8_400, lastServiceAt: NOW, intervalKm: SERVICE_INTERVALS.motorcycle.km, intervalMonths: SERVICE_INTERVALS.motorcycle.months });
  });

  it.each([
    ['an unknown vehicle', { vehicleId: 'veh-9', odometerKm: 61_300 }, 'not_found'],
    ['a reading below the last service’s', { vehicleId: 'veh-1', odometerKm: 50_999 }, 'odometer_backwards'],
    ['an extra digit', { vehicleId: 'veh-1', odometerKm: 612_000 }, 'odometer_implausible'],
    ['a missing digit, still above the last service', { vehicleId: 'veh-1', odometerKm: 61_200 - SERVICE_READING_SLACK_KM - 1 }, 'odometer_implausible'],
    ['a reading far from the odometer it was typed against', { vehicleId: 'veh-1', odometerKm: 61_300, seenOdometerKm: 59_000 }, 'odometer_implausible'],
    ['one typed against an odometer beyond the one on record', { vehicleId: 'veh-1', odometerKm: 80_000, seenOdometerKm: 80_000 }, 'odometer_implausible'],
  ] as const)('refuses %s, writing nothing', (_, payload, code) => {
    const w = world();
    const r = vehicleRecordService.apply(w.tx, payload, ctx);
    expect(r).toMatchObject({ ok: false, code });
    expect(w.writes).toEqual([]);
    expect(w.vehicle()).toEqual(VAN);
  });

  it('takes a reading within the slack either side of the odometer on record', () => {
    for (const km of [61_200 - SERVICE_READING_SLACK_KM, 61_200 + SERVICE_READING_SLACK_KM]) expect(vehicleRecordService.apply(world().tx, { vehicleId: 'veh-1', odometerKm: km }, ctx)).toEqual({ ok: true });
  });

  it('refuses a payload that is not a reading', () => {
    for (const odometerKm of [-1, Number.NaN, Infinity, 5_000_001]) expect(vehicleRecordServicePayload.safeParse({ vehicleId: 'veh-1', odometerKm }).success).toBe(false);
  });

  it('recorded while the link was down and the vehicle drove on: checked against the odometer it was typed against, the km driven since kept', () => {
    // Typed at 61,200 (as the board had it); the tracker has since reported 1,800 km more.
    const w = world({ ...VAN, service: { ...SERVICE, odometerKm: 63_000 } });
    expect(vehicleRecordService.apply(w.tx, { vehicleId: 'veh-1', odometerKm: 61_210 }, ctx)).toMatchObject({ ok: false, code: 'odometer_implausible' });
    expect(vehicleRecordService.apply(w.tx, { vehicleId: 'veh-1', odometerKm: 61_210, seenOdometerKm: 61_200 }, ctx)).toEqual({ ok: true });
    expect(w.vehicle().service).toEqual({ odometerKm: 63_010, lastServiceKm: 61_210, lastServiceAt: NOW, intervalKm: 10_000, intervalMonths: 12 });
    // Typed against the odometer on record now: as before, the reading is the odometer.
    const now = world();
    expect(vehicleRecordService.apply(now.tx, { vehicleId: 'veh-1', odometerKm: 61_250, seenOdometerKm: 61_200 }, ctx)).toEqual({ ok: true });
    expect(now.vehicle().service?.odometerKm).toBe(61_250);
  });
});

describe('vehicle.setServiceInterval', () => {
  it('sets the interval; the next service falls due by it from the last one; nothing else changes', () => {
    const w = world();
    expect(serviceDue([w.vehicle()], NOW).map((d) => d.vehicleId)).toEqual(['veh-1']);
    expect(vehicleSetServiceInterval.apply(w.tx, { vehicleId: 'veh-1', intervalKm: 15_000, intervalMonths: 12 }, ctx)).toEqual({ ok: true });
    expect(w.vehicle()).toEqual({ ...VAN, service: { ...SERVICE, intervalKm: 15_000, intervalMonths: 12 } });
    expect(serviceDue([w.vehicle()], NOW)).toEqual([]);
    expect(vehicleSetServiceInterval.permission).toBe('fleet.settings');
  });

  it.each([
    ['an unknown vehicle', { ...VAN }, 'veh-9', 'not_found'],
    ['a vehicle with no service on record', { ...VAN, service: undefined }, 'veh-1', 'no_service_record'],
  ] as const)('refuses %s, writing nothing', (_, vehicle, vehicleId, code) => {
    const w = world(vehicle);
    expect(vehicleSetServiceInterval.apply(w.tx, { vehicleId, intervalKm: 15_000, intervalMonths: 12 }, ctx)).toMatchObject({ ok: false, code });
    expect(vehicleSetServiceInterval.refusals).toContain(code);
    expect(w.writes).toEqual([]);
  });

  it('takes no interval outside 1,000–100,000 km and 1–36 months, nor a fraction', () => {
    for (const [intervalKm, intervalMonths] of [[999, 12], [100_001, 12], [10_000, 0], [10_000, 37], [10_000.5, 12]]) {
      expect(vehicleSetServiceIntervalPayload.safeParse({ vehicleId: 'veh-1', intervalKm, intervalMonths }).success).toBe(false);
    }
    expect(vehicleSetServiceIntervalPayload.safeParse({ vehicleId: 'veh-1', intervalKm: 1_000, intervalMonths: 36 }).success).toBe(true);
  });
});
