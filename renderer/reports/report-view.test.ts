import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { reportMethods } from '../../shared/duty/report-api';
import { DEFAULT_DUTY_CONFIG } from '../../shared/duty/defaults';
import { periodByKey } from '../../shared/duty/periods';
import { reportFigures, seriesOf, yearHeadline, type ReportData } from '../../shared/duty/reports';
import { rollupOf } from '../../shared/duty/rollup';
import { demoUnits } from '../../shared/scope/demo-tree';
import { checkUnitTree } from '../../shared/scope/tree';
import type { DispatchOrder, SupplyRequest } from '../../shared/domain';
import { formatTimestamp } from '../format/timestamp';
import { createI18n } from '../i18n';
import { markupText, renderAs } from '../ui/testing/render-as';
import { ReportDocument } from './ReportDocument';
import { bucketLabel, chartSummary, formatShare, movedByUnit, periodTitle, reportCharts, reportCsv, reportExportRecord, reportFileName, reportTitle, rollupLines, type Report } from './report-view';

const CFG = DEFAULT_DUTY_CONFIG;
const sh = (local: string) => Date.parse(`${local}:00+08:00`);
const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const request = (n: number, created: string, minutes: number): SupplyRequest => ({
  id: U(n), destination: { lon: 121, lat: 31, label: 'x' }, items: [{ itemId: 'life-jacket', quantity: 1 }], priority: 'red', requester: '', note: '',
  createdAt: sh(created), deadlineAt: sh(created) + 30 * 60_000, class: 'emergency', status: 'delivered', deliveredAt: sh(created) + minutes * 60_000,
});
const dispatch = (n: number, created: string, minutes: number, pickups: [string, number][]): DispatchOrder => ({
  id: U(100 + n), requestId: U(n), vehicleId: 'veh-001', pickups: pickups.map(([itemId, quantity]) => ({ siteId: 'depot', itemId, quantity })), siteIds: ['depot'],
  predictedArrivalAt: sh(created), status: 'delivered', createdAt: sh(created), pickedUpAt: sh(created), deliveredAt: sh(created) + minutes * 60_000,
});

/** A year with deliveries in March (20 and 40 minutes) and one in May (25), as report.figures answers it. */
function yearReport(data: ReportData = {
  requests: [request(1, '2026-03-02T10:00', 20), request(2, '2026-03-09T10:00', 40), request(3, '2026-05-01T08:00', 25)],
  dispatches: [dispatch(1, '2026-03-02T10:01', 20, [['life-jacket', 60], ['generator', 2]]), dispatch(2, '2026-03-09T10:01', 40, [['life-jacket', 10]]), dispatch(3, '2026-05-01T08:01', 25, [['n95-mask', 500]])],
  alerts: [],
}): Report {
  const period = periodByKey('year', '2026', CFG)!;
  const figures = reportFigures(period, data, CFG);
  return reportMethods['report.figures'].result.parse({
    period,
    previous: '2025',
    next: '2027',
    timeZone: 'Asia/Shanghai',
    current: false,
    figures,
    series: seriesOf(period, data, CFG).map((s) => ({ bucketKey: s.bucket.key, from: s.bucket.from, to: s.bucket.to, figures: s.figures })),
    headline: yearHeadline(figures),
    ledgerAt: null,
    rollup: null,
    itemNames: {
      'life-jacket': { name: '救生衣', nameEn: 'Life jacket', unit: '件', unitEn: 'pcs' },
      generator: { name: '便携发电机', nameEn: 'Portable generator', unit: '台', unitEn: 'units' },
      'n95-mask': { name: 'N95 口罩', nameEn: 'N95 mask', unit: '只', unitEn: 'pcs' },
    },
  });
}

