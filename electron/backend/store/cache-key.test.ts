/**
 * The browser host's and the tests' cache key comes from configuration: JINGBAO_CACHE_KEY
 * (64 hex digits) or JINGBAO_CACHE_KEY_FILE, a file only its owner may read. The embedded
 * demo makes its own 0600 key file once and keeps it.
 */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKeyFromConfig, CACHE_KEY_ENV, CACHE_KEY_FILE_ENV, demoCacheKey, DEMO_CACHE_KEY_FILE } from './cache-key';
import { tempDir, testCacheKey } from '../test-support';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('jb-key-');
});
afterEach(() => tmp.remove());

const posix = process.platform !== 'win32';

function keyFile(mode: number, text = testCacheKey().toString('hex')): string {
  const path = join(tmp.dir, 'key');
  writeFileSync(path, text + '\n', { mode });
  chmodSync(path, mode);
  return path;
}

describe('cache key from configuration', () => {
  it('takes 64 hex digits from JINGBAO_CACHE_KEY', () => {
    const key = testCacheKey();
    expect(cacheKeyFromConfig({ [CACHE_KEY_ENV]: key.toString('hex') }).equals(key)).toBe(true);
    expect(cacheKeyFromConfig({ [CACHE_KEY_ENV]: key.toString('hex').toUpperCase() }).equals(key)).toBe(true);
  });

  it('refuses a key that is not 64 hex digits, saying what it wants', () => {
    for (const bad of ['abc', 'g'.repeat(64), 'ab'.repeat(31), 'ab'.repeat(33)]) {
      expect(() => cacheKeyFromConfig({ [CACHE_KEY_ENV]: bad })).toThrow(expect.objectContaining({ code: 'cache_key_invalid', message: expect.stringMatching(/64 hex digits/) }));
    }
  });

  it('takes the key from a file only its owner can read', () => {
    const key = testCacheKey();
    const path = keyFile(0o600, key.toString('hex'));
    expect(cacheKeyFromConfig({ [CACHE_KEY_FILE_ENV]: path }).equals(key)).toBe(true);
    chmodSync(path, 0o400);
    expect(cacheKeyFromConfig({ [CACHE_KEY_FILE_ENV]: path }).equals(key)).toBe(true);
  });

  it.runIf(posix).each([0o640, 0o604, 0o644, 0o660, 0o666])('refuses a key file with mode %o, naming the fix', (mode) => {
    const path = keyFile(mode);
    expect(() => cacheKeyFromConfig({ [CACHE_KEY_FILE_ENV]: path })).toThrow(
      expect.objectContaining({ code: 'cache_key_file_unsafe', message: expect.stringContaining(`chmod 600 ${path}`) }),
    );
  });

  it('says so when nothing is configured, when both are, and when the file is missing', () => {
    expect(() => cacheKeyFromConfig({})).toThrow(expect.objectContaining({ code: 'cache_key_missing', message: expect.stringMatching(/JINGBAO_CACHE_KEY.*JINGBAO_CACHE_KEY_FILE/) }));
    expect(() => cacheKeyFromConfig({ [CACHE_KEY_ENV]: testCacheKey().toString('hex'), [CACHE_KEY_FILE_ENV]: keyFile(0o600) })).toThrow(/set one/);
    expect(() => cacheKeyFromConfig({ [CACHE_KEY_FILE_ENV]: join(tmp.dir, 'nope') })).toThrow(expect.objectContaining({ code: 'cache_key_missing' }));
  });

  it('makes the demo its own 0600 key file once, and keeps it', () => {
    const first = demoCacheKey(tmp.dir);
    const path = join(tmp.dir, DEMO_CACHE_KEY_FILE);
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.toString('hex'));
    expect(demoCacheKey(tmp.dir).equals(first)).toBe(true);
    if (posix) {
      chmodSync(path, 0o644);
      expect(() => demoCacheKey(tmp.dir)).toThrow(expect.objectContaining({ code: 'cache_key_file_unsafe' }));
    }
  });
});
