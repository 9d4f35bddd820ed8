/**
 * The wall display (大屏) through the browser host, on the shared stack: the token rule,
 * legible at 1080p and 4K, the rotation and the console's schedule, a red alert holding
 * the wall until acknowledged, and the outage banner. Whatever happens, the shared stack
 * ends with the link restored and the default schedule back.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { WallSchedule } from '../shared/board-api';
import { acknowledgeInterruptingAlerts, boardCall, DEFAULT_SCHEDULE, WallPage, wallUrl } from './wall-page';

const SCREENS = 'test-results/screens';
/** A destination in the demo city (central Göteborg), away from the depots. */
const DESTINATION = { lon: 11.958, lat: 57.698, label: '大屏测试·红色需求' };

let savedSchedule: WallSchedule | null = null;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  savedSchedule = (await boardCall('wall.schedule', {})).schedule;
  await boardCall('wall.setSchedule', DEFAULT_SCHEDULE);
  await acknowledgeInterruptingAlerts();
});

test.afterAll(async () => {
  await boardCall('link.setCut', { cut: false });
  await boardCall('wall.setSchedule', savedSchedule ?? DEFAULT_SCHEDULE);
});

test('/wall without its token is refused with a page that says so', async ({ page }) => {
  for (const url of [wallUrl({}, null), wallUrl({}, 'wrong-token')]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(401);
    await expect(page.locator('h1')).toContainText('令牌');
  }
  expect(await page.evaluate(() => window.__jingbaoWall)).toBeUndefined();
});

test('legible from the hall: map and KPI tiles at 1080p, type twice as large at 4K, multi-screen works', async ({ page }) => {
  const wall = new WallPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await wall.open();
  expect(await wall.hook('scene')).toBe('overview');
  await expect(wall.testId('wall-kpis')).toBeVisible();
  await expect(wall.testId('wall-tile')).toHaveCount(6);
  // Every layer of the console's map is there, plus the wall's routes and destinations.
  const layers = await wall.layers();
  expect(layers.find((l) => l.id === 'vehicles')?.count).toBeGreaterThanOrEqual(100);
  expect(layers.find((l) => l.id === 'depots')?.count).toBe(4);
  expect(layers.map((l) => l.id)).toEqual(expect.arrayContaining(['quickpicks', 'site-labels-depot', 'wall-routes', 'wall-destinations']));
  // Every depot named (placed clear of markers and vehicles), the quick-pick points by their discs only.
  await wall.waitFor(() => window.__jingbaoWall!.layerSummary().find((l) => l.id === 'site-labels-depot')?.count === 4);
  expect((await wall.layers()).find((l) => l.id === 'site-labels-quickpick')?.count).toBe(0);
  // Read-only: no cursor, no pointer, nothing focusable.
  expect(await page.getByTestId('wall').evaluate((el) => [getComputedStyle(el).cursor, getComputedStyle(el).pointerEvents])).toEqual(['none', 'none']);
  expect(await page.locator('[data-testid=wall] button, [data-testid=wall] a, [data-testid=wall] input').count()).toBe(0);
  await wall.waitFor(() => window.__jingbaoWall!.tilesLoaded);
  await page.screenshot({ path: `${SCREENS}/wall-1080p.png` });

  const sizes = async () => ({
    body: await wall.fontPx('[data-testid=wall]'),
    label: await wall.fontPx('.wall-tile__label'),
    value: await wall.fontPx('[data-testid=wall-tile-value]'),
    clock: await wall.fontPx('[data-testid=wall-clock]'),
  });
  const hd = await sizes();
  console.log('font px at 1920×1080', hd);
  expect(hd.body).toBeGreaterThanOrEqual(28);
  expect(hd.body).toBeLessThanOrEqual(32);
  expect(hd.label).toBeGreaterThanOrEqual(28);
  expect(hd.value).toBeGreaterThanOrEqual(64);
  // The tiles' words fit at this size (nothing cut off at the edge of a tile).
  expect(await page.locator('.wall-tile__label').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length)).toBe(0);

  await page.setViewportSize({ width: 3840, height: 2160 });
  await wall.waitFor(() => window.__jingbaoWall!.scale === 2);
  await wall.waitFor(() => window.__jingbaoWall!.tilesLoaded, null, 30_000);
  const uhd = await sizes();
  console.log('font px at 3840×2160', uhd);
  for (const key of ['body', 'label', 'value', 'clock'] as const) expect(uhd[key] / hd[key], key).toBeGreaterThanOrEqual(1.8);
  // The map is drawn at full resolution, not a 1080p picture blown up.
  const canvas = await page.locator('.wall-map canvas.maplibregl-canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
  expect(canvas[0]).toBeGreaterThanOrEqual(3800);
  await page.screenshot({ path: `${SCREENS}/wall-4k.png` });

  // Three screens side by side: scaled by the height, the extra width is more map.
  await page.setViewportSize({ width: 5760, height: 2160 });
  await wall.waitFor(() => window.__jingbaoWall!.scale === 2);
  expect((await sizes()).value).toBeCloseTo(uhd.value, 0);
  await wall.waitFor(() => window.__jingbaoWall!.tilesLoaded, null, 30_000);
  await page.screenshot({ path: `${SCREENS}/wall-5760x2160.png` });
});

