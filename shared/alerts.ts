import type { AlertLevel, DispatchOrder, SupplyRequest } from './domain';

/**
 * Alerts the board derives from what it knows (four-colour levels, 四色预警). For now:
 * a supply request whose deadline is about to be missed, or is missed, and every
 * red-priority request in progress. Pure; the ids are stable so an acknowledgement
 * sticks to the same alert. (Equipment readiness, battery health and the other alert
 * sources come with the readiness capability.)
 */
export type AlertKind = 'deadline_risk' | 'deadline_missed' | 'red_request';
export type BoardAlert = {
  id: string;
  kind: AlertKind;
  level: AlertLevel;
  requestId: string;
  label: string;
  deadlineAt: number;
  /** Predicted arrival of the request's last vehicle, when dispatched. */
  predictedArrivalAt: number | null;
  since: number;
};

/** A request this close to its deadline and not delivered is at risk. */
export const DEADLINE_WARNING_MS = 5 * 60_000;

/**
 * `etaOf` gives an order's live prediction (re-predicted from where its vehicle is now);
 * without one, the arrival promised at dispatch stands in. A vehicle that will be late says
 * so as soon as its live prediction passes the deadline, not when the deadline passes.
 */
export function deriveAlerts(now: number, requests: readonly SupplyRequest[], dispatches: readonly DispatchOrder[], etaOf: (dispatchId: string) => number | undefined = () => undefined): BoardAlert[] {
  const out: BoardAlert[] = [];
  for (const r of requests) {
    if (r.status === 'delivered' || r.status === 'cancelled') continue;
    const mine = dispatches.filter((d) => d.requestId === r.id && d.status === 'enroute');
    const predicted = mine.length ? Math.max(...mine.map((d) => etaOf(d.id) ?? d.predictedArrivalAt)) : null;
    const base = { requestId: r.id, label: r.destination.label, deadlineAt: r.deadlineAt, predictedArrivalAt: predicted };
    if (now > r.deadlineAt) {
      out.push({ ...base, id: `deadline_missed:${r.id}`, kind: 'deadline_missed', level: 'red', since: r.deadlineAt });
    } else if ((predicted !== null && predicted > r.deadlineAt) || r.deadlineAt - now <= DEADLINE_WARNING_MS) {
      const late = predicted !== null && predicted > r.deadlineAt;
      out.push({ ...base, id: `deadline_risk:${r.id}`, kind: 'deadline_risk', level: late ? 'red' : 'orange', since: Math.min(now, r.deadlineAt - DEADLINE_WARNING_MS) });
    }
    if (r.priority === 'red') out.push({ ...base, id: `red_request:${r.id}`, kind: 'red_request', level: 'red', since: r.createdAt });
  }
  const rank: Record<AlertLevel, number> = { red: 0, orange: 1, yellow: 2, green: 3 };
  return out.sort((a, b) => rank[a.level] - rank[b.level] || a.since - b.since);
}
