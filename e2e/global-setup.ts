import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCentralServer } from '../central/server';
import { createBackend } from '../electron/backend/backend';
import { startHost } from '../electron/host/server';
import { createLogger } from '../electron/backend/log';

const root = resolve(import.meta.dirname, '..');

/**
 * One real stack for the browser tests: the central reference server with the demo
 * city, the backend with a fresh cache, and the browser host serving the built
 * renderer. URLs reach the tests through the environment.
 */
export default async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'jb-e2e-'));
  const log = createLogger(undefined, 'warn');
  const central = await createCentralServer({ dbPath: join(dir, 'central.sqlite'), port: 0 });
  const backend = createBackend({
    dbPath: join(dir, 'cache.sqlite'),
    centralUrl: central.url,
    baseMapPath: join(root, 'resources/demo-city/build/basemap.mbtiles'),
    log,
  });
  backend.start();
  const token = 'e2e-token-' + Math.random().toString(36).slice(2);
  const host = await startHost({ backend, rendererDir: join(root, 'out/renderer'), token, log });
  process.env.JB_BOARD_URL = host.boardUrl;
  process.env.JB_HOST_URL = host.url;
  process.env.JB_CENTRAL_URL = central.url;
  return async () => {
    await host.close();
    await backend.close();
    await central.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
