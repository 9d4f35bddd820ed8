import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../log';
import { CACHE_KEY_BYTES, CacheOpenError } from './cache-file';

/**
 * Where the browser host and the tests get the cache key (the Electron app keeps its own,
 * wrapped by safeStorage or derived from a passphrase: electron/main/cache-key.ts).
 */
export const CACHE_KEY_ENV = 'JINGBAO_CACHE_KEY';
export const CACHE_KEY_FILE_ENV = 'JINGBAO_CACHE_KEY_FILE';
/** The embedded demo's own key file, beside its cache. */
export const DEMO_CACHE_KEY_FILE = 'cache.key';

const HEX_DIGITS = CACHE_KEY_BYTES * 2;

export function parseCacheKeyHex(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!new RegExp(`^[0-9a-fA-F]{${HEX_DIGITS}}$`).test(hex)) {
    throw new CacheOpenError('cache_key_invalid', `${where} must hold the cache key as ${HEX_DIGITS} hex digits (${CACHE_KEY_BYTES} random bytes, e.g. from 'openssl rand -hex ${CACHE_KEY_BYTES}')`);
  }
  return Buffer.from(hex, 'hex');
}

/**
 * A key file must be a regular file that only its owner can read or write (0600 or
 * stricter): a key others can read protects nothing. Windows has no mode bits (its ACLs
 * are not checked here).
 */
export function readCacheKeyFile(path: string): Buffer {
  let mode: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    mode = st.mode;
  } catch (e) {
    throw new CacheOpenError('cache_key_missing', `the cache key file ${path} cannot be read: ${errorMessage(e)}`);
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new CacheOpenError(
      'cache_key_file_unsafe',
      `the cache key file ${path} can be read by other users (mode ${(mode & 0o777).toString(8).padStart(3, '0')}); refusing to use it: make it private with 'chmod 600 ${path}'`,
    );
  }
  return parseCacheKeyHex(readFileSync(path, 'utf8'), `the cache key file ${path}`);
}

/** JINGBAO_CACHE_KEY (64 hex digits) or JINGBAO_CACHE_KEY_FILE (a 0600 file holding them); exactly one. */
export function cacheKeyFromConfig(env: NodeJS.ProcessEnv): Buffer {
  const hex = env[CACHE_KEY_ENV];
  const file = env[CACHE_KEY_FILE_ENV];
  if (hex && file) throw new CacheOpenError('cache_key_invalid', `both ${CACHE_KEY_ENV} and ${CACHE_KEY_FILE_ENV} are set: set one`);
  if (hex) return parseCacheKeyHex(hex, CACHE_KEY_ENV);
  if (file) return readCacheKeyFile(file);
  throw new CacheOpenError(
    'cache_key_missing',
    `no cache key: set ${CACHE_KEY_ENV} to ${HEX_DIGITS} hex digits, or ${CACHE_KEY_FILE_ENV} to a file only its owner can read that holds them (openssl rand -hex ${CACHE_KEY_BYTES} > key; chmod 600 key)`,
  );
}

export function isCacheKeyConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env[CACHE_KEY_ENV] || env[CACHE_KEY_FILE_ENV]);
}

/**
 * The embedded demo (`npm start` through the browser host) makes its own key on first
 * start: a 0600 file in its data folder. Only the demo: its key sits beside its cache.
 */
export function demoCacheKey(dataDir: string): Buffer {
  const path = join(dataDir, DEMO_CACHE_KEY_FILE);
  try {
    // 'wx': never overwrite a key, or the cache it opens is lost.
    writeFileSync(path, randomBytes(CACHE_KEY_BYTES).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return readCacheKeyFile(path);
}
