/**
 * When a dispatch order on its way will arrive, and whether that is late: against the
 * arrival promised when it was dispatched, and against the request's deadline. The live
 * prediction (re-predicted from the vehicle's last position, request.list `etas`) wins;
 * without one, the promise stands in. Never earlier than now: a vehicle past its predicted
 * time is still on its way. Pure; the queue, the wall and the vehicle panel all read it.
 */

/** Behind its promise by less than this is drift, not late. */
export const LATE_AFTER_S = 60;

export type Arrival = {
  /** Predicted arrival (epoch ms), never before `now`. */
  etaAt: number;
  /** The arrival promised at dispatch. */
  promisedAt: number;
  /** Seconds behind the promise (negative: ahead of it). */
  behindS: number;
  /** Behind the promise by more than LATE_AFTER_S: say "晚到 …". */
  late: boolean;
  /** Predicted after the request's deadline: say "超时限". */
  pastDeadline: boolean;
  /** Seconds to spare at the predicted arrival (negative: past the deadline by that much). */
  marginS: number;
  /** From a live position rather than the promise. */
  live: boolean;
};

export function arrivalOf(order: { predictedArrivalAt: number }, deadlineAt: number, now: number, liveEtaAt?: number): Arrival {
  const live = liveEtaAt !== undefined && Number.isFinite(liveEtaAt);
  const etaAt = Math.max(now, live ? liveEtaAt : order.predictedArrivalAt);
  const behindS = (etaAt - order.predictedArrivalAt) / 1000;
  return {
    etaAt,
    promisedAt: order.predictedArrivalAt,
    behindS,
    late: behindS > LATE_AFTER_S,
    pastDeadline: etaAt > deadlineAt,
    marginS: (deadlineAt - etaAt) / 1000,
    live,
  };
}

/** The request's arrival: its last vehicle's (the goods are there when all of them are). */
export function lastArrival(arrivals: readonly Arrival[]): Arrival | null {
  let last: Arrival | null = null;
  for (const a of arrivals) if (!last || a.etaAt > last.etaAt) last = a;
  return last;
}
