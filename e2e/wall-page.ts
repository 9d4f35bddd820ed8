import { expect, type Page } from '@playwright/test';
import { boardSocket, sessionCookie } from './sign-in';
import WebSocket from 'ws';
import type { BoardMethod, MethodArg, MethodResult } from '../shared/board-api';

/** What the wall exposes to tests (renderer/wall/wall-hook.ts), as far as these tests read it. */
type WallHook = {
  scene: string;
  rotationScene: string;
  rotations: number;
  cycles: number;
  interrupt: string | null;
  outage: boolean;
  linkState: string | null;
  ready: boolean;
  tilesLoaded: boolean;
  positionsApplied: number;
  scale: number;
  schedule: { id: string; durationMs: number }[];
  layerSummary(): { id: string; visible: boolean; count: number }[];
  view(): { bounds: [number, number, number, number]; zoom: number; moving: boolean } | null;
};
declare global {
  interface Window {
    __jingbaoWall?: WallHook;
  }
}

/**
 * The wall's default rotation (renderer/wall/scenes.ts `defaultSchedule()`; e2e cannot
 * import the renderer): what the tests leave behind on the shared stack.
 */
export const DEFAULT_SCHEDULE = {
  scenes: [
    { id: 'overview', enabled: true, durationS: 30 },
    { id: 'dispatches', enabled: true, durationS: 30 },
    { id: 'alerts', enabled: true, durationS: 20 },
    { id: 'link', enabled: true, durationS: 15 },
    { id: 'readiness', enabled: true, durationS: 20 },
  ],
};

let supervisorCookie: Promise<string> | null = null;

/** The wall on the shared stack: the host's wall address (its token: the wall PC's credential), with `params`. */
export function wallUrl(params: Record<string, string> = {}, token?: string | null): string {
  const wall = new URL(process.env.JB_WALL_URL!);
  const url = new URL('/wall', wall.origin);
  const t = token === undefined ? wall.searchParams.get('token') : token;
  if (t !== null) url.searchParams.set('token', t);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

/**
 * One board API call over the host's WebSocket, as a console would make it: the tests'
 * way to act (create a request, acknowledge, cut the link) without a console page. Its
 * session makes no key presses, so after the idle lock (15 min: the whole suite runs longer)
 * it is locked: then it signs in again, as an officer would, and asks once more.
 */
export async function boardCall<M extends BoardMethod>(method: M, arg: MethodArg<M>, timeoutMs = 10_000): Promise<MethodResult<M>> {
  // A supervisor's session (the wall schedule is theirs to set), as the demo sign-in gives it.
  supervisorCookie ??= sessionCookie(process.env.JB_BOARD_URL!, 'supervisor');
  let answer = await callOnce(method, arg, await supervisorCookie, timeoutMs);
  if (!answer.ok && (answer.code === 'locked' || answer.code === 'session_expired' || answer.code === 'unauthenticated')) {
    supervisorCookie = sessionCookie(process.env.JB_BOARD_URL!, 'supervisor');
    answer = await callOnce(method, arg, await supervisorCookie, timeoutMs);
  }
  if (answer.ok) return answer.value as MethodResult<M>;
  throw new Error(`${method}: ${answer.message}`);
}

function callOnce(method: string, arg: unknown, cookie: string, timeoutMs: number): Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(boardSocket(process.env.JB_BOARD_URL!), { headers: { cookie } });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, arg })));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(String(data)) as { kind: string; id?: number; ok?: boolean; value?: unknown; error?: { code?: string; message: string } };
      if (m.kind !== 'result' || m.id !== 1) return;
      clearTimeout(timer);
      ws.close();
      resolve(m.ok ? { ok: true, value: m.value } : { ok: false, code: m.error?.code ?? '', message: m.error?.message ?? 'failed' });
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/**
 * Acknowledges every alert that would hold the wall (left by earlier tests on the shared
 * stack): the rotation tests need a wall that rotates.
 */
export async function acknowledgeInterruptingAlerts(): Promise<number> {
  const { alerts } = await boardCall('alert.list', {});
  const holding = alerts.filter((a) => a.state === 'open' && (a.level === 'red' || a.kind === 'deadline_risk' || a.kind === 'deadline_missed'));
  for (const a of holding) await boardCall('alert.acknowledge', { alertId: a.id });
  return holding.length;
}

/** Page model of the wall display. */
export class WallPage {
  constructor(readonly page: Page) {}

  async open(params: Record<string, string> = {}) {
    const response = await this.page.goto(wallUrl(params));
    expect(response?.status()).toBe(200);
    await this.page.waitForFunction(() => window.__jingbaoWall?.ready === true, null, { timeout: 45_000 });
    await this.page.waitForFunction(() => window.__jingbaoWall!.tilesLoaded && window.__jingbaoWall!.positionsApplied > 0, null, { timeout: 30_000 });
  }

  /** A plain value of the hook (not its functions: those do not cross to the test). */
  hook<K extends Exclude<keyof WallHook, 'layerSummary' | 'view'>>(key: K): Promise<WallHook[K]> {
    return this.page.evaluate((k) => window.__jingbaoWall![k as K], key) as Promise<WallHook[K]>;
  }

  layers() {
    return this.page.evaluate(() => window.__jingbaoWall!.layerSummary());
  }

  view() {
    return this.page.evaluate(() => window.__jingbaoWall!.view());
  }

  /**
   * Waits for a condition evaluated in the page. A function, never a string: the board's
   * CSP (script-src 'self') forbids evaluating strings.
   */
  async waitFor<A = null>(predicate: (arg: A) => boolean, arg: A | null = null, timeout = 20_000) {
    await this.page.waitForFunction(predicate as (arg: unknown) => boolean, arg, { timeout });
  }

  fontPx(selector: string): Promise<number> {
    return this.page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  }

  testId(id: string) {
    return this.page.getByTestId(id);
  }
}
