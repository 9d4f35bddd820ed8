import type { AlertLevel } from '../alerts/levels';
import type { DispatchOrder, SupplyRequest } from '../domain';
import type { AlertKind, DutyConfig } from './schema';

/**
 * The alert rules as data (DutyConfig.rules) over every signal the board has. Pure: the
 * central runs them on its clock over its tables and files what they find as alert records;
 * a console runs them over its view to show at once what it alone sees (a vehicle's live
 * arrival past the deadline, its own link down) before it is on file.
 */
export type Signal = {
  /** Stable per condition: `<kind>:<subject>`. */
  id: string;
  kind: AlertKind;
  level: AlertLevel;
  subject: string;
  label: string;
  place: { lon: number; lat: number } | null;
  /** When the condition began (a deadline, a last report, a reading). */
  since: number;
};

export type SignalWorld = {
  requests: readonly SupplyRequest[];
  dispatches: readonly DispatchOrder[];
  /** A dispatch's live arrival prediction where known (else the arrival promised at dispatch). */
  etaOf?: (dispatchId: string) => number | undefined;
  /** Vehicles in service with when each last reported (null: never, since the central started). */
  vehicles?: readonly { id: string; plate: string; lastReportAt: number | null; place: { lon: number; lat: number } | null }[];
  /** Stock lines with a safety level. */
  stock?: readonly { siteId: string; itemId: string; label: string; quantity: number; safetyLevel: number; place: { lon: number; lat: number } | null }[];
  /** Readiness per asset class (rate null: nothing in service). */
  readiness?: readonly { key: string; label: string; rate: number | null; inService: number }[];
  /** The drone batteries against their red line: days until the share of aged batteries crosses it (0: it has; null: not within the horizon). */
  battery?: { crossesInDays: number | null; label: string } | null;
  /** This console's link to the central, down since (console only). */
  linkDownSince?: number | null;
};

const MIN = 60_000;
const DAY = 86_400_000;
const RANK: Record<AlertLevel, number> = { red: 0, orange: 1, yellow: 2, green: 3 };

export const levelRank = (l: AlertLevel): number => RANK[l];
export const higherLevel = (a: AlertLevel, b: AlertLevel): AlertLevel => (RANK[a] <= RANK[b] ? a : b);

/** Every signal the enabled rules find at `now`, most severe first, then oldest. */
export function evaluateSignals(now: number, w: SignalWorld, cfg: Pick<DutyConfig, 'rules'>): Signal[] {
  const out: Signal[] = [];
  const rule = cfg.rules;
  const etaOf = w.etaOf ?? (() => undefined);
  const enroute = new Map<string, DispatchOrder[]>();
  for (const d of w.dispatches) if (d.status === 'enroute') enroute.set(d.requestId, [...(enroute.get(d.requestId) ?? []), d]);
  for (const r of w.requests) {
    if (r.status === 'delivered' || r.status === 'cancelled') continue;
    const mine = enroute.get(r.id) ?? [];
    const predicted = mine.length ? Math.max(...mine.map((d) => etaOf(d.id) ?? d.predictedArrivalAt)) : null;
    const base = { subject: r.id, label: r.destination.label, place: { lon: r.destination.lon, lat: r.destination.lat } };
    if (now > r.deadlineAt) {
      if (rule.deadline_missed.enabled) out.push({ ...base, id: `deadline_missed:${r.id}`, kind: 'deadline_missed', level: rule.deadline_missed.level, since: r.deadlineAt });
    } else if (rule.deadline_risk.enabled) {
      const warnMs = (rule.deadline_risk.threshold ?? 5) * MIN;
      const late = predicted !== null && predicted > r.deadlineAt;
      // A vehicle that will be late says so as soon as its prediction passes the deadline: red, whatever the rule's level.
      if (late || r.deadlineAt - now <= warnMs) {
        out.push({ ...base, id: `deadline_risk:${r.id}`, kind: 'deadline_risk', level: late ? 'red' : rule.deadline_risk.level, since: Math.min(now, r.deadlineAt - warnMs) });
      }
    }
    if (r.priority === 'red' && rule.red_request.enabled) out.push({ ...base, id: `red_request:${r.id}`, kind: 'red_request', level: rule.red_request.level, since: r.createdAt });
  }
  if (rule.vehicle_silent.enabled && w.vehicles) {
    const silentMs = (rule.vehicle_silent.threshold ?? 10) * MIN;
    for (const v of w.vehicles) {
      if (v.lastReportAt === null || now - v.lastReportAt < silentMs) continue;
      out.push({ id: `vehicle_silent:${v.id}`, kind: 'vehicle_silent', level: rule.vehicle_silent.level, subject: v.id, label: v.plate, place: v.place, since: v.lastReportAt });
    }
  }
  if (rule.link_down.enabled && w.linkDownSince != null && now - w.linkDownSince >= (rule.link_down.threshold ?? 5) * MIN) {
    out.push({ id: `link_down:${w.linkDownSince}`, kind: 'link_down', level: rule.link_down.level, subject: 'link', label: '', place: null, since: w.linkDownSince });
  }
  if (rule.stock_low.enabled && w.stock) {
    for (const s of w.stock) {
      if (s.safetyLevel <= 0 || s.quantity >= s.safetyLevel) continue;
      // Nothing left at all is worse than below the line: one level up.
      const level = s.quantity === 0 ? higherLevel(rule.stock_low.level, 'orange') : rule.stock_low.level;
      out.push({ id: `stock_low:${s.siteId}/${s.itemId}`, kind: 'stock_low', level, subject: `${s.siteId}/${s.itemId}`, label: s.label, place: s.place, since: now });
    }
  }
  if (rule.readiness_low.enabled && w.readiness) {
    const target = (rule.readiness_low.threshold ?? 98) / 100;
    for (const r of w.readiness) {
      if (r.rate === null || r.rate >= target) continue;
      out.push({ id: `readiness_low:${r.key}`, kind: 'readiness_low', level: rule.readiness_low.level, subject: r.key, label: r.label, place: null, since: now });
    }
  }
  if (rule.battery_red_line.enabled && w.battery && w.battery.crossesInDays !== null && w.battery.crossesInDays <= (rule.battery_red_line.threshold ?? 30)) {
    const over = w.battery.crossesInDays === 0;
    out.push({
      id: 'battery_red_line:drone_battery', kind: 'battery_red_line', level: over ? higherLevel(rule.battery_red_line.level, 'orange') : rule.battery_red_line.level,
      subject: 'drone_battery', label: w.battery.label, place: null, since: now + w.battery.crossesInDays * DAY,
    });
  }
  return out.sort((a, b) => RANK[a.level] - RANK[b.level] || a.since - b.since || (a.id < b.id ? -1 : 1));
}
