import type { KpiReport, MethodArg } from '../../shared/board-api';

/**
 * The CSV export of the dispatch figures (调拨统计): column headers in the officer's
 * language (kpiCsv in shared/ writes the rows), and a file name that says what it holds.
 */

export const KPI_CSV_COLUMNS = ['requestId', 'createdAt', 'deliveredAt', 'durationS', 'onTime', 'priority', 'destination', 'items', 'vehicles'] as const;

export function kpiCsvHeaders(t: (key: string) => string): string[] {
  return KPI_CSV_COLUMNS.map((c) => t(`dispatch:kpi.csv.${c}`));
}

/** "调拨统计-day-2025-06-02.csv": period and local date, no characters a file system dislikes. */
export function kpiFileName(prefix: string, period: KpiReport['period'], at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  const safe = prefix.replace(/[\\/:*?"<>|\s]+/g, '-');
  return `${safe}-${period}-${date}.csv`;
}

/** "85%" / "—": the on-time share as officers read it. */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10}%`;
}

/** The audit record of an export of these figures: which period, from when to when, how many rows. */
export function kpiExportRecord(report: Pick<KpiReport, 'period' | 'from' | 'to' | 'rows'>): MethodArg<'audit.recordExport'> {
  return { kind: 'kpi_csv', rows: report.rows.length, detail: { period: report.period, from: report.from, to: report.to } };
}
