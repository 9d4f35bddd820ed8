/**
 * A cache written before the cipher is encrypted in place at the first start: backup,
 * rekey, verify, drop the backup. A failure at any step leaves the unencrypted cache as it
 * was and says why; a crash part-way is finished or undone at the next start.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUnencryptedSqlite, openCacheFile } from './cache-file';
import { openStore, setMeta, type Db } from './database';
import { UNENCRYPTED_BACKUP_SUFFIX, type EncryptionStep } from './encrypt-in-place';
import { tempDir, testCacheKey } from '../test-support';

let tmp: ReturnType<typeof tempDir>;
let path: string;
const key = testCacheKey();
beforeEach(() => {
  tmp = tempDir('jb-encrypt-');
  path = join(tmp.dir, 'cache.sqlite');
});
afterEach(() => tmp.remove());

const MARKER = 'UNENCRYPTED-MARKER 李娜';

/**
 * An unencrypted cache as the version before the cipher left it after a crash: WAL mode,
 * the last commits only in the WAL (the file copied while its writer still had it open).
 */
function unencryptedCache(): void {
  const old = join(tmp.dir, 'old.sqlite');
  const db = openStore(old, { key: 'plaintext' });
  db.transaction(() => {
    for (let i = 0; i < 300; i++) setMeta(db, `row-${i}`, `${MARKER} ${i}`);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  setMeta(db, 'only-in-wal', MARKER);
  copyFileSync(old, path);
  copyFileSync(`${old}-wal`, `${path}-wal`);
  db.close();
  for (const f of readdirSync(tmp.dir)) if (f.startsWith('old.sqlite')) writeFileSync(join(tmp.dir, f), '');
}

const metaRows = (db: Db) => db.prepare('SELECT count(*) FROM meta').pluck().get();
const files = () => readdirSync(tmp.dir).filter((f) => f.startsWith('cache.sqlite'));
const holdsMarker = () => files().filter((f) => readFileSync(join(tmp.dir, f)).includes(Buffer.from('UNENCRYPTED-MARKER')));

/** Copies the cache's files aside at one step, as a crash there would leave them. */
function snapshotAt(step: EncryptionStep, into: string) {
  return (s: EncryptionStep) => {
    if (s !== step) return;
    mkdirSync(into);
    for (const f of files()) copyFileSync(join(tmp.dir, f), join(into, f));
  };
}

describe('encrypting an unencrypted cache in place', () => {
  it('backs up, encrypts, verifies and drops the backup; the rows in the WAL come along', () => {
    unencryptedCache();
    expect(isUnencryptedSqlite(path)).toBe(true);
    const steps: EncryptionStep[] = [];
    const db = openStore(path, { key, onEncryptionStep: (s) => steps.push(s) });
    expect(steps).toEqual(['checkpointed', 'backed_up', 'encrypted', 'verified', 'backup_removed']);
    expect(metaRows(db)).toBe(301);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'only-in-wal'").pluck().get()).toBe(MARKER);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(isUnencryptedSqlite(path)).toBe(false);
    expect(existsSync(path + UNENCRYPTED_BACKUP_SUFFIX)).toBe(false);
    expect(holdsMarker()).toEqual([]);
    expect(() => openStore(path, { key: testCacheKey() })).toThrow(expect.objectContaining({ code: 'cache_key_wrong' }));
  });

  it.each(['checkpointed', 'backed_up', 'encrypted', 'verified'] as const)('fails at "%s" with cache_migration_failed, leaving the unencrypted cache as it was', (failAt) => {
    unencryptedCache();
    const fail = (s: EncryptionStep) => {
      if (s === failAt) throw new Error(`disk full (simulated at ${s})`);
    };
    expect(() => openStore(path, { key, onEncryptionStep: fail })).toThrow(
      expect.objectContaining({ code: 'cache_migration_failed', message: expect.stringMatching(/disk full.*still unencrypted/) }),
    );
    expect(isUnencryptedSqlite(path)).toBe(true);
    expect(existsSync(path + UNENCRYPTED_BACKUP_SUFFIX)).toBe(false);
    const plain = openCacheFile(path, 'plaintext');
    expect(metaRows(plain)).toBe(301);
    expect(plain.pragma('quick_check', { simple: true })).toBe('ok');
    plain.close();
    // The next start tries again.
    const db = openStore(path, { key });
    expect(metaRows(db)).toBe(301);
    db.close();
  });

  it('catches an encrypted copy that lost rows, and puts the unencrypted cache back', () => {
    unencryptedCache();
    // As if the rekey had dropped pages: the encrypted file opens, but holds less.
    const lose = (s: EncryptionStep) => {
      if (s !== 'encrypted') return;
      const db = openCacheFile(path, key);
      db.prepare("DELETE FROM meta WHERE key LIKE 'row-1%'").run();
      db.close();
    };
    expect(() => openStore(path, { key, onEncryptionStep: lose })).toThrow(
      expect.objectContaining({ code: 'cache_migration_failed', message: expect.stringMatching(/table meta has 190 rows encrypted, 301 before.*still unencrypted/) }),
    );
    expect(isUnencryptedSqlite(path)).toBe(true);
    const plain = openCacheFile(path, 'plaintext');
    expect(metaRows(plain)).toBe(301);
    plain.close();
  });

  it('finishes after a crash between verifying and dropping the backup', () => {
    unencryptedCache();
    const at = join(tmp.dir, 'crash');
    openStore(path, { key, onEncryptionStep: snapshotAt('verified', at) }).close();
    for (const f of readdirSync(at)) copyFileSync(join(at, f), join(tmp.dir, f));
    expect(existsSync(path + UNENCRYPTED_BACKUP_SUFFIX)).toBe(true);
    expect(isUnencryptedSqlite(path)).toBe(false);
    const db = openStore(path, { key });
    expect(metaRows(db)).toBe(301);
    db.close();
    expect(existsSync(path + UNENCRYPTED_BACKUP_SUFFIX)).toBe(false);
  });

  it('starts again from the backup after a crash half-way through encrypting', () => {
    unencryptedCache();
    const at = join(tmp.dir, 'crash');
    openStore(path, { key, onEncryptionStep: snapshotAt('backed_up', at) }).close();
    for (const f of readdirSync(at)) copyFileSync(join(at, f), join(tmp.dir, f));
    // Half-rewritten pages and a hot journal, as a power cut in the middle of the rekey leaves them.
    const torn = readFileSync(path);
    torn.fill(0x5a, 0, 4096 * 3);
    writeFileSync(path, torn);
    writeFileSync(`${path}-journal`, Buffer.alloc(8192, 0x33));
    const db = openStore(path, { key });
    expect(metaRows(db)).toBe(301);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'only-in-wal'").pluck().get()).toBe(MARKER);
    db.close();
    expect(existsSync(path + UNENCRYPTED_BACKUP_SUFFIX)).toBe(false);
    expect(existsSync(`${path}-journal`)).toBe(false);
    expect(holdsMarker()).toEqual([]);
  });
});
