/**
 * The wall stays up for weeks: a time-compressed soak. Scenes of 0.75–1.5 s (×20), many
 * rotation cycles, live positions streaming and a link outage and recovery, then the JS
 * heap, DOM nodes and event listeners after warm-up against the end, each after a forced
 * garbage collection. A leak of a map, a listener or a timer per scene would show as
 * growth far beyond the bounds below.
 */
import { expect, test, type CDPSession } from '@playwright/test';
import { acknowledgeInterruptingAlerts, boardCall, DEFAULT_SCHEDULE, WallPage } from './wall-page';

/**
 * Bounds on growth from warm-up to the end. Measured: about +5 % heap over the soak, all
 * of it V8's compiled code and Chromium's (bounded) performance-timeline buffers, per a
 * heap-snapshot diff over three minutes; the app's own objects do not grow.
 */
const HEAP_GROWTH = 0.2;
const NODES_GROWTH = 0.1;
const LISTENERS_GROWTH = 0.1;
/** Pending timeouts at one instant vary with what is in flight (tiles, debounces). */
const TIMEOUT_SLACK = 10;
const WARM_UP_MS = 15_000;
const SOAK_MS = 50_000;

type Sample = { heapMB: number; nodes: number; listeners: number; intervals: number; timeouts: number; rotations: number; cycles: number; positions: number };

/**
 * Counts the page's live intervals and pending timeouts (installed before the page's own
 * scripts): a timer leaked per scene or per reconnect would make them climb.
 */
function countTimers() {
  const w = window as unknown as Record<string, unknown> & { __timers?: () => { intervals: number; timeouts: number } };
  const timeouts = new Set<unknown>();
  const intervals = new Set<unknown>();
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = window;
  const forget = (id: unknown) => {
    timeouts.delete(id);
    intervals.delete(id);
  };
  w.setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const id = st((...a: unknown[]) => {
      timeouts.delete(id);
      fn(...a);
    }, ms, ...args);
    timeouts.add(id);
    return id;
  };
  w.setInterval = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const id = si(fn, ms, ...args);
    intervals.add(id);
    return id;
  };
  w.clearTimeout = (id?: number) => {
    forget(id);
    ct(id);
  };
  w.clearInterval = (id?: number) => {
    forget(id);
    ci(id);
  };
  w.__timers = () => ({ intervals: intervals.size, timeouts: timeouts.size });
}

/** Waits until the rotation has just come round to `scene`, so samples compare like with like. */
async function atScene(wall: WallPage, scene: string) {
  await wall.waitFor((s) => window.__jingbaoWall!.scene !== s, scene, 15_000);
  await wall.waitFor((s) => window.__jingbaoWall!.scene === s, scene, 15_000);
}

async function sample(cdp: CDPSession, wall: WallPage): Promise<Sample> {
  // The DOM differs from scene to scene: always measure on the same one.
  await atScene(wall, 'link');
  const timers = await wall.page.evaluate(() => (window as unknown as { __timers: () => { intervals: number; timeouts: number } }).__timers());
  // Twice: a first pass can leave objects that only a second one frees (finalizers, weak maps).
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = new Map(metrics.map((x) => [x.name, x.value]));
  return {
    heapMB: Math.round(((m.get('JSHeapUsedSize') ?? 0) / 2 ** 20) * 100) / 100,
    nodes: m.get('Nodes') ?? 0,
    listeners: m.get('JSEventListeners') ?? 0,
    ...timers,
    rotations: await wall.hook('rotations'),
    cycles: await wall.hook('cycles'),
    positions: await wall.hook('positionsApplied'),
  };
}

/** Cuts the central link for a few seconds and waits for the wall to say so, then to recover. */
async function outage(wall: WallPage) {
  try {
    await boardCall('link.setCut', { cut: true });
    await wall.waitFor(() => window.__jingbaoWall!.outage, null, 10_000);
  } finally {
    await boardCall('link.setCut', { cut: false });
  }
  await wall.waitFor(() => !window.__jingbaoWall!.outage, null, 20_000);
}

test('the wall holds steady over many compressed rotation cycles with positions streaming', async ({ page }) => {
  test.setTimeout(150_000);
  await boardCall('wall.setSchedule', DEFAULT_SCHEDULE);
  await acknowledgeInterruptingAlerts();
  const wall = new WallPage(page);
  await page.addInitScript(countTimers);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await wall.open({ speed: '20' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');

  try {
    // Warm-up: every scene drawn, the map's tiles and deck's buffers in, one outage seen.
    await outage(wall);
    await page.waitForTimeout(WARM_UP_MS);
    const warm = await sample(cdp, wall);
    console.log('after warm-up', warm);

    const trend: Sample[] = [];
    const until = Date.now() + SOAK_MS;
    let cut = false;
    while (Date.now() < until) {
      await page.waitForTimeout(8_000);
      if (!cut) {
        await outage(wall);
        cut = true;
      }
      trend.push(await sample(cdp, wall));
    }
    const end = trend.at(-1)!;
    console.log('trend', trend.map((s) => `${s.heapMB} MB / ${s.nodes} nodes / ${s.listeners} listeners / ${s.intervals}+${s.timeouts} timers @ ${s.rotations} rotations`).join(' → '));

    // It really ran: many cycles, live positions, and never held by an alert.
    expect(end.cycles - warm.cycles).toBeGreaterThanOrEqual(8);
    expect(end.positions).toBeGreaterThan(warm.positions);
    expect(await wall.hook('interrupt')).toBeNull();
    expect(end.heapMB, `heap ${warm.heapMB} → ${end.heapMB} MB`).toBeLessThanOrEqual(warm.heapMB * (1 + HEAP_GROWTH));
    expect(end.nodes, `DOM nodes ${warm.nodes} → ${end.nodes}`).toBeLessThanOrEqual(warm.nodes * (1 + NODES_GROWTH));
    expect(end.listeners, `listeners ${warm.listeners} → ${end.listeners}`).toBeLessThanOrEqual(warm.listeners * (1 + LISTENERS_GROWTH));
    // Intervals are a fixed set (clock, data beat, link poll, map staleness...); pending
    // timeouts come and go with tiles and animations but must not pile up.
    expect(end.intervals, 'intervals').toBeLessThanOrEqual(warm.intervals);
    expect(end.timeouts, 'pending timeouts').toBeLessThanOrEqual(warm.timeouts + TIMEOUT_SLACK);
  } finally {
    await boardCall('link.setCut', { cut: false });
    await cdp.detach();
  }
});
