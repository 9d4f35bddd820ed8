/**
 * On a stack of its own (it records requests and slows a vehicle): the request heat map can
 * be seen at city zoom; coverage tells ">30 min" from "no road" and paints nothing outside
 * the city; a vehicle en route shows its task and its live arrival, late in words.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { CentralServer } from '../central/server';
import type { Backend } from '../electron/backend/backend';
import type { Host } from '../electron/host/server';
import type { MethodArg, MethodResult } from '../shared/board-api';
import { inPolygons, MapPage } from './map-page';
import { startStack, type Stack } from './own-stack';

let stack: Stack;
let central: CentralServer;
let backend: Backend;
let host: Host;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  stack = await startStack('map-layers', { central: { tickMs: 250 }, backend: { etaEveryMs: 500, pushBackoff: { initialDelay: 50, maxDelay: 500 } } });
  ({ central, backend, host } = stack);
});
test.afterAll(async () => {
  await stack?.close();
});

const call = <M extends 'request.create' | 'dispatch.plan' | 'dispatch.accept' | 'map.coverage' | 'map.info' | 'board.snapshot' | 'request.list'>(method: M, arg: MethodArg<M>) =>
  backend.call(method, arg) as Promise<MethodResult<M>>;

async function waitUntil<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const HOT = { lon: 11.9745, lat: 57.7035 };

test('the request heat map is a density that can be seen at city zoom, refreshed every 5 minutes', async ({ page }) => {
  for (let i = 0; i < 6; i++) {
    await call('request.create', {
      destination: { lon: HOT.lon + (i % 3) * 0.0012, lat: HOT.lat + Math.floor(i / 3) * 0.0008, label: `热点 ${i}` },
      items: [{ itemId: 'life-jacket', quantity: 2 }],
      priority: 'green',
      requester: '',
      note: 'heat test',
      commandId: crypto.randomUUID(),
    });
  }
  const board = new MapPage(page);
  await board.open(host.boardUrl);
  await board.layersOff('vehicles', 'labels', 'depots', 'quickpicks');
  await page.waitForTimeout(600);
  await board.snapshot('heat-off');
  await board.toggleLayer('heat');
  await expect.poll(async () => (await board.layer('request-heat')).count).toBeGreaterThanOrEqual(6);
  const legend = board.testId('heat-legend');
  await expect(legend).toContainText('每 5 分钟刷新');
  expect(Number(await legend.getAttribute('data-requests'))).toBeGreaterThanOrEqual(6);
  await page.waitForTimeout(1000);
  await board.snapshot('heat-on');
  await page.screenshot({ path: 'test-results/screens/heat.png' });
  const at = await board.project(HOT.lon, HOT.lat);
  const near = { x0: Math.round(at.x - 35), y0: Math.round(at.y - 40), x1: Math.round(at.x + 45), y1: Math.round(at.y + 40) };
  const changed = await board.changedPixels('heat-off', 'heat-on', near, 12);
  const zoom = await page.evaluate(() => (window.__jingbaoTest!.map as unknown as { getZoom(): number }).getZoom());
  console.log(`heat: ${changed} of ${(near.x1 - near.x0) * (near.y1 - near.y0)} pixels changed around the hot spot at zoom ${zoom.toFixed(1)}`);
  // Seen at city zoom: most of an 80 × 80 px box around six requests is coloured.
  expect(changed).toBeGreaterThan(0.5 * (near.x1 - near.x0) * (near.y1 - near.y0));
});

test('coverage tells ">30 min" from "no road", and paints nothing outside the city', async ({ page }) => {
  const info = await call('map.info', {});
  const coverage = await call('map.coverage', {});
  const bands = coverage.bands.features as { geometry: { type: string; coordinates: unknown }; properties: { kind: string } }[];
  expect(bands.map((b) => b.properties.kind)).toEqual(['time', 'time', 'time', 'beyond', 'no_road']);

  const board = new MapPage(page);
  await board.open(host.boardUrl);
  await board.layersOff('vehicles', 'labels', 'depots', 'quickpicks', 'heat');
  // The whole extent of the tiles, the empty surroundings with it.
  await page.evaluate((b) => (window.__jingbaoTest!.map as unknown as { fitBounds(b: number[], o: object): void }).fitBounds(b, { padding: 30, duration: 0 }), info.bounds);
  await page.waitForFunction(() => window.__jingbaoTest!.map!.areTilesLoaded());
  await page.waitForTimeout(800);
  await board.snapshot('cov-off');
  await board.toggleLayer('coverage');
  await expect.poll(async () => (await board.layer('coverage')).count, { timeout: 30_000 }).toBe(5);
  await expect(board.testId('coverage-legend').locator('[data-kind="beyond"]')).toContainText('超过 30 分钟');
  await expect(board.testId('coverage-legend').locator('[data-kind="no_road"]')).toContainText('无道路');
  await page.waitForTimeout(1000);
  await board.snapshot('cov-on');
  await page.screenshot({ path: 'test-results/screens/coverage.png' });

  // Sample the extent on a grid; each point by the class the backend gave it.
  const { map, covers } = await board.coverings();
  const [w, s, e, n] = info.bounds;
  const samples: { kind: string; lonLat: [number, number]; x: number; y: number }[] = [];
  // Degrees per 5 screen pixels: a sample that changes class within them sits on an edge (outlines, the 3 × 3 average) and is skipped.
  const a = await board.project(w, s);
  const b = await board.project(e, n);
  const dLon = (5 * (e - w)) / Math.abs(b.x - a.x);
  const dLat = (5 * (n - s)) / Math.abs(b.y - a.y);
  const kindAt = (p: [number, number]) => bands.filter((band) => inPolygons(p, band.geometry)).map((band) => band.properties.kind).join('+') || 'outside';
  const N = 130;
  const lattice: [number, number][] = [];
  for (let i = 1; i < N; i++) for (let j = 1; j < N; j++) lattice.push([w + ((e - w) * i) / N, s + ((n - s) * j) / N]);
  const screen = await page.evaluate((pts) => pts.map(([lon, lat]) => window.__jingbaoTest!.project(lon!, lat!)), lattice);
  for (const [k, at] of screen.entries()) {
    if (at.x < map.left + 4 || at.x > map.right - 4 || at.y < map.top + 4 || at.y > map.bottom - 4) continue;
    if (covers.some((c) => at.x > c.left - 4 && at.x < c.right + 4 && at.y > c.top - 4 && at.y < c.bottom + 4)) continue;
    const p = lattice[k]!;
    const kind = kindAt(p);
    const edge = [[dLon, 0], [-dLon, 0], [0, dLat], [0, -dLat]].some(([x, y]) => kindAt([p[0] + x!, p[1] + y!]) !== kind);
    if (!edge && !kind.includes('+')) samples.push({ kind, lonLat: p, ...at });
  }
  // Independently of the backend's bands: points with no road vertex within 1.6 km are the
  // city's empty surroundings (resources/demo-city/build/roads.json, the network it routes on).
  const ways = (JSON.parse(readFileSync('resources/demo-city/build/roads.json', 'utf8')) as { ways: { coords: [number, number][] }[] }).ways;
  const cellLat = 400 / 111_195;
  const cellLon = cellLat / Math.cos((((s + n) / 2) * Math.PI) / 180);
  const roadCells = new Set<string>();
  for (const way of ways) for (const [lon, lat] of way.coords) roadCells.add(`${Math.floor(lon / cellLon)},${Math.floor(lat / cellLat)}`);
  const farFromRoads = ([lon, lat]: [number, number]) => {
    const cx = Math.floor(lon / cellLon);
    const cy = Math.floor(lat / cellLat);
    for (let dx = -4; dx <= 4; dx++) for (let dy = -4; dy <= 4; dy++) if (roadCells.has(`${cx + dx},${cy + dy}`)) return false;
    return true;
  };
  const surroundings = samples.flatMap((p, i) => (farFromRoads(p.lonLat) ? [i] : []));
  const change = await board.colourChange('cov-off', 'cov-on', samples);
  const far = surroundings.map((i) => change[i]!);
  console.log(`coverage: ${far.length} samples more than 1.6 km from any road, ${far.filter((c) => c.d > 6).length} of them painted`);
  expect(far.length).toBeGreaterThan(100);
  expect(far.filter((c) => c.d > 6).length).toBe(0);
  const byKind = (kind: string) => samples.flatMap((p, i) => (p.kind === kind ? [change[i]!] : []));
  const painted = (list: { d: number }[]) => list.filter((c) => c.d > 6).length / Math.max(1, list.length);
  const outside = byKind('outside');
  const noRoad = byKind('no_road');
  const beyond = byKind('beyond');
  console.log(`coverage samples: ${outside.length} outside (${(painted(outside) * 100).toFixed(1)}% painted), ${noRoad.length} no road (${(painted(noRoad) * 100).toFixed(1)}%), ${beyond.length} beyond (${(painted(beyond) * 100).toFixed(1)}%), ${byKind('time').length} in a time band`);
  expect(outside.length).toBeGreaterThan(200);
  expect(painted(outside)).toBeLessThan(0.02);
  expect(noRoad.length).toBeGreaterThan(30);
  expect(painted(noRoad)).toBeGreaterThan(0.9);
  // No road is a neutral grey; beyond reach is red.
  const mean = (list: { dr: number; dg: number; db: number }[]) => list.reduce((a, c) => ({ dr: a.dr + c.dr / list.length, dg: a.dg + c.dg / list.length, db: a.db + c.db / list.length }), { dr: 0, dg: 0, db: 0 });
  const grey = mean(noRoad);
  expect(Math.max(grey.dr, grey.dg, grey.db) - Math.min(grey.dr, grey.dg, grey.db)).toBeLessThan(12);
  if (beyond.length >= 5) {
    expect(painted(beyond)).toBeGreaterThan(0.9);
    const red = mean(beyond);
    expect(red.dr).toBeGreaterThan(red.db + 10);
  }
});

test('a vehicle en route shows its task and live arrival, late in words once it is slowed, then past the deadline', async ({ page }) => {
  test.setTimeout(330_000);
  const scene = { lon: 11.9736, lat: 57.7089, label: '中央车站广场' };
  const items = [{ itemId: 'life-jacket', quantity: 20 }];
  const planned = await call('dispatch.plan', { destination: { lon: scene.lon, lat: scene.lat }, items, priority: 'orange' });
  if (!planned.ok) throw new Error(planned.message);
  const best = planned.plans[0]!;
  // A deadline the plan just meets, so slowing the vehicle must miss it.
  const deadlineMinutes = Math.ceil((best.arrivalS + 40) / 60);
  const { requestId } = await call('request.create', { destination: scene, items, priority: 'orange', requester: '', note: 'vehicle task test', deadlineMinutes, commandId: crypto.randomUUID() });
  await call('dispatch.accept', { requestId, runs: best.runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups, arrivalS: r.arrivalS })), commandId: crypto.randomUUID() });
  const vehicleId = best.runs[0]!.vehicleId;
  const dispatch = await waitUntil('the dispatch order', async () => (await call('request.list', {})).dispatches.find((d) => d.requestId === requestId && d.vehicleId === vehicleId));
  const plate = (await call('board.snapshot', {})).vehicles.find((v) => v.id === vehicleId)!.plate;

  const board = new MapPage(page);
  await board.open(host.boardUrl);
  // Keyboard: the palette finds the vehicle by its plate.
  await page.keyboard.press('Control+k');
  await page.keyboard.type(plate.replace(/[·\s]/g, ''));
  await expect(board.testId('palette-option').first()).toContainText(plate);
  await page.keyboard.press('Enter');
  const task = board.testId('vehicle-task');
  await expect(task).toBeVisible();
  await expect(task).toHaveAttribute('data-dispatch-id', dispatch.id);
  await expect(board.testId('vehicle-task-destination')).toHaveText(scene.label);
  await expect(board.testId('vehicle-task-items')).toHaveText('救生衣 × 20');
  const arrival = board.testId('vehicle-task-arrival');
  await expect(arrival).toHaveAttribute('data-live', 'true', { timeout: 20_000 });
  await expect(arrival).toHaveAttribute('data-verdict', 'onTime');
  await expect(arrival).toContainText(/还有 \d+/);

  // Slowed to a crawl: late in words and in the danger colour, then past the deadline. The
  // prediction slips about a second a second, from wherever it started against the promise
  // (up to a minute or so early): late within about two minutes.
  expect(central.simulator.slow(vehicleId, 0.02)).toBe(true);
  await expect(arrival).toHaveAttribute('data-verdict', /late|pastDeadline/, { timeout: 150_000 });
  const verdict = board.testId('vehicle-task-verdict');
  await expect(arrival).toContainText(/晚到 (\d+ 分 )?\d+ 秒/);
  const danger = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--danger').trim());
  const [r, g, b] = (await verdict.evaluate((el) => getComputedStyle(el).color)).match(/\d+/g)!.map(Number);
  expect(`#${[r, g, b].map((c) => c!.toString(16).padStart(2, '0')).join('')}`.toLowerCase()).toBe(danger.toLowerCase());
  await page.screenshot({ path: 'test-results/screens/vehicle-task-late.png' });
  await expect(arrival).toHaveAttribute('data-verdict', 'pastDeadline', { timeout: 120_000 });
  await expect(verdict).toHaveText('超时限');
  await board.testId('settings-button').click();
  await board.testId('lang-en').click();
  await expect(verdict).toHaveText('past deadline');
  await expect(arrival).toContainText(/late by (\d+ min )?\d+ s/);
  await board.testId('lang-zh').click();
});
