import type { TFunction } from 'i18next';
import { ALERT_LEVELS } from '../../shared/alerts/levels';
import type { MethodArg, MethodResult } from '../../shared/board-api';
import { csvDocument, type CsvValue } from '../../shared/csv';
import { formatTimestamp } from '../format/timestamp';
import type { Language } from '../i18n';

/**
 * The division's report as the console shows, charts, exports and prints it: pure, so the
 * panel, the CSV and the printed page say the same thing from one `report.figures` answer.
 */

export type Report = MethodResult<'report.figures'>;
export type Figures = Report['figures'];
export type Bucket = Report['series'][number];
type ItemNames = Report['itemNames'];

/** "85.3%" / "—": a share as officers read it (null: nothing to share out, not 0%). */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10}%`;
}

/** The short name of a chart bucket: a month "03", a day "17", a shift "day"/"night", an hour "14:00". */
export function bucketLabel(key: string): string {
  const hour = /T(\d{2}:\d{2})/.exec(key);
  if (hour) return hour[1]!;
  const shift = /^\d{4}-\d{2}-\d{2}\/(.+)$/.exec(key);
  if (shift) return shift[1]!;
  const day = /^\d{4}-\d{2}-(\d{2})$/.exec(key);
  if (day) return day[1]!;
  const month = /^\d{4}-(\d{2})$/.exec(key);
  return month ? month[1]! : key;
}

const itemName = (id: string, names: ItemNames, language: Language) => {
  const n = names[id];
  return n ? { name: language === 'en' ? n.nameEn : n.name, unit: language === 'en' ? n.unitEn : n.unit } : { name: id, unit: '' };
};

/** The goods moved, item by item in the board's language, most first: "N95 口罩 100 只". */
export function movedItems(moved: Figures['moved'], names: ItemNames, language: Language): { itemId: string; name: string; unit: string; quantity: number }[] {
  return moved.map((m) => ({ itemId: m.itemId, ...itemName(m.itemId, names, language), quantity: m.quantity })).sort((a, b) => b.quantity - a.quantity || (a.itemId < b.itemId ? -1 : 1));
}

/** The goods moved, summed only where the unit word is the same ("170 件 · 52 台"): the headline's total, most first. */
export function movedByUnit(moved: Figures['moved'], names: ItemNames, language: Language): { unit: string; quantity: number }[] {
  const byUnit = new Map<string, number>();
  for (const m of movedItems(moved, names, language)) byUnit.set(m.unit, (byUnit.get(m.unit) ?? 0) + m.quantity);
  return [...byUnit].map(([unit, quantity]) => ({ unit, quantity })).sort((a, b) => b.quantity - a.quantity);
}

/** Every item moved in the period or any of its buckets (a day's night shift runs past midnight), most moved first. */
function itemColumns(report: Report, language: Language) {
  const all = new Map<string, number>();
  for (const f of [report.figures, ...report.series.map((s) => s.figures)]) for (const m of f.moved) all.set(m.itemId, Math.max(all.get(m.itemId) ?? 0, m.quantity));
  return movedItems([...all].map(([itemId, quantity]) => ({ itemId, quantity })), report.itemNames, language);
}

/** A figure as a CSV cell: blank when not known (never 0), rounded, or to `digits` places. */
const blank = (v: number | null | undefined, digits = 0): CsvValue => (v === null || v === undefined ? '' : digits ? Number(v.toFixed(digits)) : Math.round(v));

/** `timeZone`: the report's own (the division's); the workstation's when not given. */
export type ReportCsvContext = { t: TFunction; language: Language; timeZone?: string };

const CSV_COLUMNS = ['bucket', 'from', 'to', 'requests', 'dispatches', 'delivered', 'avgS', 'p90S', 'onTime', 'late', 'onTimeShare', 'alerts', 'alertsOverdue', 'drills', 'repairDays', 'readiness', 'turnout'] as const;

/**
 * The report as a spreadsheet: one row per chart bucket, then the period's total; the goods
 * moved one column per item (a mask and a generator are not added up). Unknown figures are
 * left blank, never 0. UTF-8 with a BOM, CRLF (shared/csv.ts).
 */
export function reportCsv(report: Report, ctx: ReportCsvContext): string {
  const { t, language } = ctx;
  const items = itemColumns(report, language);
  const row = (label: string, f: Figures): CsvValue[] => {
    const qty = new Map(f.moved.map((m) => [m.itemId, m.quantity]));
    return [
      label,
      formatTimestamp(f.from, ctx.timeZone),
      formatTimestamp(f.to, ctx.timeZone),
      f.requests,
      f.dispatches,
      f.delivered,
      blank(f.avgRequestToArrivalS),
      blank(f.p90RequestToArrivalS),
      f.onTime,
      f.late,
      blank(f.onTimeShare, 4),
      blank(f.alerts?.raised),
      blank(f.alerts?.overdue),
      blank(f.drills?.started),
      blank(f.repairCycle?.meanDays, 2),
      blank(f.readiness?.rate, 4),
      blank(f.turnout?.rate, 4),
      ...items.map((i) => qty.get(i.itemId) ?? 0),
    ];
  };
  const header = [...CSV_COLUMNS.map((c) => t(`reports:csv.${c}`)), ...items.map((i) => (i.unit ? t('reports:csv.item', { item: i.name, unit: i.unit }) : i.name))];
  return csvDocument([header, ...report.series.map((s) => row(s.bucketKey, s.figures)), row(t('reports:csv.total', { key: report.period.key }), report.figures), ...rollupCsvRows(report, ctx)]);
}

const ROLLUP_CSV_COLUMNS = ['unit', 'requests', 'dispatches', 'delivered', 'onTime', 'late', 'onTimeShare', 'avgS', 'p90S', 'emergencyDelivered', 'emergencyOnTimeShare', 'emergencyAvgS', 'alerts', 'alertsOverdue', 'readinessReady', 'readinessInService', 'readiness'] as const;

/**
 * The roll-up below the period's rows, after a blank row, as the panel shows it: a header, the
 * unit's own line, one per unit under it, the total; then, when requests of units outside it were
 * left out, a line saying how many. Nothing when the report has no roll-up.
 */
function rollupCsvRows(report: Report, ctx: ReportCsvContext): CsvValue[][] {
  const { t, language } = ctx;
  const lines = rollupLines(report, t, language);
  if (lines.length === 0) return [];
  const rows: CsvValue[][] = [
    [],
    [t('reports:csv.rollupTitle', { unit: unitName(report.rollup!.unit, language) })],
    ROLLUP_CSV_COLUMNS.map((c) => t(`reports:csv.rollup.${c}`)),
    ...lines.map(({ label, figures: f }) => [
      label, f.requests, f.dispatches, f.delivered, f.onTime, f.late, blank(f.onTimeShare, 4), blank(f.avgRequestToArrivalS), blank(f.p90RequestToArrivalS),
      f.emergency.delivered, blank(f.emergency.onTimeShare, 4), blank(f.emergency.avgRequestToArrivalS), blank(f.alerts?.raised), blank(f.alerts?.overdue),
      blank(f.readiness?.ready), blank(f.readiness?.inService), blank(f.readiness?.rate, 4),
    ]),
  ];
  if (report.rollup!.outside > 0) rows.push([t('reports:rollup.outside', { count: report.rollup!.outside })]);
  return rows;
}

/** "业务报表-year-2026.csv": kind and key, nothing a file system dislikes. */
export function reportFileName(prefix: string, period: Report['period'], ext: 'csv' | 'pdf'): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '-');
  return `${safe(prefix)}-${period.kind}-${safe(period.key)}.${ext}`;
}

/** The audit record of an export: which period, its span, how many rows left the board (the roll-up's lines included). */
export function reportExportRecord(report: Report, kind: 'report_csv' | 'report_pdf'): MethodArg<'audit.recordExport'> {
  return { kind, rows: report.series.length + 1 + (report.rollup ? report.rollup.children.length + 2 : 0), detail: { period: report.period.kind, key: report.period.key, from: report.period.from, to: report.period.to } };
}

/** One chart: a value (or a stack of values) per bucket; null where the bucket has none (no bar, not a zero bar). */
export type ChartDef = {
  id: 'dispatches' | 'delivered' | 'avgMinutes' | 'p90Minutes' | 'onTimePercent' | 'moved' | 'alerts' | 'repairDays';
  /** The stacks' keys and names (one: the figure itself). */
  stacks: { key: string; name: string; level?: (typeof ALERT_LEVELS)[number] }[];
  rows: ({ bucket: string; label: string } & Record<string, number | string | null>)[];
  /** A line the bars are held against (30 minutes, 3.1 days). */
  target?: number;
  /** Whether any bucket has a value: a chart of nothing is not drawn. */
  hasData: boolean;
};

const minutes = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);

/**
 * The charts of a report, one per figure over its buckets. The counts are 0 in a bucket where
 * nothing happened (that is data: no dispatch); the times, shares and the repair cycle are
 * null where nothing was delivered or repaired (no bar), so an empty month is not a 0-minute
 * month. Alerts only when the board has alerts, the repair cycle only with the ledger.
 */
export function reportCharts(report: Report, t: TFunction, language: Language): ChartDef[] {
  const label = (b: Bucket) => bucketLabel(b.bucketKey);
  // A count has data where it is not 0; a time or a share wherever it is known (0 seconds is a time).
  const single = (id: ChartDef['id'], value: (f: Figures) => number | null, target?: number): ChartDef => {
    const rows = report.series.map((b) => ({ bucket: b.bucketKey, label: label(b), value: value(b.figures) }));
    const counts = id === 'dispatches' || id === 'delivered';
    return { id, stacks: [{ key: 'value', name: t(`reports:chart.${id}`) }], rows, ...(target !== undefined ? { target } : {}), hasData: rows.some((r) => r.value !== null && (!counts || r.value !== 0)) };
  };
  const charts: ChartDef[] = [
    single('dispatches', (f) => f.dispatches),
    single('delivered', (f) => f.delivered),
    single('avgMinutes', (f) => minutes(f.avgRequestToArrivalS), report.figures.arrivalTargetS / 60),
    single('p90Minutes', (f) => minutes(f.p90RequestToArrivalS), report.figures.arrivalTargetS / 60),
    single('onTimePercent', (f) => (f.onTimeShare === null ? null : Math.round(f.onTimeShare * 1000) / 10)),
  ];
  const items = itemColumns(report, language);
  const movedRows = report.series.map((b) => {
    const qty = new Map(b.figures.moved.map((m) => [m.itemId, m.quantity]));
    return { bucket: b.bucketKey, label: label(b), ...Object.fromEntries(items.map((i) => [i.itemId, qty.get(i.itemId) ?? 0])) };
  });
  charts.push({ id: 'moved', stacks: items.map((i) => ({ key: i.itemId, name: i.unit ? t('reports:csv.item', { item: i.name, unit: i.unit }) : i.name })), rows: movedRows, hasData: items.length > 0 });
  if (report.figures.alerts) {
    const rows = report.series.map((b) => ({ bucket: b.bucketKey, label: label(b), ...Object.fromEntries(ALERT_LEVELS.map((l) => [l, b.figures.alerts?.byLevel[l].raised ?? null])) }));
    charts.push({ id: 'alerts', stacks: ALERT_LEVELS.map((l) => ({ key: l, name: t(`reports:level.${l}`), level: l })), rows, hasData: report.figures.alerts.raised > 0 });
  }
  if (report.figures.repairCycle) charts.push(single('repairDays', (f) => (f.repairCycle?.meanDays === null || !f.repairCycle ? null : Math.round(f.repairCycle.meanDays * 10) / 10), report.figures.repairCycle.targetDays));
  return charts;
}

/** What a screen reader hears of a chart: how many buckets, the highest and where. */
export function chartSummary(chart: ChartDef, title: string, t: TFunction, format: (n: number) => string): string {
  let best: { at: string; v: number } | null = null;
  for (const r of chart.rows) {
    const v = chart.stacks.reduce<number | null>((sum, s) => {
      const x = r[s.key];
      return typeof x === 'number' ? (sum ?? 0) + x : sum;
    }, null);
    if (v !== null && (best === null || v > best.v)) best = { at: r.label, v };
  }
  if (!chart.hasData || best === null) return t('reports:chart.summaryNone', { title });
  return t('reports:chart.summary', { title, count: chart.rows.length, max: format(best.v), at: best.at });
}

export type Rollup = NonNullable<Report['rollup']>;
export type RollupFigures = Rollup['total'];

/** A unit's name in the board's language. */
export const unitName = (unit: Rollup['unit'], language: Language): string => (language === 'en' ? unit.nameEn : unit.name);

/** One line of the roll-up table: the unit's own figures, a child's, or the total. */
export type RollupLine = { key: string; part: 'own' | 'child' | 'total'; unitId: string; label: string; figures: RollupFigures };

/**
 * The roll-up as the panel and the paper show it (station → county → city): the unit's own
 * line, one per child unit in the order the board sent them (the tree's), the total last.
 * Empty when the board sent no roll-up (no command tree on it).
 */
export function rollupLines(report: Report, t: TFunction, language: Language): RollupLine[] {
  const r = report.rollup;
  if (!r) return [];
  return [
    { key: 'own', part: 'own', unitId: r.unit.id, label: t('reports:rollup.own', { unit: unitName(r.unit, language) }), figures: r.own },
    ...r.children.map((c): RollupLine => ({ key: `child:${c.unit.id}`, part: 'child', unitId: c.unit.id, label: unitName(c.unit, language), figures: c.figures })),
    { key: 'total', part: 'total', unitId: r.unit.id, label: t('reports:rollup.total'), figures: r.total },
  ];
}

/**
 * A period as a title reads it: "2026年11月" / "November 2026", "2026年第4季度" / "Q4 2026".
 * A shift keeps its key (its name is the duty settings', not the report's).
 */
export function periodTitle(period: Report['period'], t: TFunction, language: Language): string {
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2})(?:-(\d{2}))?)?$/.exec(period.key);
  if (!m || period.kind === 'shift') return t(`reports:periodName.${period.kind}`, { key: period.key });
  const year = Number(m[1]);
  // Calendar names only: UTC noon of the named day, so no zone moves it to the day before.
  const calendar = (options: Intl.DateTimeFormatOptions, month: number, day: number) =>
    new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day, 12));
  switch (period.kind) {
    case 'year':
      return t('reports:periodTitle.year', { year });
    case 'half':
      return t(m[2] === 'H1' ? 'reports:periodTitle.firstHalf' : 'reports:periodTitle.secondHalf', { year });
    case 'quarter':
      return t('reports:periodTitle.quarter', { year, quarter: Number(m[2]!.slice(1)) });
    case 'month':
      return calendar({ year: 'numeric', month: 'long' }, Number(m[2]), 1);
    case 'day':
      return calendar({ dateStyle: 'long' }, Number(m[2]), Number(m[3]));
  }
}

/** The report's title: the unit it is for and the period ("中心区分局 2026年11月"); the period alone without a roll-up. */
export function reportTitle(report: Report, t: TFunction, language: Language): string {
  const period = periodTitle(report.period, t, language);
  return report.rollup ? t('reports:print.titleOf', { unit: unitName(report.rollup.unit, language), period }) : t('reports:print.title', { period });
}
