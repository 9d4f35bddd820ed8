import { arrivalOf, lastArrival, type Arrival } from '../../shared/dispatch/arrival';
import type { AlertLevel, DispatchOrder, SupplyRequest } from '../../shared/domain';

/**
 * How much time a request has to spare, as a four-colour level (四色预警): the plan's
 * margin against the deadline, and the live countdown in the dispatch queue.
 *
 * Thresholds: ten minutes or more to spare is normal (green); five to ten asks for
 * attention (yellow); less than five is urgent (orange); late is severe (red).
 */
export const MARGIN_GREEN_S = 10 * 60;
export const MARGIN_YELLOW_S = 5 * 60;

export function marginLevel(marginS: number): AlertLevel {
  if (!Number.isFinite(marginS)) return marginS > 0 ? 'green' : 'red';
  if (marginS >= MARGIN_GREEN_S) return 'green';
  if (marginS >= MARGIN_YELLOW_S) return 'yellow';
  if (marginS >= 0) return 'orange';
  return 'red';
}

/**
 * An open request has no predicted arrival yet; it still needs a vehicle to load and
 * drive. Its margin counts that as the division's "15-minute service circle": a request
 * with 20 minutes left and nothing sent is already urgent-ish, not "normal".
 */
export const OPEN_REQUEST_ALLOWANCE_S = 15 * 60;

export type Countdown = {
  /** Seconds to the deadline (negative once passed). */
  remainingS: number;
  /** Seconds to spare at the expected arrival. */
  marginS: number;
  level: AlertLevel;
  /** When the last vehicle is expected (epoch ms); null while nothing is en route. */
  expectedAt: number | null;
  /** The last vehicle's arrival against its promise and the deadline; null while nothing is en route. */
  arrival: Arrival | null;
};

/**
 * `etaOf` gives an order's live prediction (request.list `etas`); without one the arrival
 * promised at dispatch stands in, and a vehicle past it is expected "now" at best.
 */
export function requestCountdown(
  request: Pick<SupplyRequest, 'deadlineAt' | 'status'>,
  dispatches: readonly Pick<DispatchOrder, 'id' | 'predictedArrivalAt' | 'status'>[],
  now: number,
  etaOf: (dispatchId: string) => number | undefined = () => undefined,
): Countdown {
  const remainingS = (request.deadlineAt - now) / 1000;
  const enroute = dispatches.filter((d) => d.status === 'enroute');
  // Open with orders "en route": orders awaiting approval, timed as if approved now (buildQueue).
  if ((request.status === 'dispatched' || request.status === 'open') && enroute.length > 0) {
    const arrival = lastArrival(enroute.map((d) => arrivalOf(d, request.deadlineAt, now, etaOf(d.id))))!;
    return { remainingS, marginS: arrival.marginS, level: marginLevel(arrival.marginS), expectedAt: arrival.etaAt, arrival };
  }
  const marginS = remainingS - OPEN_REQUEST_ALLOWANCE_S;
  return { remainingS, marginS, level: marginLevel(marginS), expectedAt: null, arrival: null };
}

/** "29:41", "1:02:03", "-03:12" (past the deadline): a clock the eye reads at a glance. */
export function formatCountdown(seconds: number): string {
  const total = Math.floor(Math.abs(seconds));
  const neg = seconds < 0 && total > 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  const body = h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
  return neg ? `-${body}` : body;
}
