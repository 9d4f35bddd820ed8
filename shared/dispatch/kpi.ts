import type { DispatchOrder, SupplyRequest } from '../domain';
import { DEFAULT_DUTY_CONFIG } from '../duty/defaults';
import { periodOf } from '../duty/periods';
import type { DutyConfig } from '../duty/schema';

/**
 * The dispatch figures the division reports (emergency allocation, 应急调拨): per shift,
 * day or month — number of dispatches, request-to-arrival average and 90th percentile,
 * on-time share against each request's deadline, items moved. Pure, so the board, the
 * wall and the CSV export agree.
 */

export type KpiPeriod = 'shift' | 'day' | 'month';

/**
 * From the start of the shift, day or month now to now: the shifts and the time zone of the
 * duty settings (shared/duty: the division's own shifts, not a fixed 08–20 / 20–08).
 */
export function periodBounds(period: KpiPeriod, now: number, cfg: DutyConfig = DEFAULT_DUTY_CONFIG): { from: number; to: number } {
  return { from: periodOf(period, now, cfg).from, to: now };
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  // Nearest-rank: the smallest value with at least p of the values at or below it.
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Quantities by item, summed only within an item: 60 life jackets and 20 lights are not "80". */
export type ItemsMoved = { itemId: string; quantity: number }[];

function addMoved(into: Map<string, number>, moved: Iterable<{ itemId: string; quantity: number }>): void {
  for (const m of moved) into.set(m.itemId, (into.get(m.itemId) ?? 0) + m.quantity);
}
const byItem = (totals: Map<string, number>): ItemsMoved =>
  [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([itemId, quantity]) => ({ itemId, quantity }));

export function kpiReport(period: KpiPeriod, now: number, requests: readonly SupplyRequest[], dispatches: readonly DispatchOrder[], cfg: DutyConfig = DEFAULT_DUTY_CONFIG) {
  const { from, to } = periodBounds(period, now, cfg);
  const inPeriod = (t: number | null) => t !== null && t >= from && t <= to;
  const delivered = requests.filter((r) => r.status === 'delivered' && inPeriod(r.deliveredAt));
  const byRequest = new Map<string, DispatchOrder[]>();
  for (const d of dispatches) byRequest.set(d.requestId, [...(byRequest.get(d.requestId) ?? []), d]);
  const total = new Map<string, number>();
  const rows = delivered
    .map((r) => {
      const ds = (byRequest.get(r.id) ?? []).filter((d) => d.status === 'delivered');
      const moved = new Map<string, number>();
      for (const d of ds) addMoved(moved, d.pickups);
      const rowMoved = byItem(moved);
      addMoved(total, rowMoved);
      return {
        requestId: r.id,
        createdAt: r.createdAt,
        deliveredAt: r.deliveredAt!,
        durationS: (r.deliveredAt! - r.createdAt) / 1000,
        onTime: r.deliveredAt! <= r.deadlineAt,
        priority: r.priority,
        destination: r.destination.label,
        moved: rowMoved,
        vehicles: ds.length,
      };
    })
    .sort((a, b) => a.deliveredAt - b.deliveredAt);
  const durations = rows.map((r) => r.durationS).sort((a, b) => a - b);
  return {
    period,
    from,
    to,
    requests: requests.filter((r) => r.createdAt >= from && r.createdAt <= to).length,
    dispatches: dispatches.filter((d) => d.createdAt >= from && d.createdAt <= to).length,
    delivered: rows.length,
    avgRequestToArrivalS: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null,
    p90RequestToArrivalS: percentile(durations, 0.9),
    onTimeShare: rows.length ? rows.filter((r) => r.onTime).length / rows.length : null,
    moved: byItem(total),
    rows,
  };
}