describe('the report as shown, exported and printed', () => {
  const i18n = createI18n('zh-CN');
  const t = i18n.getFixedT('zh-CN');

  it('writes the CSV: one row per month, then the total; items one column each; unknown figures blank, not 0', () => {
    const csv = reportCsv(yearReport(), { t, language: 'zh-CN', timeZone: 'Asia/Shanghai' });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(14);
    expect(lines[0]).toBe(
      '时段,开始,结束,物资需求,应急调拨,送达,平均用时（秒）,90% 用时（秒）,按时,超时,按时率,预警,预警超时,断网演练,维修周期（天）,装备完好率,车辆出勤保障率,N95 口罩（只）,救生衣（件）,便携发电机（台）',
    );
    expect(lines[3]).toBe(`2026-03,${formatTimestamp(sh('2026-03-01T00:00'), 'Asia/Shanghai')},${formatTimestamp(sh('2026-04-01T00:00'), 'Asia/Shanghai')},2,2,2,1800,2400,1,1,0.5,0,0,,,,,0,70,2`);
    // April: nothing happened: counts 0, the average and share blank (not "0 seconds", not "0%").
    expect(lines[4]).toBe(`2026-04,${formatTimestamp(sh('2026-04-01T00:00'), 'Asia/Shanghai')},${formatTimestamp(sh('2026-05-01T00:00'), 'Asia/Shanghai')},0,0,0,,,0,0,,0,0,,,,,0,0,0`);
    expect(lines[13]!.startsWith('合计 2026,')).toBe(true);
    expect(lines[13]!.endsWith(',3,3,3,1700,2400,2,1,0.6667,0,0,,,,,500,70,2')).toBe(true);
  });

  it('charts each figure by month: counts are 0 in an empty month, times and shares have no bar there', () => {
    const charts = reportCharts(yearReport(), t, 'zh-CN');
    expect(charts.map((c) => c.id)).toEqual(['dispatches', 'delivered', 'avgMinutes', 'p90Minutes', 'onTimePercent', 'moved', 'alerts']);
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    expect(byId.dispatches!.rows.map((r) => r.value)).toEqual([0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(byId.avgMinutes!.rows.map((r) => r.value)).toEqual([null, null, 30, null, 25, null, null, null, null, null, null, null]);
    expect(byId.avgMinutes!.target).toBe(30);
    expect(byId.moved!.stacks.map((s) => s.key)).toEqual(['n95-mask', 'life-jacket', 'generator']);
    expect(byId.moved!.rows[2]).toMatchObject({ label: '03', 'life-jacket': 70, generator: 2, 'n95-mask': 0 });
    expect(byId.alerts!.hasData).toBe(false);
    expect(chartSummary(byId.dispatches!, '应急调拨', t, String)).toBe('应急调拨：12 个时段，最高 2（03）');
    expect(chartSummary(byId.alerts!, '预警', t, String)).toBe('预警：该时段无数据');
  });

  it('names buckets briefly, sums goods only within a unit, and records the export', () => {
    expect(['2026-03', '2026-03-17', '2026-03-17/night', '2026-10-25T02:00+01:00'].map(bucketLabel)).toEqual(['03', '17', 'night', '02:00']);
    const r = yearReport();
    expect(movedByUnit(r.figures.moved, r.itemNames, 'zh-CN')).toEqual([{ unit: '只', quantity: 500 }, { unit: '件', quantity: 70 }, { unit: '台', quantity: 2 }]);
    expect(movedByUnit(r.figures.moved, r.itemNames, 'en')).toEqual([{ unit: 'pcs', quantity: 570 }, { unit: 'units', quantity: 2 }]);
    expect([formatShare(2 / 3), formatShare(null)]).toEqual(['66.7%', '—']);
    expect(reportFileName('业务报表', r.period, 'csv')).toBe('业务报表-year-2026.csv');
    expect(reportExportRecord(r, 'report_pdf')).toEqual({ kind: 'report_pdf', rows: 13, detail: { period: 'year', key: '2026', from: r.period.from, to: r.period.to } });
  });
});

/**
 * November 2026 as 中心区分局's console gets it: Nordstaden 20 min and its Kungsportsplatsen
 * post 50 min (late), Lorensberg en route, one request with no unit (the county's own, 25 min).
 */
function countyMonth(unitId = 'unit-centrum'): Report {
  const checked = checkUnitTree(demoUnits());
  if (!checked.ok) throw new Error('the demo tree does not check');
  const period = periodByKey('month', '2026-11', CFG)!;
  const inUnit = (r: SupplyRequest, unit: string | undefined, status?: SupplyRequest['status']): SupplyRequest => ({
    ...r, ...(unit ? { unitId: unit } : {}), ...(status ? { status, deliveredAt: null } : {}),
  });
  const data: ReportData = {
    requests: [
      inUnit(request(1, '2026-11-02T10:00', 20), 'unit-nordstaden'),
      inUnit(request(2, '2026-11-03T10:00', 50), 'unit-post-kungsportsplatsen'),
      inUnit(request(3, '2026-11-04T10:00', 0), 'unit-lorensberg', 'dispatched'),
      inUnit(request(4, '2026-11-05T10:00', 25), undefined),
      inUnit(request(5, '2026-11-06T10:00', 15), 'unit-hisingen'),
    ],
    dispatches: [],
    alerts: [],
  };
  const figures = reportFigures(period, data, CFG);
  return reportMethods['report.figures'].result.parse({
    period, previous: '2026-10', next: '2026-12', timeZone: 'Asia/Shanghai', current: false, figures,
    series: seriesOf(period, data, CFG).map((s) => ({ bucketKey: s.bucket.key, from: s.bucket.from, to: s.bucket.to, figures: s.figures })),
    headline: null, ledgerAt: null, rollup: rollupOf(checked.tree, unitId, period, data, CFG), itemNames: {},
  });
}

describe('the roll-up as shown and printed', () => {
  const zh = createI18n('zh-CN').getFixedT('zh-CN');
  const en = createI18n('en').getFixedT('en');

  it('lists the unit’s own line, each unit under it in tree order, the total; in both languages', () => {
    const r = countyMonth();
    const line = (l: ReturnType<typeof rollupLines>[number]) => [l.label, l.figures.requests, l.figures.delivered, l.figures.late];
    expect(rollupLines(r, zh, 'zh-CN').map(line)).toEqual([
      ['中心区分局（本级）', 1, 1, 0],
      ['中央车站派出所', 0, 0, 0],
      ['洛伦斯贝里派出所', 1, 0, 0],
      ['北城派出所', 2, 2, 1], // its post's request is its own line's
      ['乌勒维体育场警务站', 0, 0, 0],
      ['合计', 4, 3, 1],
    ]);
    expect(rollupLines(r, en, 'en').map((l) => l.label)).toEqual([
      'Centrum District Bureau (own)', 'Centralen Police Station', 'Lorensberg Police Station', 'Nordstaden Police Station', 'Ullevi Street Post', 'Total',
    ]);
    // Hisingen's request is another county's: left out of the roll-up, said so.
    expect(r.rollup!.outside).toBe(1);
    expect(rollupLines(yearReport(), zh, 'zh-CN')).toEqual([]);
  });

  it('exports the roll-up below the period’s rows: own, each unit under it, the total, and what was left out', () => {
    const r = countyMonth();
    const lines = reportCsv(r, { t: zh, language: 'zh-CN', timeZone: 'Asia/Shanghai' }).slice(1).trimEnd().split('\r\n');
    const at = lines.indexOf('中心区分局：本级及下级汇总');
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toBe('');
    expect(lines[at - 2]!.startsWith('合计 2026-11,')).toBe(true);
    expect(lines[at + 1]).toBe('单位,物资需求,应急调拨,送达,按时,超时,按时率,平均用时（秒）,90% 用时（秒）,紧急送达,紧急按时率,紧急平均用时（秒）,预警,预警超时,装备完好（件）,装备在用（件）,装备完好率（现时）');
    // A past month has no readiness reading: those cells are blank, not 0.
    expect(lines[at + 2]!.endsWith(',,,')).toBe(true);
    const rows = lines.slice(at + 2, at + 8).map((l) => l.split(',').slice(0, 6));
    expect(rows.map((x) => [x[0], Number(x[1]), Number(x[3]), Number(x[5])])).toEqual([
      ['中心区分局（本级）', 1, 1, 0],
      ['中央车站派出所', 0, 0, 0],
      ['洛伦斯贝里派出所', 1, 0, 0],
      ['北城派出所', 2, 2, 1],
      ['乌勒维体育场警务站', 0, 0, 0],
      ['合计', 4, 3, 1],
    ]);
    expect(lines[at + 8]).toBe('另有 1 件物资需求属本级以外单位，未计入汇总。');
    expect(lines).toHaveLength(at + 9);
    // In English too, and the export's audit record counts the roll-up's lines.
    expect(reportCsv(r, { t: en, language: 'en', timeZone: 'Asia/Shanghai' })).toContain('\r\nCentrum District Bureau: this unit and the units under it\r\nUnit,Supply requests,');
    expect(reportExportRecord(r, 'report_csv').rows).toBe(r.series.length + 1 + 6);
    // No roll-up (no command tree): the CSV ends with the total.
    expect(reportCsv(yearReport(), { t: zh, language: 'zh-CN', timeZone: 'Asia/Shanghai' }).trimEnd().split('\r\n').pop()!.startsWith('合计 2026,')).toBe(true);
  });

  it('titles the report by its unit and period', () => {
    const r = countyMonth();
    expect(reportTitle(r, zh, 'zh-CN')).toBe('中心区分局 2026年11月 业务报表');
    expect(reportTitle(r, en, 'en')).toBe('Centrum District Bureau · division report · November 2026');
    expect(reportTitle(yearReport(), zh, 'zh-CN')).toBe('警务保障处业务报表 · 2026年');
    const p = (kind: Report['period']['kind'], key: string) => ({ kind, key, from: 0, to: 1 });
    expect([p('quarter', '2026-Q4'), p('half', '2026-H1'), p('day', '2026-12-03'), p('shift', '2026-12-03/night')].map((x) => periodTitle(x, zh, 'zh-CN'))).toEqual([
      '2026年第4季度', '2026年上半年', '2026年12月3日', '2026-12-03/night',
    ]);
    expect([p('quarter', '2026-Q4'), p('year', '2026'), p('day', '2026-12-03')].map((x) => periodTitle(x, en, 'en'))).toEqual(['Q4 2026', 'Year 2026', 'December 3, 2026']);
  });

  it('prints the roll-up: the unit in the title, a row per unit with its figures, the late emergency average marked', () => {
    const html = renderAs('duty', createElement(ReportDocument, { report: countyMonth(), printedAt: Date.parse('2026-12-01T09:00:00+08:00') }));
    const text = markupText(html);
    expect(text).toContain('中心区分局 2026年11月 业务报表');
    expect(text).toContain('本级及下级汇总');
    expect(text).toContain('北城派出所 2 0 2 50% 35 分 0 秒 50 分 0 秒 35 分 0 秒 0 / 0');
    // Emergency requests averaging over their 30 minutes: Nordstaden's 35, and the total's 31:40.
    expect(html.match(/<td class="danger">[^<]*<\/td>/g)).toEqual(['<td class="danger">35 分 0 秒</td>', '<td class="danger">31 分 40 秒</td>']);
    expect(text).toContain('另有 1 件物资需求属本级以外单位，未计入汇总。');
    // The row order on paper is the tree's.
    const order = ['中心区分局（本级）', '中央车站派出所', '洛伦斯贝里派出所', '北城派出所', '乌勒维体育场警务站', '合计'].map((n) => text.indexOf(n));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    // The city's console has no unit of its own to name on an old board: no roll-up section at all.
    expect(markupText(renderAs('duty', createElement(ReportDocument, { report: yearReport(), printedAt: 0 })))).not.toContain('本级及下级汇总');
  });
});
