import type { EtaView } from '../../shared/dispatch/api';
import { arrivalOf, LATE_AFTER_S } from '../../shared/dispatch/arrival';
import type { DispatchOrder, SupplyRequest } from '../../shared/domain';

/** A vehicle's current task: the dispatch order it is on, the request it serves, its live arrival prediction. */
export type VehicleTask = { dispatch: DispatchOrder; request: SupplyRequest; eta: EtaView | null };

/** What request.list answers, as far as a vehicle's task needs it. */
export type TaskSource = { requests: readonly SupplyRequest[]; dispatches: readonly DispatchOrder[]; etas: readonly EtaView[] };

/** The order a vehicle is on its way with (the newest, should there be two), or null. */
export function vehicleTask(vehicleId: string, list: TaskSource): VehicleTask | null {
  let dispatch: DispatchOrder | null = null;
  for (const d of list.dispatches) if (d.vehicleId === vehicleId && d.status === 'enroute' && (!dispatch || d.createdAt > dispatch.createdAt)) dispatch = d;
  if (!dispatch) return null;
  const request = list.requests.find((r) => r.id === dispatch.requestId);
  if (!request) return null;
  return { dispatch, request, eta: list.etas.find((e) => e.dispatchId === dispatch.id) ?? null };
}

/** A prediction this close to the promise is on time: the board's one threshold (shared/dispatch/arrival.ts). */
export const ON_TIME_SLACK_MS = LATE_AFTER_S * 1000;

export type ArrivalState = {
  /** When it is expected now: the live prediction, or the promise while there is none yet. */
  expectedAt: number;
  /** Whether `expectedAt` is a live prediction from the vehicle's position. */
  live: boolean;
  promisedAt: number;
  deadlineAt: number;
  /** How late against the promise (ms), 0 when on time. */
  lateMs: number;
  /** Expected after the request's deadline. */
  pastDeadline: boolean;
};

/**
 * Where the vehicle stands against its promise and the request's deadline. A vehicle past
 * its predicted arrival and still on its way arrives "now" at the earliest, so lateness
 * keeps growing with the clock, not frozen at the last prediction.
 */
export function arrivalState(task: VehicleTask, now: number): ArrivalState {
  // The same reading as the queue's and the wall's.
  const a = arrivalOf(task.dispatch, task.request.deadlineAt, now, task.eta?.etaAt);
  return {
    expectedAt: a.etaAt,
    live: a.live,
    promisedAt: a.promisedAt,
    deadlineAt: task.request.deadlineAt,
    lateMs: a.late ? a.etaAt - a.promisedAt : 0,
    pastDeadline: a.pastDeadline,
  };
}
