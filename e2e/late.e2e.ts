/**
 * Honest times, on the screens the officers read: a dispatched vehicle that slows down on
 * its way (a breakdown, a jam) is re-predicted from its live position; the dispatch queue
 * and the wall say "晚到 …" as soon as the prediction passes the promised arrival, then
 * "超时限 …" once it passes the deadline, and the deadline alert fires then, before the
 * deadline itself has passed.
 *
 * A stack of its own: a time-compressed simulation (×10, 200 ms ticks) whose vehicle the
 * test slows, and arrival predictions every 500 ms (production: every 10 s).
 */
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { MethodResult } from '../shared/board-api';
import { BoardPage } from './board-page';
import { startStack, type Stack } from './own-stack';
import { DEFAULT_SCHEDULE } from './wall-page';

const SCREENS = 'test-results/screens';
let stack: Stack;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  stack = await startStack('late', { central: { tickMs: 200, speedFactor: 10 }, backend: { etaEveryMs: 500, pushBackoff: { initialDelay: 50, maxDelay: 500 } } });
});
test.afterAll(async () => {
  await stack?.close();
});

const scene = { lon: 11.9736, lat: 57.7089, label: '中央车站广场' };
const items = [{ itemId: 'life-jacket', quantity: 20 }];

test('a slowed vehicle is said late on the queue and the wall, then past the deadline, and the alert fires before the deadline', async ({ page, context }) => {
  test.setTimeout(240_000);
  const { backend, central, host } = stack;
  const call = async <M extends Parameters<typeof backend.call>[0]>(method: M, arg: unknown) => (await backend.call(method, arg)) as MethodResult<M>;
  const board = new BoardPage(page);
  await board.open(host.boardUrl);

  // The wall shows only the dispatches scene, so the row is on screen whenever we look.
  const wall = await context.newPage();
  await wall.setViewportSize({ width: 1920, height: 1080 });
  await call('wall.setSchedule', { scenes: DEFAULT_SCHEDULE.scenes.map((x) => ({ ...x, enabled: x.id === 'dispatches' })) });
  await wall.goto(host.wallUrl);
  await wall.waitForFunction(() => window.__jingbaoWall?.ready === true, null, { timeout: 45_000 });

  // Dispatched by the plan the board recommends, with a deadline it meets by about 1–2 minutes.
  const plan = await call('dispatch.plan', { destination: { lon: scene.lon, lat: scene.lat }, items, priority: 'orange' });
  if (!plan.ok) throw new Error(plan.message);
  const best = plan.plans[0]!;
  const deadlineMinutes = Math.ceil((best.arrivalS + 65) / 60);
  const { requestId } = await call('request.create', { destination: scene, items, priority: 'orange', requester: '', note: '', deadlineMinutes, commandId: randomUUID() });
  const { dispatchIds } = await call('dispatch.accept', {
    requestId,
    runs: best.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups, arrivalS: r.arrivalS })),
    confirmBelowSafety: !best.keepsReserve,
    commandId: randomUUID(),
  });
  const dispatchId = dispatchIds[0]!;
  const vehicleId = best.runs[0]!.vehicleId;
  // The vehicle all but stops right away: its prediction now slips by about a second a second.
  for (const r of best.runs) expect(central.simulator.slow(r.vehicleId, 0.001)).toBe(true);
  const request = (await call('request.list', {})).requests.find((r) => r.id === requestId)!;

  const row = board.requestRow(requestId);
  await expect(row).toHaveAttribute('data-status', 'dispatched', { timeout: 20_000 });
  const chip = row.locator(`[data-testid=queue-vehicle][data-vehicle-id="${vehicleId}"]`);
  const note = row.getByTestId('request-arrival');
  const wallRow = wall.locator(`[data-testid=wall-dispatch][data-dispatch-id="${dispatchId}"]`);
  // At first on time, as promised.
  await expect(note).toHaveAttribute('data-arrival', 'on_time');
  await expect(wallRow).toHaveAttribute('data-arrival', 'on_time', { timeout: 30_000 });

  // A minute behind its promise: "晚到 1 分 …" on the console and on the wall, in the late colour.
  await expect(note).toHaveAttribute('data-arrival', 'late', { timeout: 120_000 });
  await expect(note).toContainText(/晚到 1 分 \d+ 秒/);
  await expect(chip).toHaveAttribute('data-arrival', 'late');
  await expect(chip.getByTestId('queue-vehicle-late')).toContainText('晚到');
  await expect(wallRow).toHaveAttribute('data-arrival', 'late', { timeout: 15_000 });
  await expect(wallRow.getByTestId('wall-dispatch-late')).toContainText(/晚到 1 分 \d+ 秒/);
  // Never a negative countdown on the wall.
  await expect(wallRow.locator('.wall-countdown').first()).not.toContainText('-');
  expect(Date.now()).toBeLessThan(request.deadlineAt);
  await page.screenshot({ path: `${SCREENS}/late-queue.png` });
  await wall.screenshot({ path: `${SCREENS}/late-wall.png` });

  // Past the deadline by prediction: "超时限 …", red, and the deadline alert is raised now,
  // while the deadline itself is still ahead.
  await expect(note).toHaveAttribute('data-arrival', 'past_deadline', { timeout: 120_000 });
  await expect(note).toContainText('超时限');
  await expect(row.getByTestId('request-countdown')).toHaveAttribute('data-level', 'red');
  await expect(board.testId('alert-indicator')).toHaveAttribute('data-level', 'red', { timeout: 15_000 });
  const alerts = (await call('alert.list', {})).alerts.filter((a) => a.request?.id === requestId && a.kind === 'deadline_risk' && a.level === 'red');
  expect(alerts).toHaveLength(1);
  expect(alerts[0]!.request!.predictedArrivalAt!).toBeGreaterThan(request.deadlineAt);
  expect(Date.now()).toBeLessThan(request.deadlineAt);
  // The wall is interrupted by the alert; once a console acknowledges it, the row says 超时限.
  await expect(wall.getByTestId('wall-interrupt')).toBeVisible({ timeout: 20_000 });
  await call('alert.acknowledge', { alertId: alerts[0]!.id });
  await expect(wallRow).toHaveAttribute('data-arrival', 'past_deadline', { timeout: 20_000 });
  await expect(wallRow.getByTestId('wall-dispatch-late')).toContainText('超时限');
  await page.screenshot({ path: `${SCREENS}/late-queue-past-deadline.png` });
  await wall.screenshot({ path: `${SCREENS}/late-wall-past-deadline.png` });
});