test("the rotation advances, and follows the schedule a console sets", async ({ page }) => {
  const wall = new WallPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  // ×10: the default 30/30/20/15/20 s scenes run in 3/3/2/1.5/2 s.
  await wall.open({ speed: '10' });
  const seen = new Set<string>();
  const until = Date.now() + 20_000;
  while (Date.now() < until && seen.size < 5) {
    const scene = await wall.hook('scene');
    if (!seen.has(scene)) {
      seen.add(scene);
      await page.screenshot({ path: `${SCREENS}/wall-scene-${scene}.png` });
    }
    await page.waitForTimeout(200);
  }
  expect([...seen].sort()).toEqual(['alerts', 'dispatches', 'link', 'overview', 'readiness']);
  expect(await wall.hook('rotations')).toBeGreaterThanOrEqual(3);

  // The console saves a rotation of two scenes: the wall follows without a reload.
  await boardCall('wall.setSchedule', {
    scenes: [
      { id: 'link', enabled: true, durationS: 10 },
      { id: 'overview', enabled: true, durationS: 10 },
      { id: 'dispatches', enabled: false, durationS: 30 },
      { id: 'alerts', enabled: false, durationS: 20 },
      { id: 'readiness', enabled: false, durationS: 20 },
    ],
  });
  await wall.waitFor(() => window.__jingbaoWall!.schedule.map((s) => s.id).join() === 'link,overview', null, 10_000);
  const later = new Set<string>();
  const start = await wall.hook('rotations');
  await wall.waitFor((n) => window.__jingbaoWall!.rotations >= n, start + 3, 15_000);
  for (let i = 0; i < 10; i++) {
    later.add(await wall.hook('scene'));
    await page.waitForTimeout(250);
  }
  expect([...later].every((s) => s === 'link' || s === 'overview'), [...later].join()).toBe(true);
  await boardCall('wall.setSchedule', DEFAULT_SCHEDULE);
});

test('the readiness scene: equipment, turnout, batteries and service against their targets, as the ledger has them', async ({ page }) => {
  const wall = new WallPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await boardCall('wall.setSchedule', { scenes: DEFAULT_SCHEDULE.scenes.map((x) => ({ ...x, enabled: x.id === 'readiness' })) });
  await wall.open();
  await wall.waitFor(() => window.__jingbaoWall!.scene === 'readiness', null, 20_000);
  const panel = page.getByTestId('wall-readiness');
  const tiles = panel.getByTestId('wall-tile');
  await expect(tiles).toHaveCount(4);
  // Each figure as the board's API has it (floored to one decimal, as the division reports it).
  const floor1 = (r: number | null) => (r === null ? '—' : `${(Math.floor(r * 1000 + 1e-9) / 10).toFixed(1)}%`);
  const [summary, turnout, service] = [await boardCall('readiness.summary', {}), await boardCall('readiness.turnout', {}), await boardCall('readiness.service', {})];
  await expect(tiles.nth(0).getByTestId('wall-tile-value')).toHaveText(floor1(summary.overall.rate));
  await expect(tiles.nth(0)).toContainText('目标 ≥ 98%');
  // Turnout and service move with the fleet: compared with a fresh read until they agree.
  await expect.poll(async () => (await tiles.nth(1).getByTestId('wall-tile-value').textContent()) === floor1((await boardCall('readiness.turnout', {})).overall.rate), { timeout: 40_000 }).toBe(true);
  await expect(tiles.nth(1)).toContainText('目标 ≥ 99%');
  expect(turnout.overall.inService).toBeGreaterThan(0);
  await expect(tiles.nth(2)).toContainText('红线 5%');
  await expect.poll(async () => (await tiles.nth(3).getByTestId('wall-tile-value').textContent()) === String((await boardCall('readiness.service', {})).overdue), { timeout: 40_000 }).toBe(true);
  expect(service.vehicles).toBeGreaterThan(0);
  // Every class, in the ledger's order, its rate the API's.
  const rows = page.getByTestId('wall-readiness-classes').locator('tr');
  await expect(rows).toHaveCount(summary.byClass.length);
  for (const c of summary.byClass) await expect(rows.and(page.locator(`[data-key="${c.key}"]`))).toContainText(floor1(c.rate));
  await page.screenshot({ path: `${SCREENS}/wall-scene-readiness-1080p.png` });
  await boardCall('wall.setSchedule', DEFAULT_SCHEDULE);
});

