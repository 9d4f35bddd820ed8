import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCentralServer, type CentralServer, type CentralServerOptions } from '../central/server';
import { createBackend, type Backend, type BackendOptions } from '../electron/backend/backend';
import { startHost, type Host } from '../electron/host/server';
import type { Logger } from '../electron/backend/log';
import { E2E_DEMO_KEY } from './sign-in';

const root = resolve(import.meta.dirname, '..');

export type Stack = { central: CentralServer; backend: Backend; host: Host; /** Its temp folder (databases). */ dir: string; close(): Promise<void> };

/**
 * A whole stack on loopback — the central reference server with the demo city, a backend
 * with a fresh cache (encrypted with a random key of its own, as in production), and the browser host serving the built renderer — for the global
 * setup and for tests that need their own (a faster clock, an outage) without disturbing
 * the shared one.
 */
export async function startStack(
  name: string,
  opts: { central?: Partial<CentralServerOptions>; backend?: Partial<BackendOptions>; token?: string; log?: Logger } = {},
): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), `jb-e2e-${name}-`));
  const log = opts.log ?? (() => {});
  const central = await createCentralServer({ dbPath: join(dir, 'central.sqlite'), port: 0, ...opts.central });
  const backend = createBackend({
    dbPath: join(dir, 'cache.sqlite'),
    cacheKey: randomBytes(32),
    centralUrl: central.url,
    baseMapPath: join(root, 'resources/demo-city/build/basemap.mbtiles'),
    log,
    // The browser tests drive the demo build: they cut the link from the UI.
    demo: true,
    ...opts.backend,
  });
  backend.start();
  const host = await startHost({ backend, rendererDir: join(root, 'out/renderer'), wallToken: opts.token ?? name, demoLoginKey: E2E_DEMO_KEY, log });
  return {
    central,
    backend,
    host,
    dir,
    async close() {
      await host.close();
      await backend.close();
      await central.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
