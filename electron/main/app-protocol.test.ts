import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from './testing/fake-electron';
import { tempDir } from '../backend/test-support';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const { createAppHandler, registerAppScheme, serveAppScheme, APP_SCHEME } = await import('./app-protocol');

const tmp = tempDir('jb-app-');
afterAll(() => tmp.remove());
const dir = join(tmp.dir, 'renderer');
mkdirSync(join(dir, 'assets'), { recursive: true });
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>board</title>');
writeFileSync(join(dir, 'assets', 'worker.mjs'), 'export {}');
writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
const handler = createAppHandler(dir);

describe('app:// scheme', () => {
  it('is registered as standard and secure, and served from the renderer folder', () => {
    registerAppScheme();
    expect(fake.current!.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    serveAppScheme(dir);
    expect(fake.current!.module.protocol.handle).toHaveBeenCalledWith(APP_SCHEME, expect.any(Function));
  });

  it('serves files with their types (module workers need text/javascript)', async () => {
    const r = await handler(new Request('app://board/assets/worker.mjs'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('answers client routes with index.html', async () => {
    const r = await handler(new Request('app://board/wall'));
    expect(await r.text()).toContain('<title>board</title>');
  });

  it('refuses paths outside the renderer folder and other hosts', async () => {
    expect((await handler(new Request('app://board/..%2fsecret.txt'))).status).toBe(403);
    // The URL parser resolves dot segments itself: this one lands inside the folder.
    expect(await (await handler(new Request('app://board/%2e%2e/secret.txt'))).text()).not.toContain('secret');
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });
});