test('a red alert takes the wall over until a console acknowledges it, then the rotation resumes', async ({ page }) => {
  const wall = new WallPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await wall.open({ speed: '10' });
  await wall.waitFor(() => window.__jingbaoWall!.rotations >= 1);

  const { requestId } = await boardCall('request.create', {
    destination: DESTINATION,
    items: [{ itemId: 'life-jacket', quantity: 20 }],
    priority: 'red',
    requester: 'e2e 大屏',
    note: 'wall pre-emption test',
  });
  const alertId = `red_request:${requestId}`;
  try {
    const createdAt = Date.now();
    await wall.waitFor((id) => window.__jingbaoWall!.interrupt === id, alertId, 15_000);
    console.log(`red alert on the wall after ${Date.now() - createdAt} ms`);
    await expect(wall.testId('wall-interrupt')).toHaveAttribute('data-alert', alertId);
    await expect(wall.testId('wall-interrupt')).toContainText(DESTINATION.label);
    // It holds: no rotation while it stands (at ×10 a scene would last at most 3 s).
    const held = await wall.hook('rotations');
    await page.waitForTimeout(4000);
    expect(await wall.hook('rotations')).toBe(held);
    expect(await wall.hook('scene')).toBe('interrupt');
    await page.screenshot({ path: `${SCREENS}/wall-red-alert.png` });

    await boardCall('alert.acknowledge', { alertId });
    await wall.waitFor(() => window.__jingbaoWall!.interrupt === null, null, 15_000);
    await wall.waitFor((n) => window.__jingbaoWall!.rotations >= n, held + 2, 15_000);
  } finally {
    // Never leave the shared stack's walls held by this test's alert.
    await boardCall('alert.acknowledge', { alertId });
  }

  // Dispatched: the route and its countdown show in the dispatches scene.
  const plan = await boardCall('dispatch.plan', { destination: { lon: DESTINATION.lon, lat: DESTINATION.lat }, items: [{ itemId: 'life-jacket', quantity: 20 }], priority: 'red' }, 30_000);
  expect(plan.ok, JSON.stringify(plan).slice(0, 300)).toBe(true);
  if (!plan.ok) return;
  const best = plan.plans[0]!;
  await boardCall('dispatch.accept', { requestId, runs: best.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups, arrivalS: r.arrivalS })), confirmBelowSafety: !best.keepsReserve });
  await acknowledgeInterruptingAlerts();
  // Only the dispatches scene from here, so the camera is not moved on by the rotation.
  await boardCall('wall.setSchedule', { scenes: DEFAULT_SCHEDULE.scenes.map((x) => ({ ...x, enabled: x.id === 'dispatches' })) });
  await wall.waitFor(() => (window.__jingbaoWall!.layerSummary().find((l) => l.id === 'wall-routes')?.count ?? 0) > 0, null, 20_000);
  await wall.waitFor(() => window.__jingbaoWall!.scene === 'dispatches' && document.querySelectorAll('[data-testid=wall-dispatch]').length > 0, null, 30_000);
  // The camera has flown to the route: zoomed in from the city, the destination in view.
  await wall.waitFor(() => window.__jingbaoWall!.view()?.moving === false, null, 10_000);
  const view = (await wall.view())!;
  expect(view.zoom).toBeGreaterThan(13);
  const [w, s, e, n] = view.bounds;
  expect(DESTINATION.lon > w && DESTINATION.lon < e && DESTINATION.lat > s && DESTINATION.lat < n, JSON.stringify(view)).toBe(true);
  await page.screenshot({ path: `${SCREENS}/wall-dispatches.png` });
  await boardCall('wall.setSchedule', DEFAULT_SCHEDULE);
});

test('cutting the central link shows the outage banner within 10 s with the data age; restoring clears it', async ({ page }) => {
  const wall = new WallPage(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await wall.open();
  await expect(wall.testId('wall-outage')).toHaveCount(0);
  try {
    const cutAt = Date.now();
    await boardCall('link.setCut', { cut: true });
    await expect(wall.testId('wall-outage')).toBeVisible({ timeout: 10_000 });
    console.log(`outage banner after ${Date.now() - cutAt} ms`);
    await expect(wall.testId('wall-outage')).toContainText('连接');
    await expect(wall.testId('wall-outage-age')).toContainText('数据时效');
    expect(await wall.hook('outage')).toBe(true);
    // Not frozen: the clock goes on while the link is down.
    const t0 = await wall.testId('wall-clock').textContent();
    await page.waitForTimeout(1500);
    expect(await wall.testId('wall-clock').textContent()).not.toBe(t0);
    await page.screenshot({ path: `${SCREENS}/wall-outage.png` });
  } finally {
    await boardCall('link.setCut', { cut: false });
  }
  await expect(wall.testId('wall-outage')).toHaveCount(0, { timeout: 20_000 });
  await expect(wall.testId('wall-link-state')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
});
