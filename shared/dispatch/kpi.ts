import { csvDocument } from '../csv';
import type { DispatchOrder, SupplyRequest } from '../domain';

/**
 * The dispatch figures the division reports (emergency allocation, 应急调拨): per shift,
 * day or month — number of dispatches, request-to-arrival average and 90th percentile,
 * on-time share against each request's deadline, items moved. Pure, so the board, the
 * wall and the CSV export agree.
 */

export type KpiPeriod = 'shift' | 'day' | 'month';

/** Day shift 08:00–20:00, night shift 20:00–08:00, local time. */
export function periodBounds(period: KpiPeriod, now: number): { from: number; to: number } {
  const d = new Date(now);
  if (period === 'month') return { from: new Date(d.getFullYear(), d.getMonth(), 1).getTime(), to: now };
  const midnight = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  if (period === 'day') return { from: midnight, to: now };
  const h = d.getHours();
  const from = h >= 8 && h < 20 ? midnight + 8 * 3600_000 : h >= 20 ? midnight + 20 * 3600_000 : midnight - 4 * 3600_000;
  return { from, to: now };
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  // Nearest-rank: the smallest value with at least p of the values at or below it.
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function kpiReport(period: KpiPeriod, now: number, requests: readonly SupplyRequest[], dispatches: readonly DispatchOrder[]) {
  const { from, to } = periodBounds(period, now);
  const inPeriod = (t: number | null) => t !== null && t >= from && t <= to;
  const delivered = requests.filter((r) => r.status === 'delivered' && inPeriod(r.deliveredAt));
  const byRequest = new Map<string, DispatchOrder[]>();
  for (const d of dispatches) byRequest.set(d.requestId, [...(byRequest.get(d.requestId) ?? []), d]);
  const rows = delivered
    .map((r) => {
      const ds = (byRequest.get(r.id) ?? []).filter((d) => d.status === 'delivered');
      return {
        requestId: r.id,
        createdAt: r.createdAt,
        deliveredAt: r.deliveredAt!,
        durationS: (r.deliveredAt! - r.createdAt) / 1000,
        onTime: r.deliveredAt! <= r.deadlineAt,
        priority: r.priority,
        destination: r.destination.label,
        items: ds.reduce((n, d) => n + d.pickups.reduce((m, p) => m + p.quantity, 0), 0),
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
    itemsMoved: rows.reduce((n, r) => n + r.items, 0),
    rows,
  };
}

/** CSV for the report (UTF-8 with BOM so spreadsheet programs read the Chinese labels). */
export function kpiCsv(report: ReturnType<typeof kpiReport>, headers: readonly string[]): string {
  return csvDocument([
    headers,
    ...report.rows.map((r) => [r.requestId, new Date(r.createdAt).toISOString(), new Date(r.deliveredAt).toISOString(), Math.round(r.durationS), r.onTime ? 1 : 0, r.priority, r.destination, r.items, r.vehicles]),
  ]);
}
