/**
 * The backend's utilityProcess entry: the cache key arrives as a message from the main
 * process (never in the environment), windows that connect before it wait, and a cache
 * that cannot be opened is reported once instead of crashing into a restart loop.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CacheOpenError as CacheOpenErrorClass } from './store/cache-file';
import { testCacheKey } from './test-support';

const made = vi.hoisted(() => ({ options: [] as { cacheKey: Buffer; dbPath: string; workstation?: { id: string }; demo?: boolean }[], fail: null as Error | null, started: 0, served: [] as unknown[] }));
vi.mock('./backend', () => ({
  createBackend: (opts: { cacheKey: Buffer; dbPath: string }) => {
    if (made.fail) throw made.fail;
    made.options.push({ ...opts, cacheKey: Buffer.from(opts.cacheKey) });
    return { start: () => made.started++, subscribe: () => () => {}, handle: () => Promise.resolve(null), close: () => Promise.resolve() };
  },
}));

class FakeParentPort extends EventEmitter {
  posted: unknown[] = [];
  postMessage(m: unknown) {
    this.posted.push(m);
  }
}
const fakePort = () => ({ on: vi.fn(), postMessage: vi.fn(), start: vi.fn(), close: vi.fn() });

let parent: FakeParentPort;
// The entry's own copy, after vi.resetModules: instanceof must see the same class.
let CacheOpenError: typeof CacheOpenErrorClass;
beforeEach(async () => {
  made.options = [];
  made.fail = null;
  made.started = 0;
  parent = new FakeParentPort();
  (process as unknown as { parentPort: FakeParentPort }).parentPort = parent;
  vi.stubEnv('JINGBAO_DB', '/data/cache.sqlite');
  vi.stubEnv('JINGBAO_CENTRAL_URL', 'http://127.0.0.1:9');
  vi.stubEnv('JINGBAO_BASEMAP', '/none.mbtiles');
  // The demo's workstation credential (workstation-config.ts); the last test runs without it.
  vi.stubEnv('JINGBAO_DEMO', '1');
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.resetModules();
  await import('./utility-entry');
  ({ CacheOpenError } = await import('./store/cache-file'));
});
afterEach(() => {
  delete (process as unknown as { parentPort?: FakeParentPort }).parentPort;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('backend utility entry', () => {
  it('opens the cache only once the key arrives, then serves the windows that connected before it', () => {
    const early = fakePort();
    parent.emit('message', { data: { type: 'board-port' }, ports: [early] });
    expect(made.options).toHaveLength(0);
    expect(early.start).not.toHaveBeenCalled();
    const key = testCacheKey();
    const sent = new Uint8Array(key);
    parent.emit('message', { data: { type: 'cache-key', key: sent }, ports: [] });
    expect(made.options).toHaveLength(1);
    expect(made.options[0]!.cacheKey.equals(key)).toBe(true);
    expect(made.started).toBe(1);
    expect(early.start).toHaveBeenCalled();
    // No copy of the key is left in this process's heap once the cache is open.
    expect(sent.every((b) => b === 0)).toBe(true);
    const late = fakePort();
    parent.emit('message', { data: { type: 'board-port' }, ports: [late] });
    expect(late.start).toHaveBeenCalled();
    // A second key does not open a second cache.
    parent.emit('message', { data: { type: 'cache-key', key: new Uint8Array(testCacheKey()) }, ports: [] });
    expect(made.options).toHaveLength(1);
  });

  it('never reads the key from its environment', () => {
    vi.stubEnv('JINGBAO_CACHE_KEY', testCacheKey().toString('hex'));
    parent.emit('message', { data: { type: 'board-port' }, ports: [fakePort()] });
    expect(made.options).toHaveLength(0);
  });

  it('reports a cache it cannot open (a wrong key) to the main process instead of crashing', () => {
    made.fail = new CacheOpenError('cache_key_wrong', 'the cache cannot be read with this key');
    const sent = new Uint8Array(testCacheKey());
    parent.emit('message', { data: { type: 'cache-key', key: sent }, ports: [] });
    expect(parent.posted).toEqual([{ type: 'fatal', code: 'cache_key_wrong', message: 'the cache cannot be read with this key' }]);
    expect(sent.every((b) => b === 0)).toBe(true);
  });

  it('reports a workstation without a credential for the central instead of starting with the demo’s', () => {
    vi.stubEnv('JINGBAO_DEMO', '');
    const sent = new Uint8Array(testCacheKey());
    parent.emit('message', { data: { type: 'cache-key', key: sent }, ports: [] });
    expect(made.options).toHaveLength(0);
    expect(parent.posted).toEqual([{ type: 'fatal', code: 'workstation_credential', message: expect.stringMatching(/no credential for the central/) }]);
    expect(sent.every((b) => b === 0)).toBe(true);
  });

  it('gives the backend the demo credential only in the demo', () => {
    parent.emit('message', { data: { type: 'cache-key', key: new Uint8Array(testCacheKey()) }, ports: [] });
    expect(made.options[0]!.workstation).toMatchObject({ id: 'demo-ws' });
    expect(made.options[0]!.demo).toBe(true);
  });
});
