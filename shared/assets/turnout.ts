import type { Vehicle, VehicleService, VehicleStatus } from '../fleet/schema';
import { readinessRow, type ReadinessRow } from './readiness';
import { TURNOUT_READINESS_TARGET } from './schema';
import { addMonths } from './service-life';

/**
 * Vehicle turnout readiness (车辆出勤保障率): vehicles that can turn out / every vehicle in the
 * fleet (none excluded), against 99%. Unable: `maintenance` (in the workshop) and `offline`
 * (off the network or out of service). A vehicle on a job (enroute, atscene, returning) has
 * turned out: it counts as able.
 *
 * Service due: by mileage (odometer − last service ≥ interval km) or by date (last service +
 * interval months), whichever comes first; "due soon" within DUE_SOON_KM / DUE_SOON_DAYS.
 */

export const UNABLE_STATUSES: readonly VehicleStatus[] = ['maintenance', 'offline'];
export const canTurnOut = (s: VehicleStatus): boolean => !UNABLE_STATUSES.includes(s);

export function turnoutReadiness(vehicles: readonly Pick<Vehicle, 'status' | 'homeSiteId'>[], target = TURNOUT_READINESS_TARGET): { overall: ReadinessRow; bySite: ReadinessRow[] } {
  const sites = new Map<string, [number, number]>();
  let able = 0;
  for (const v of vehicles) {
    const ok = canTurnOut(v.status) ? 1 : 0;
    able += ok;
    const s = sites.get(v.homeSiteId) ?? [0, 0];
    s[0] += ok;
    s[1]++;
    sites.set(v.homeSiteId, s);
  }
  return {
    overall: readinessRow('all', able, vehicles.length, target),
    bySite: [...sites.keys()].sort().map((k) => readinessRow(k, sites.get(k)![0], sites.get(k)![1], target)),
  };
}

export const DUE_SOON_KM = 1000;
export const DUE_SOON_DAYS = 14;
const DAY = 86_400_000;

export type ServiceDue = {
  vehicleId: string;
  status: 'overdue' | 'due_soon';
  /** Km left before the mileage interval (negative: past it by that much). */
  kmLeft: number;
  dueAt: number;
  /** Days left before the date interval (negative: past it). */
  daysLeft: number;
  /** What made it due: mileage, date or both. */
  by: ('mileage' | 'date')[];
};

/** Where one vehicle stands against its schedule: a ServiceDue of no vehicle, `ok` when not due, and its urgency (the least share of an interval left). */
export type ServiceStanding = Omit<ServiceDue, 'vehicleId' | 'status'> & { status: ServiceDue['status'] | 'ok'; urgency: number };

/** Where one vehicle stands against its service schedule: what is left by mileage and by date, and whether that makes it due. */
export function nextService(s: VehicleService, now: number, soon = { km: DUE_SOON_KM, days: DUE_SOON_DAYS }): ServiceStanding {
  const kmLeft = s.lastServiceKm + s.intervalKm - s.odometerKm;
  const dueAt = addMonths(s.lastServiceAt, s.intervalMonths);
  const daysLeft = (dueAt - now) / DAY;
  const overdue = kmLeft <= 0 || daysLeft <= 0;
  const byKm = kmLeft <= (overdue ? 0 : soon.km);
  const byDate = daysLeft <= (overdue ? 0 : soon.days);
  const by: ServiceDue['by'] = [...(byKm ? ['mileage' as const] : []), ...(byDate ? ['date' as const] : [])];
  const urgency = Math.min(kmLeft / s.intervalKm, daysLeft / (s.intervalMonths * 30.44));
  return { status: overdue ? 'overdue' : by.length > 0 ? 'due_soon' : 'ok', kmLeft, dueAt, daysLeft: Math.floor(daysLeft), by, urgency };
}

/** Vehicles due or overdue for service: overdue first, then by how little is left (share of the interval). */
export function serviceDue(vehicles: readonly Pick<Vehicle, 'id' | 'service'>[], now: number, soon = { km: DUE_SOON_KM, days: DUE_SOON_DAYS }): ServiceDue[] {
  const out: (ServiceDue & { urgency: number })[] = [];
  for (const v of vehicles) {
    if (!v.service) continue;
    const { status, ...rest } = nextService(v.service, now, soon);
    if (status !== 'ok') out.push({ vehicleId: v.id, status, ...rest });
  }
  out.sort((a, b) => (a.status === b.status ? a.urgency - b.urgency : a.status === 'overdue' ? -1 : 1) || (a.vehicleId < b.vehicleId ? -1 : 1));
  return out.map(({ urgency: _, ...d }) => d);
}
