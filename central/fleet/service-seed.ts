import { createRng } from '../../city/fleet';
import { SERVICE_INTERVALS, type Vehicle, type VehicleService } from '../../shared/fleet/schema';

const DAY_MS = 86_400_000;
/** Mean days in a month, for spreading last services over an interval in months. */
const MONTH_DAYS = 30.44;

/**
 * Service records for a fleet the central seeds (the demo, a generated fleet): reproducible
 * from `seed`, laid out against `now` so the picture is the same whenever the central first
 * starts. Each vehicle gets its kind's interval (SERVICE_INTERVALS), an odometer of 15,000 –
 * 220,000 km, and a last service a share of its interval ago — by mileage and by date drawn
 * apart, 0.05 – 1.08 of the interval, so a few are past it (by mileage, by date or both), a few
 * close to it, and most well inside: what serviceDue then finds is computed, not typed in.
 */
export function seedServiceRecords(vehicles: readonly Vehicle[], now: number, seed = 1): Map<string, VehicleService> {
  const rng = createRng((seed ^ 0x5e41ce) >>> 0);
  const out = new Map<string, VehicleService>();
  for (const v of [...vehicles].sort((a, b) => a.no - b.no)) {
    const interval = SERVICE_INTERVALS[v.kind];
    const odometerKm = Math.round(rng.range(15_000, 220_000) * 10) / 10;
    const sinceKm = Math.round(interval.km * rng.range(0.05, 1.08));
    const sinceDays = interval.months * MONTH_DAYS * rng.range(0.05, 1.08);
    out.set(v.id, {
      odometerKm,
      lastServiceKm: Math.max(0, odometerKm - sinceKm),
      lastServiceAt: Math.round(now - sinceDays * DAY_MS),
      intervalKm: interval.km,
      intervalMonths: interval.months,
    });
  }
  return out;
}
