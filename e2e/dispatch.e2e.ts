/**
 * Emergency supply dispatch through the UI, keyboard only: a request typed with the
 * keyboard, the recommended plans with their margins, the recommended one accepted with
 * Enter, the vehicle en route with a live countdown, the delivery (time-compressed
 * simulation, ×60), the request closed with its request-to-arrival time, the KPI panel
 * and its CSV export. Bad input is refused in the form with nothing queued.
 *
 * A stack of its own: the central runs its simulator 60 times faster than real time so
 * the delivery happens within the test, which the shared stack must not do.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import type { CentralServer } from '../central/server';
import type { Backend } from '../electron/backend/backend';
import type { Host } from '../electron/host/server';
import { startStack, type Stack } from './own-stack';
import { BoardPage } from './board-page';

const SCREENS = 'test-results/screens';
let central: CentralServer;
let backend: Backend;
let host: Host;

test.describe.configure({ mode: 'serial' });

let stack: Stack;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack('dispatch', { central: { tickMs: 200, speedFactor: 60 }, backend: { pushBackoff: { initialDelay: 50, maxDelay: 500 } } });
  ({ central, backend, host } = stack);
});
test.afterAll(async () => {
  await stack?.close();
});

test('bad input is refused in the form and nothing is queued', async ({ page }) => {
  const board = new BoardPage(page);
  await board.open(host.boardUrl);
  const applied = central.stats().commandsApplied;
  const rows = board.testId('request-row');
  const rowsBefore = await rows.count();

  await page.keyboard.press('n');
  await expect(board.testId('request-form')).toBeVisible();
  // A negative quantity and an item that does not exist.
  await board.typeRequest({ destination: '中心物资', items: [{ name: '救生衣', quantity: '-5' }, { name: '坦克', quantity: '3' }] });
  await page.keyboard.press('Enter');
  const error = board.testId('request-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('第 1 行：数量须大于 0');
  await expect(error).toContainText('第 2 行：未知物资“坦克”');
  await expect(board.testId('request-qty-0')).toHaveAttribute('aria-invalid', 'true');
  await expect(board.testId('request-item-1')).toHaveAttribute('aria-invalid', 'true');
  // Not a whole number, and absurdly many.
  await board.testId('request-qty-0').fill('2.5');
  await board.testId('request-submit').click();
  await expect(error).toContainText('第 1 行：数量须为整数');
  await board.testId('request-qty-0').fill('999999');
  await board.testId('request-submit').click();
  await expect(error).toContainText('第 1 行：数量超过 200,000');
  // Coordinates outside the city: the planner's answer shows in the form.
  await board.testId('request-qty-0').fill('10');
  await board.testId('request-item-1').fill('');
  await board.testId('request-qty-1').fill('');
  await board.testId('request-destination').fill('11.5, 57.7');
  await expect(board.testId('plan-error')).toContainText('城区范围之外');
  await board.testId('request-submit').click();
  await expect(error).toContainText('目的地在城区范围之外');
  await expect(board.testId('request-destination')).toHaveAttribute('aria-invalid', 'true');

  // Nothing reached the outbox or the central, no row appeared.
  await page.waitForTimeout(500);
  expect(backend.stats().queueDepth).toBe(0);
  expect(central.stats().commandsApplied).toBe(applied);
  await expect(board.testId('queue-depth')).toHaveAttribute('data-count', '0');
  expect(await rows.count()).toBe(rowsBefore);
  // Pick on the map instead: a click on a quick-pick point gives that site, a click
  // elsewhere the point, named after the nearest street.
  await board.testId('reset-view').click();
  await page.waitForTimeout(800); // the whole city, eased into view
  await board.testId('request-pick-on-map').click();
  await expect(board.testId('pick-banner')).toBeVisible();
  const qp02 = (await board.sites()).find((x) => x.id === 'qp-02')!;
  let at = await board.project(qp02.lon, qp02.lat);
  await page.mouse.click(at.x, at.y);
  await expect(board.testId('pick-banner')).toBeHidden();
  await expect(board.testId('request-destination')).toHaveValue('快取点02·国王门广场');
  await expect(board.testId('plan-1')).toBeVisible({ timeout: 15_000 });
  await expect(error).toBeHidden();
  await page.waitForTimeout(700); // the map eases to the plan
  await board.testId('request-pick-on-map').click();
  // A point about 120 m from the site, wherever the camera put it: one clear of the request
  // panel, the pick banner and the queue, so the click lands on the map itself.
  const viewport = page.viewportSize()!;
  for (const [dx, dy] of [[0.0015, -0.0008], [0.0015, 0.0008], [-0.0015, -0.0008], [-0.0015, 0.0008]] as const) {
    at = await board.project(qp02.lon + dx, qp02.lat + dy);
    if (at.x > 600 && at.x < viewport.width - 40 && at.y > 140 && at.y < viewport.height - 200) break;
  }
  await page.mouse.click(at.x, at.y);
  await expect(board.testId('request-destination-hint')).toContainText('地图选点');
  await expect(board.testId('request-destination')).toHaveValue(/附近|^\d/);
  await expect(board.testId('plan-list')).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 });

  // The same form in English, switched from the command palette; the typed request stays.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('english');
  await page.keyboard.press('Enter');
  await expect(board.testId('command-palette')).toBeHidden();
  await expect(board.testId('plan-1')).toContainText('to spare');
  await expect(board.testId('request-form')).toContainText('Record request');
  await page.screenshot({ path: `${SCREENS}/request-form-en.png` });
  await page.keyboard.press('Control+k');
  await page.keyboard.type('中文');
  await page.keyboard.press('Enter');
  await expect(board.testId('request-form')).toContainText('登记需求');

  await page.keyboard.press('Escape');
  await expect(board.testId('request-form')).toBeHidden();
});

test('keyboard only: request, plans, dispatch, delivery, closed with its times, KPIs and CSV', async ({ page }) => {
  test.setTimeout(150_000);
  const board = new BoardPage(page);
  await board.open(host.boardUrl);

  // --- The request, typed: destination by site search, two items, priority red.
  await page.keyboard.press('n');
  await expect(board.testId('request-form')).toBeVisible();
  await board.typeRequest({
    destination: '林奈',
    items: [
      { name: '救生衣', quantity: '60' },
      { name: '应急照明', quantity: '20' },
    ],
    priorityRight: 2,
    requester: '西区派出所',
  });
  await expect(board.testId('request-destination')).toHaveValue(/林奈广场/);
  await expect(board.testId('request-item-1')).toHaveValue('应急照明灯');
  await expect(board.testId('request-priority')).toHaveAttribute('data-value', 'red');

  // --- Plans appear by themselves: at least two, each with its margin, the first drawn on the map.
  const planList = board.testId('plan-list');
  await expect(planList.getByRole('option').nth(1)).toBeVisible({ timeout: 15_000 });
  const margin = board.testId('plan-1').getByTestId('plan-margin');
  await expect(margin).toContainText('余量');
  await expect(margin).toHaveAttribute('data-level', 'green');
  await expect(board.testId('plan-2').getByTestId('plan-margin')).toBeVisible();
  await expect(board.testId('plan-1')).toHaveAttribute('aria-selected', 'true');
  await expect(board.testId('plan-1')).toContainText('粤A');
  // The map redraws on the next frame after the list.
  await expect.poll(async () => (await board.layer('plan-routes')).count).toBeGreaterThan(0);
  await page.screenshot({ path: `${SCREENS}/dispatch-plan.png` });

  // --- Enter records the request; Enter on the plans dispatches the recommended one.
  await page.keyboard.press('Enter');
  await expect(board.testId('request-summary')).toBeVisible();
  await expect(planList).toBeFocused();
  // The simulator gives available vehicles jobs of their own, so one in the plan may be
  // taken between planning and Enter. The board then refuses, says why and re-plans, and the
  // officer presses Enter again: at most a few times.
  let vehiclePlate: string;
  for (let attempt = 0; ; attempt++) {
    vehiclePlate = (await board.testId('plan-1').locator('.plan-run__plate').first().textContent())!;
    await page.keyboard.press('Enter');
    const outcome = await Promise.race([
      board.testId('request-panel').waitFor({ state: 'hidden', timeout: 20_000 }).then(() => 'dispatched' as const),
      board.testId('plan-error').waitFor({ state: 'visible', timeout: 20_000 }).then(() => 'refused' as const),
    ]);
    if (outcome === 'dispatched') break;
    expect(attempt, 'refused three times in a row').toBeLessThan(2);
    await expect(board.testId('plan-1')).toBeVisible();
    await board.testId('plan-list').focus();
  }
  await expect(board.testId('request-panel')).toBeHidden();

  // --- In the queue: dispatched, its vehicle en route, a countdown ticking.
  const row = board.testId('request-row').filter({ hasText: '林奈广场' });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'dispatched');
  await expect(row).toBeFocused();
  const requestId = (await row.getAttribute('data-request-id'))!;
  await expect(row.getByTestId('queue-vehicle').filter({ hasText: vehiclePlate })).toHaveAttribute('data-status', 'enroute');
  const countdown = row.getByTestId('request-countdown');
  await expect(countdown).toHaveText(/^(29|30):\d\d/);
  const t0 = await countdown.locator('.countdown__clock').textContent();
  await expect(countdown.locator('.countdown__clock')).not.toHaveText(t0!, { timeout: 5_000 });
  await expect(countdown).toHaveAttribute('data-level', 'green');
  await expect.poll(async () => (await board.layer('dispatch-routes')).count, { timeout: 15_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: `${SCREENS}/dispatch-enroute.png` });

  // --- ×60 time: the run of a few minutes is delivered within seconds, the request closes.
  await expect(board.requestRow(requestId)).toHaveAttribute('data-status', 'delivered', { timeout: 60_000 });
  const took = board.requestRow(requestId).getByTestId('request-duration');
  await expect(took).toContainText('秒');
  await expect(took).toContainText('准时');
  expect(Number(await took.getAttribute('data-duration-s'))).toBeGreaterThan(0);
  await expect(board.requestRow(requestId).getByTestId('confirm-delivery')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/dispatch-queue.png` });

  // --- The KPI panel from the command palette: one delivered, 80 items moved; CSV export.
  await page.keyboard.press('Control+k');
  await expect(board.testId('command-palette')).toBeVisible();
  await page.keyboard.type('调拨统计');
  await page.keyboard.press('Enter');
  const kpi = board.testId('kpi-panel');
  await expect(kpi).toBeVisible();
  await board.testId('kpi-period-day').click();
  await expect(board.testId('kpi-delivered')).toContainText('1');
  // Goods per unit, never 60 life jackets and 20 lights added up to "80".
  await expect(board.testId('kpi-items')).toContainText('60 件，20 台');
  await expect(board.testId('kpi-ontime')).toContainText('100%');
  await expect(board.testId('kpi-rows').locator('tbody tr')).toHaveCount(1);
  await page.screenshot({ path: `${SCREENS}/kpi.png` });
  const [download] = await Promise.all([page.waitForEvent('download'), board.testId('kpi-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^调拨统计-day-\d{4}-\d\d-\d\d\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(lines[0]).toBe('需求编号,登记时间,送达时间,用时（秒）,准时,优先级,目的地,应急照明灯（台）,救生衣（件）,车次');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(requestId);
  const stamp = String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d`;
  expect(lines[1]).toMatch(new RegExp(`^${requestId},${stamp},${stamp},\\d+,是,严重,快取点06·林奈广场,20,60,\\d+$`));
});

test('an edited plan: another vehicle, another quantity; a refusal shows in the form and queues nothing', async ({ page }) => {
  test.setTimeout(90_000);
  const board = new BoardPage(page);
  await board.open(host.boardUrl);
  await page.keyboard.press('n');
  await board.typeRequest({ destination: '歌塔', items: [{ name: '头盔', quantity: '12' }], requester: '南区派出所' });
  await expect(board.testId('plan-1')).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Enter'); // record
  await expect(board.testId('plan-list')).toBeFocused();
  await expect(board.testId('queue-depth')).toHaveAttribute('data-count', '0', { timeout: 20_000 });
  const applied = central.stats().commandsApplied;

  // Recorded, not dispatched: it waits in the queue; Enter on its row plans it again.
  await page.keyboard.press('Escape');
  await expect(board.testId('request-panel')).toBeHidden();
  const row = board.testId('request-row').filter({ hasText: '歌塔广场' });
  await expect(row).toHaveAttribute('data-status', 'open');
  await expect(row.getByTestId('request-countdown')).toContainText('尚未调派');
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(board.testId('request-panel')).toContainText('调派需求');
  await expect(board.testId('request-summary')).toContainText('头盔 12');
  await expect(board.testId('plan-1')).toBeVisible({ timeout: 15_000 });
  await expect(board.testId('plan-list')).toBeFocused();

  // "e" on the plans opens the editor; pick the second-nearest available vehicle.
  await page.keyboard.press('e');
  await expect(board.testId('plan-editor')).toBeVisible();
  const vehicle = board.testId('edit-vehicle-0');
  const before = await vehicle.inputValue();
  const other = await vehicle.locator('option').nth(1).getAttribute('value');
  expect(other).not.toBe(before);
  await vehicle.selectOption(other!);
  const otherPlate = ((await vehicle.locator('option:checked').textContent()) ?? '').split(' · ')[0]!;

  // More than the site holds: the backend refuses, the form says why, nothing is queued.
  await board.testId('edit-qty-0-0').fill('999999');
  await expect(board.testId('request-panel')).toContainText('与需求数量不一致');
  await board.testId('plan-accept').click();
  await expect(board.testId('plan-error').filter({ hasText: '调派未执行' })).toContainText(/(快取点\d\d|\S+库)·?\S* 只有 头盔 \d+，方案要取 999,999/);
  await page.waitForTimeout(300);
  expect(backend.stats().queueDepth).toBe(0);
  expect(central.stats().commandsApplied).toBe(applied);
  await page.screenshot({ path: `${SCREENS}/dispatch-edit.png` });

  // A possible quantity: dispatched with the swapped vehicle, Enter in the editor.
  await board.testId('edit-qty-0-0').fill('10');
  await page.keyboard.press('Enter');
  await expect(board.testId('request-panel')).toBeHidden();
  await expect(row).toHaveAttribute('data-status', 'dispatched');
  await expect(row.getByTestId('queue-vehicle')).toHaveCount(1);
  await expect(row.getByTestId('queue-vehicle')).toContainText(otherPlate);
  await expect.poll(() => central.stats().commandsApplied, { timeout: 20_000 }).toBe(applied + 1);
});

test('coverage and request heat layers', async ({ page }) => {
  const board = new BoardPage(page);
  await board.open(host.boardUrl);
  await board.testId('layer-toggle-coverage').click();
  await expect(board.testId('coverage-legend')).toContainText('15 分钟服务圈外');
  await expect.poll(async () => (await board.layer('coverage')).count, { timeout: 20_000 }).toBeGreaterThan(0);
  expect((await board.layer('coverage')).visible).toBe(true);
  // The delivered request of the test before is the one recent request: one spot of heat.
  await board.testId('layer-toggle-heat').click();
  await expect.poll(async () => (await board.layer('request-heat')).visible).toBe(true);
  expect((await board.layer('request-heat')).count).toBeGreaterThan(0);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${SCREENS}/coverage.png` });
  await board.testId('layer-toggle-coverage').click();
  await expect.poll(async () => (await board.layer('coverage')).visible).toBe(false);
  await expect(board.testId('coverage-legend')).toBeHidden();
});
