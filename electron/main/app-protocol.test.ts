import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from './testing/fake-electron';
import { tempDir } from '../backend/test-support';
import { BOARD_CSP_HEADER, PAGE_CSP_DIRECTIVES } from '../../shared/content-security-policy';

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

/** A policy as a map of directive → sources, so that order and spacing do not matter. */
const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources.sort().join(' ')]),
  );

describe('app:// Content Security Policy', () => {
  it('is sent as a header on every answer, pages, scripts and errors alike, with frame-ancestors none', async () => {
    for (const url of ['app://board/', 'app://board/wall', 'app://board/assets/worker.mjs', 'app://board/..%2fsecret.txt', 'app://elsewhere/', 'app://board/%E0%A4%A']) {
      const r = await handler(new Request(url));
      const csp = r.headers.get('content-security-policy');
      expect(csp, url).toBe(BOARD_CSP_HEADER);
      expect(directives(csp!).get('frame-ancestors'), url).toBe("'none'");
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('says what the page’s meta tag says, plus what only a header can say', () => {
    const html = readFileSync(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
    expect(meta, 'renderer/index.html has a CSP meta tag').toBeDefined();
    expect(directives(meta!)).toEqual(directives(PAGE_CSP_DIRECTIVES.join('; ')));
    const header = directives(BOARD_CSP_HEADER);
    expect(header.get('frame-ancestors')).toBe("'none'");
    header.delete('frame-ancestors');
    expect(header).toEqual(directives(meta!));
    // A meta tag cannot carry frame-ancestors (Chromium ignores it and warns).
    expect(directives(meta!).has('frame-ancestors')).toBe(false);
  });
});
