import { describe, expect, it } from 'vitest';
import { VEHICLE_STATUSES, vehicleServiceSchema, type VehicleService, type VehicleStatus } from '../fleet/schema';
import { canTurnOut, serviceDue, turnoutReadiness } from './turnout';

const DAY = 86_400_000;
const fleet = (counts: Partial<Record<VehicleStatus, number>>, homeSiteId = 'depot-central') =>
  Object.entries(counts).flatMap(([status, k]) => Array.from({ length: k }, () => ({ status: status as VehicleStatus, homeSiteId })));

describe('vehicle turnout readiness against 99%', () => {
  it('only maintenance and offline cannot turn out; on a job counts as turned out', () => {
    expect(VEHICLE_STATUSES.filter((s) => !canTurnOut(s))).toEqual(['maintenance', 'offline']);
  });
  it.each([
    ['the division: 99.37%', { available: 9000, enroute: 500, atscene: 300, returning: 137, maintenance: 50, offline: 13 }, 0.9937, true],
    ['exactly at the target', { available: 99, maintenance: 1 }, 0.99, true],
    ['below it', { available: 98, atscene: 0, maintenance: 1, offline: 1 }, 0.98, false],
  ] as const)('%s', (_, counts, rate, meets) => {
    const { overall } = turnoutReadiness(fleet(counts));
    expect(overall.rate).toBeCloseTo(rate, 10);
    expect(overall.meets).toBe(meets);
  });
  it('per home site, and no rate for no fleet', () => {
    const r = turnoutReadiness([...fleet({ available: 3, offline: 1 }, 'qp-01'), ...fleet({ available: 2 }, 'depot-east')]);
    expect(r.bySite.map((s) => [s.key, s.rate])).toEqual([['depot-east', 1], ['qp-01', 0.75]]);
    expect(turnoutReadiness([]).overall).toMatchObject({ rate: null, meets: true });
  });
});

describe('service due by mileage or by date', () => {
  const now = Date.UTC(2026, 11, 1);
  const svc = (id: string, odometerKm: number, lastServiceKm: number, monthsAgo: number, extra: Partial<VehicleService> = {}): { id: string; service: VehicleService } => ({
    id,
    service: vehicleServiceSchema.parse({ odometerKm, lastServiceKm, lastServiceAt: Date.UTC(2026, 11 - monthsAgo, 1), intervalKm: 10_000, intervalMonths: 6, ...extra }),
  });
  it('lists overdue first, then due soon, with what made each due', () => {
    const due = serviceDue([{ id: 'v-no-record' }, svc('v-ok', 52_000, 50_000, 1), svc('v-km', 61_200, 51_000, 2), svc('v-date', 20_000, 19_000, 7), svc('v-soon-km', 59_500, 50_000, 1), svc('v-soon-date', 10_000, 9_000, 6, { lastServiceAt: now - 170 * DAY }), svc('v-both', 80_000, 60_000, 12)], now);
    expect(due.map((d) => [d.vehicleId, d.status, d.by.join('+')])).toEqual([
      ['v-both', 'overdue', 'mileage+date'],
      ['v-date', 'overdue', 'date'],
      ['v-km', 'overdue', 'mileage'],
      ['v-soon-km', 'due_soon', 'mileage'], // 500 km of 10,000 left: 5% of its interval
      ['v-soon-date', 'due_soon', 'date'], // about 12 days of 6 months left: 7%
    ]);
    expect(due.find((d) => d.vehicleId === 'v-km')!.kmLeft).toBe(-200);
    expect(due.find((d) => d.vehicleId === 'v-date')!.dueAt).toBe(Date.UTC(2026, 10, 1));
  });
  it('refuses an odometer that reads less than at the last service', () => {
    expect(vehicleServiceSchema.safeParse({ odometerKm: 100, lastServiceKm: 200, lastServiceAt: 0, intervalKm: 10_000, intervalMonths: 6 }).success).toBe(false);
  });
});
