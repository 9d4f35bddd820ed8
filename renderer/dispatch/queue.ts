import type { DispatchOrder, SupplyRequest } from '../../shared/domain';
import type { PendingMarks, PendingState } from '../ui/pending-marks';
import { waitedMs } from '../../shared/dispatch/approval';
import { requestCountdown, type Countdown } from './margin';

/**
 * The dispatch queue (调拨队列) as rows: what is still to be done first, by deadline,
 * then what was delivered, newest first. Pure, from request.list and the pending marks.
 */

export const requestTarget = (requestId: string): string => `request:${requestId}`;
export const dispatchTarget = (dispatchId: string): string => `dispatch:${dispatchId}`;

export type QueueRow = {
  request: SupplyRequest;
  /** Its dispatch orders, oldest first (cancelled ones left out). */
  dispatches: DispatchOrder[];
  /** Something about it (the request, a dispatch, a delivery confirmation) waits to upload. */
  /** A command of this request or its orders waits for the central ('unknown': its last answer was unreadable). */
  pending: PendingState | null;
  /** For open and dispatched requests: time left and margin. */
  countdown: Countdown | null;
  /** For delivered requests: request-to-arrival, seconds. */
  durationS: number | null;
  onTime: boolean | null;
};

export const isActive = (r: Pick<SupplyRequest, 'status'>): boolean => r.status === 'open' || r.status === 'dispatched';

export function requestToArrivalS(r: Pick<SupplyRequest, 'createdAt' | 'deliveredAt'>): number | null {
  return r.deliveredAt === null ? null : Math.max(0, (r.deliveredAt - r.createdAt) / 1000);
}

const rowPending = (states: (PendingState | undefined)[]): PendingState | null =>
  states.includes('unknown') ? 'unknown' : states.includes('waiting') ? 'waiting' : null;

export function buildQueue(
  requests: readonly SupplyRequest[],
  dispatches: readonly DispatchOrder[],
  pending: PendingMarks,
  now: number,
  closedLimit = 20,
  /** Live arrival predictions by dispatch id (request.list `etas`). */
  etas: ReadonlyMap<string, number> = new Map(),
): QueueRow[] {
  const byRequest = new Map<string, DispatchOrder[]>();
  for (const d of dispatches) {
    if (d.status === 'cancelled') continue;
    byRequest.set(d.requestId, [...(byRequest.get(d.requestId) ?? []), d]);
  }
  const row = (request: SupplyRequest): QueueRow => {
    const mine = (byRequest.get(request.id) ?? []).sort((a, b) => a.createdAt - b.createdAt);
    const active = isActive(request);
    const durationS = request.status === 'delivered' ? requestToArrivalS(request) : null;
    return {
      request,
      dispatches: mine,
      pending: rowPending([pending.get(requestTarget(request.id)), ...mine.map((d) => pending.get(dispatchTarget(d.id)))]),
      countdown: active ? requestCountdown(request, mine.map((d) => asIfApprovedNow(d, now)), now, (id) => etas.get(id)) : null,
      durationS,
      onTime: request.status === 'delivered' && request.deliveredAt !== null ? request.deliveredAt <= request.deadlineAt : null,
    };
  };
  // Deadline order, not margin order: rows that jump around as margins tick are hard to follow.
  const active = requests.filter(isActive).sort((a, b) => a.deadlineAt - b.deadlineAt || a.createdAt - b.createdAt);
  const closed = requests
    .filter((r) => r.status === 'delivered')
    .sort((a, b) => (b.deliveredAt ?? 0) - (a.deliveredAt ?? 0))
    .slice(0, closedLimit);
  return [...active.map(row), ...closed.map(row)];
}

/**
 * An order awaiting approval, timed as if it were approved now: its promised arrival moved by
 * the wait so far (as dispatch.approve will move it). The request's countdown then says, as
 * the wait goes on, when the wait itself makes it late — everyone involved sees that.
 */
export function asIfApprovedNow(d: DispatchOrder, now: number): DispatchOrder {
  if (d.status !== 'awaiting_approval' || !d.approval) return d;
  return { ...d, status: 'enroute', predictedArrivalAt: d.predictedArrivalAt + waitedMs(d.approval, now) };
}

/** Counts for the queue's header. */
export function queueCounts(rows: readonly QueueRow[]): { open: number; dispatched: number; delivered: number; late: number; awaiting: number } {
  let awaiting = 0;
  let open = 0;
  let dispatched = 0;
  let delivered = 0;
  let late = 0;
  for (const r of rows) {
    if (r.request.status === 'open') open++;
    else if (r.request.status === 'dispatched') dispatched++;
    else if (r.request.status === 'delivered') delivered++;
    if (r.countdown && r.countdown.marginS < 0) late++;
    if (r.dispatches.some((d) => d.status === 'awaiting_approval')) awaiting++;
  }
  return { open, dispatched, delivered, late, awaiting };
}
