import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { DEMO_WORKSTATION, workstationAuthorization } from '../shared/auth/workstation';
import { buildDemoCity } from '../city/demo-build';

/**
 * Test fixtures shared by central/ tests (imported by *.test.ts only): the built demo
 * city, temp database folders and a WebSocket client that queues what it receives.
 */

/** Builds the demo city unless it is up to date (a few seconds the first time). */
export async function ensureDemoCity(): Promise<void> {
  await buildDemoCity({ ifStale: true });
}

export function tempDir(prefix = 'jb-central-'): { dir: string; db: (name?: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    db: (name = 'central.sqlite') => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The demo workstation's Authorization header: what every request to the central carries. */
export const DEMO_AUTH = { authorization: workstationAuthorization(DEMO_WORKSTATION) } as const;

/** fetch, as the demo workstation: the central answers nothing but /health to an unknown caller. */
export function centralFetch(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...DEMO_AUTH } });
}

export type LiveFrame = { kind: 'text'; json: unknown } | { kind: 'binary'; data: Buffer };

export type LiveClient = {
  ws: WebSocket;
  /** Resolves with the next frame matching `pick` (frames before it are dropped). */
  next(pick?: (f: LiveFrame) => boolean, timeoutMs?: number): Promise<LiveFrame>;
  close(): Promise<void>;
};

export function connectLive(url: string): Promise<LiveClient> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/live', { headers: DEMO_AUTH });
  const frames: LiveFrame[] = [];
  let wake: (() => void) | null = null;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    frames.push(isBinary ? { kind: 'binary', data } : { kind: 'text', json: JSON.parse(data.toString('utf8')) });
    wake?.();
  });
  const client: LiveClient = {
    ws,
    async next(pick = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (frames.length) {
          const f = frames.shift()!;
          if (pick(f)) return f;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('timed out waiting for a live frame');
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(t);
            wake = null;
            resolve();
          };
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}
