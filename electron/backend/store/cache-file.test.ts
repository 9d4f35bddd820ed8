/**
 * The cache is encrypted at rest (SQLCipher 4: AES-256, chosen explicitly over the library's
 * ChaCha20 default): the file is not SQLite to anyone without the key, a wrong or missing key
 * is refused and changes nothing, and neither the key nor the data is ever on disk in the
 * clear (WAL included).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import PlainDatabase from 'better-sqlite3';
import CipherDatabase from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheOpenError, isUnencryptedSqlite, openCacheFile } from './cache-file';
import { openStore, setMeta } from './database';
import { tempDir, testCacheKey } from '../test-support';

let tmp: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  tmp = tempDir('jb-cipher-');
  path = join(tmp.dir, 'cache.sqlite');
});
afterEach(() => tmp.remove());

/**
 * Name and SHA-256 of every file in the folder: "changes nothing" means this is equal before
 * and after. The -shm file's content is left out while a connection is open: it is the WAL's
 * shared-memory index, where every reader, even one refused, takes a read mark.
 */
const folderState = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((f) => [f, f.endsWith('-shm') ? 'present' : createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));

/** Every file in the folder that contains one of the needles. */
const filesHolding = (dir: string, needles: Buffer[]) =>
  readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .filter((f) => {
      const bytes = readFileSync(join(dir, f));
      return needles.some((n) => bytes.includes(n));
    });

/** A cache with data in it, left open so its WAL holds frames not yet folded into the file. */
function cacheWithData(key: Buffer) {
  const db = openStore(path, { key });
  setMeta(db, 'crew-note', 'CREW-MARKER 王伟 requester 张三');
  db.transaction(() => {
    for (let i = 0; i < 200; i++) setMeta(db, `filler-${i}`, 'CREW-MARKER '.repeat(20));
  })();
  return db;
}

describe('the encrypted cache', () => {
  it('is not an SQLite file: it starts with its random salt, not "SQLite format 3"', () => {
    openStore(path, { key: testCacheKey() }).close();
    expect(readFileSync(path).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(isUnencryptedSqlite(path)).toBe(false);
  });

  it('uses SQLCipher 4 (AES-256), in WAL mode with power-safe writes', () => {
    const db = openStore(path, { key: testCacheKey() });
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher');
    expect(String(db.pragma('legacy', { simple: true }))).toBe('4');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    db.close();
  });

  it('reopens with its key and keeps what was written', () => {
    const key = testCacheKey();
    cacheWithData(key).close();
    const db = openStore(path, { key });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'crew-note'").pluck().get()).toBe('CREW-MARKER 王伟 requester 张三');
    db.close();
  });

  it('cannot be opened without the key, by plain SQLite or by the cipher build', () => {
    cacheWithData(testCacheKey()).close();
    expect(() => new PlainDatabase(path).prepare('SELECT count(*) FROM sqlite_schema').get()).toThrow(/not a database/);
    expect(() => new CipherDatabase(path).prepare('SELECT count(*) FROM sqlite_schema').get()).toThrow(/not a database/);
    expect(() => openCacheFile(path, 'plaintext')).toThrow(expect.objectContaining({ code: 'cache_key_wrong' }));
  });

  it('refuses a wrong key with cache_key_wrong and changes nothing, WAL included', () => {
    const db = cacheWithData(testCacheKey());
    // Another process holding the cache open: its WAL is live.
    const before = folderState(tmp.dir);
    expect(Object.keys(before).some((f) => f.endsWith('-wal'))).toBe(true);
    let error: unknown;
    try {
      openStore(path, { key: testCacheKey() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CacheOpenError);
    expect((error as CacheOpenError).code).toBe('cache_key_wrong');
    expect((error as CacheOpenError).message).toMatch(/wrong key or passphrase.*nothing was changed/);
    expect(folderState(tmp.dir)).toEqual(before);
    db.close();
    const closed = folderState(tmp.dir);
    expect(() => openStore(path, { key: testCacheKey() })).toThrow(expect.objectContaining({ code: 'cache_key_wrong' }));
    expect(folderState(tmp.dir)).toEqual(closed);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => openStore(path, { key: Buffer.alloc(16, 1) })).toThrow(expect.objectContaining({ code: 'cache_key_invalid' }));
  });

  it('never holds the key or the data in the clear: every file in the folder, WAL and shared memory included', () => {
    const key = testCacheKey();
    const db = cacheWithData(key);
    const files = readdirSync(tmp.dir);
    expect(files).toEqual(expect.arrayContaining(['cache.sqlite', 'cache.sqlite-wal', 'cache.sqlite-shm']));
    const secrets = [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('hex').toUpperCase()), Buffer.from(key.toString('base64'))];
    const data = [Buffer.from('CREW-MARKER'), Buffer.from('王伟'), Buffer.from('张三')];
    expect(filesHolding(tmp.dir, secrets)).toEqual([]);
    expect(filesHolding(tmp.dir, data)).toEqual([]);
    db.close();
    expect(filesHolding(tmp.dir, [...secrets, ...data])).toEqual([]);
  });

  it('refuses a SQLite build without the cipher rather than write the cache in the clear', () => {
    // The plain better-sqlite3 binary, as an older `npm start` cached it for Electron.
    const plainBinary = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');
    expect(() => openStore(path, { key: testCacheKey(), nativeBinding: plainBinary })).toThrow(expect.objectContaining({ code: 'cache_cipher_missing' }));
    expect(isUnencryptedSqlite(path)).toBe(false);
  });

  it('is opened unencrypted by nothing but the benchmarks: no board, no harness, no e2e stack', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const plaintext = /\b(?:key|cacheKey)\s*:\s*'plaintext'/;
    const offenders = ['electron', 'e2e', 'central', 'scripts']
      .flatMap((top) => readdirSync(join(root, top), { recursive: true, encoding: 'utf8' }).map((f) => join(top, f)))
      // Tests may make an old, unencrypted cache to encrypt.
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .filter((f) => plaintext.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
