import type { TFunction } from 'i18next';
import type { ItemType } from '../../shared/domain';
import type { KpiReport, MethodArg } from '../../shared/board-api';
import { csvDocument, type CsvValue } from '../../shared/csv';
import type { PlaceNamer } from '../format/place';
import { formatTimestamp } from '../format/timestamp';
import type { Language } from '../i18n';

/**
 * The CSV export of the dispatch figures (调拨统计), written in the officer's language for
 * a spreadsheet: priorities and on-time in words, local times with their offset, and the
 * goods moved one column per item (a mask and a protective suit are not added up).
 */

export const KPI_CSV_COLUMNS = ['requestId', 'createdAt', 'deliveredAt', 'durationS', 'onTime', 'priority', 'destination', 'vehicles'] as const;

export type KpiCsvContext = {
  t: TFunction;
  language: Language;
  items: readonly ItemType[];
  place: PlaceNamer;
  /** The local one unless given (tests). */
  timeZone?: string;
};

/** The items a report moved, in the order of the item list (unknown ids last, by id). */
function movedItems(report: KpiReport, items: readonly ItemType[]): { id: string; item: ItemType | undefined }[] {
  const moved = new Set(report.moved.map((m) => m.itemId));
  const known = items.filter((i) => moved.has(i.id)).map((item) => ({ id: item.id, item }));
  const unknown = [...moved].filter((id) => !items.some((i) => i.id === id)).map((id) => ({ id, item: undefined }));
  return [...known, ...unknown];
}

/** UTF-8 with a BOM (spreadsheet programs then read the Chinese), CRLF lines (shared/csv.ts). */
export function kpiCsv(report: KpiReport, ctx: KpiCsvContext): string {
  const { t, language } = ctx;
  const columns = movedItems(report, ctx.items);
  const headers = [
    ...KPI_CSV_COLUMNS.slice(0, -1).map((c) => t(`dispatch:kpi.csv.${c}`)),
    ...columns.map(({ id, item }) => (item ? t('dispatch:kpi.csv.itemColumn', { item: language === 'en' ? item.nameEn : item.name, unit: language === 'en' ? item.unitEn : item.unit }) : id)),
    t('dispatch:kpi.csv.vehicles'),
  ];
  const lines: CsvValue[][] = [headers];
  for (const r of report.rows) {
    const qty = new Map(r.moved.map((m) => [m.itemId, m.quantity]));
    lines.push([
      r.requestId,
      formatTimestamp(r.createdAt, ctx.timeZone),
      formatTimestamp(r.deliveredAt, ctx.timeZone),
      Math.round(r.durationS),
      t(r.onTime ? 'format:answer.yes' : 'format:answer.no'),
      t(`format:priority.${r.priority}`),
      ctx.place(r.destination),
      ...columns.map(({ id }) => qty.get(id) ?? 0),
      r.vehicles,
    ]);
  }
  return csvDocument(lines);
}

/** Quantities in the order of the item list (as the request form and the stock tables list them). */
export function inItemOrder(moved: KpiReport['moved'], items: readonly ItemType[]): KpiReport['moved'] {
  const rank = (id: string) => {
    const i = items.findIndex((x) => x.id === id);
    return i < 0 ? items.length : i;
  };
  return [...moved].sort((a, b) => rank(a.itemId) - rank(b.itemId));
}

/**
 * What was moved, summed per unit word of the board language ("60 件", "20 台"), most
 * first: the panel's figure and rows. Items are only added where the unit says they count alike.
 */
export function movedByUnit(moved: KpiReport['moved'], items: readonly ItemType[], language: Language): { unit: string; quantity: number }[] {
  const byUnit = new Map<string, number>();
  for (const m of inItemOrder(moved, items)) {
    const item = items.find((i) => i.id === m.itemId);
    const unit = item ? (language === 'en' ? item.unitEn : item.unit) : m.itemId;
    byUnit.set(unit, (byUnit.get(unit) ?? 0) + m.quantity);
  }
  // Most first: the figure reads like a headline.
  return [...byUnit].map(([unit, quantity]) => ({ unit, quantity })).sort((a, b) => b.quantity - a.quantity);
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
