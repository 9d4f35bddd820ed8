/**
 * The division's reports from the console (issue 14): two supply requests dispatched and
 * delivered this year; the duty officer opens 业务报表 from the command palette, switches to
 * 年, and the annual headline shows what `report.figures` answers; the monthly chart has a
 * bar for each of the twelve months (and its table for the keyboard); the CSV export is
 * audited and holds the header and this month's row.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { MethodResult } from '../shared/board-api';
import { BoardPage } from './board-page';
import { boardCall } from './wall-page';

const SCREENS = 'test-results/screens';
const DESTINATIONS = [
  { lon: 11.9736, lat: 57.7089, label: '中央车站广场' },
  { lon: 11.9525, lat: 57.6925, label: '快取点06·林奈广场' },
];

/** Records a request, dispatches it by the best plan and confirms its delivery. */
async function deliver(destination: (typeof DESTINATIONS)[number], items: { itemId: string; quantity: number }[]): Promise<void> {
  const { requestId } = await boardCall('request.create', { destination, items, priority: 'yellow', requester: 'e2e 报表', note: '' });
  const plan = await boardCall('dispatch.plan', { destination: { lon: destination.lon, lat: destination.lat }, items, priority: 'yellow' }, 30_000);
  expect(plan.ok, JSON.stringify(plan).slice(0, 300)).toBe(true);
  if (!plan.ok) return;
  const best = plan.plans[0]!;
  const { dispatchIds } = await boardCall('dispatch.accept', {
    requestId,
    runs: best.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups, arrivalS: r.arrivalS })),
    confirmBelowSafety: !best.keepsReserve,
  });
  for (const dispatchId of dispatchIds) await boardCall('dispatch.confirmDelivery', { dispatchId });
}

test('the year report: headline as report.figures answers it, twelve monthly bars, an audited CSV', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(SCREENS, { recursive: true });
  await expect.poll(async () => (await boardCall('board.snapshot', {})).items.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const before = new Set((await boardCall('outbox.list', {})).entries.map((e) => e.id));
  await deliver(DESTINATIONS[0]!, [{ itemId: 'life-jacket', quantity: 12 }]);
  await deliver(DESTINATIONS[1]!, [{ itemId: 'n95-mask', quantity: 40 }]);
  // This test's commands answered by the central: applied, or a confirmation refused because
  // the simulator delivered first (earlier tests on the shared stack may have left refused ones
  // of their own: not this test's concern).
  await expect
    .poll(async () => (await boardCall('outbox.list', {})).entries.filter((e) => !before.has(e.id)).every((e) => e.state !== 'pending'), { timeout: 30_000 })
    .toBe(true);
  await expect.poll(async () => (await boardCall('report.figures', { kind: 'year' })).figures.delivered, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

  const board = new BoardPage(page);
  await board.open(process.env.JB_BOARD_URL!, 'duty');
  await page.keyboard.press('Control+k');
  await board.testId('palette-input').fill('报表');
  await expect(board.testId('palette-option').first()).toHaveAttribute('data-entry-id', 'action:reports');
  await page.keyboard.press('Enter');
  const panel = board.testId('reports-panel');
  await expect(panel).toBeVisible();

  await board.testId('report-kind-year').click();
  await expect(board.testId('report-kind-year')).toHaveAttribute('aria-pressed', 'true');
  const year: MethodResult<'report.figures'> = await boardCall('report.figures', { kind: 'year' });
  expect(year.headline).not.toBeNull();
  const h = year.headline!;
  await expect(board.testId('report-period')).toHaveText(`${year.period.key} 年`);
  const headline = board.testId('report-headline');
  await expect(headline).toBeVisible();
  await expect(board.testId('headline-dispatches')).toHaveText(`${h.dispatches.toLocaleString('zh-CN')} 次`);
  await expect(board.testId('headline-ontime')).toHaveText(h.onTimeShare === null ? '—' : `${Math.round(h.onTimeShare * 1000) / 10}%`);
  if (h.avgRequestToArrivalS !== null) {
    const s = Math.floor(h.avgRequestToArrivalS);
    await expect(board.testId('headline-avg')).toContainText(s < 60 ? `${s} 秒` : `${Math.floor(s / 60)} 分`);
    await expect(board.testId('headline-avg')).toContainText(h.withinTarget ? '达标' : '未达标');
  }
  const jackets = h.moved.find((m) => m.itemId === 'life-jacket')!.quantity;
  await expect(board.testId('report-moved')).toContainText(`救生衣 ${jackets.toLocaleString('zh-CN')} 件`);
  await expect(board.testId('report-dispatches-value')).toHaveText(year.figures.dispatches.toLocaleString('zh-CN'));

  // The monthly chart: twelve months on its axis, a bar in each month with dispatches (recharts draws
  // nothing for a 0, so an empty month is a gap, not a sliver), and the same twelve as a table.
  const chart = board.testId('report-chart-dispatches');
  await expect(chart.locator('.recharts-xAxis .recharts-cartesian-axis-tick')).toHaveCount(12);
  await expect(chart.locator('.recharts-bar-rectangle path')).toHaveCount(year.series.filter((b) => b.figures.dispatches > 0).length);
  await expect(board.testId('report-chart-dispatches-table').locator('tbody tr')).toHaveCount(12);
  const month = year.series.find((b) => b.from <= Date.now() && Date.now() < b.to)!;
  await expect(board.testId('report-chart-dispatches-table').locator(`tbody tr:has(th:text-is("${month.bucketKey}")) td`)).toHaveText(String(month.figures.dispatches));

  await page.screenshot({ path: `${SCREENS}/reports-year.png` });
  await board.testId('report-chart-moved').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/reports-year-charts.png` });

  // CSV: recorded in the audit log, then saved.
  const [download] = await Promise.all([page.waitForEvent('download'), board.testId('report-export-csv').click()]);
  expect(download.suggestedFilename()).toBe(`业务报表-year-${year.period.key}.csv`);
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  expect(lines[0]!.startsWith('时段,开始,结束,物资需求,应急调拨,送达,平均用时（秒）,90% 用时（秒）,按时,超时,按时率')).toBe(true);
  expect(lines[0]).toContain('救生衣（件）');
  const row = lines.find((l) => l.startsWith(`${month.bucketKey},`))!;
  expect(row.split(',').slice(3, 6)).toEqual([month.figures.requests, month.figures.dispatches, month.figures.delivered].map(String));
  expect(lines[13]!.startsWith(`合计 ${year.period.key},`)).toBe(true);
  // Below the total, after a blank row, the roll-up over the city's counties, as report.figures sends it.
  const rollup = year.rollup!;
  expect(lines[14]).toBe('');
  expect(lines[15]).toBe(`${rollup.unit.name}：本级及下级汇总`);
  expect(lines[16]!.startsWith('单位,物资需求,应急调拨,送达,')).toBe(true);
  expect(lines.slice(17, 17 + 2 + rollup.children.length).map((l) => l.split(',')[0])).toEqual([`${rollup.unit.name}（本级）`, ...rollup.children.map((c) => c.unit.name), '合计']);
  expect(lines).toHaveLength(17 + 2 + rollup.children.length + (rollup.outside > 0 ? 1 : 0));
  await expect
    .poll(async () => (await boardCall('audit.list', { action: 'export' })).local.concat((await boardCall('audit.list', { action: 'export' })).central).some((e) => e.target === 'export:report_csv'))
    .toBe(true);
});
