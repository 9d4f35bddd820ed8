import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { errorMessage } from '../log';
import { applyKey, CacheOpenError, isUnencryptedSqlite, openCacheFile } from './cache-file';

/** Beside the cache while an unencrypted one is being encrypted; gone once the result is verified. */
export const UNENCRYPTED_BACKUP_SUFFIX = '.unencrypted-backup';

export type EncryptionStep = 'checkpointed' | 'backed_up' | 'encrypted' | 'verified' | 'backup_removed';

type Binding = { nativeBinding?: string };
type RowCounts = Record<string, number>;

/**
 * Encrypts a cache written before the cipher (unencrypted SQLite) in place: fold the WAL in,
 * back the file up, rekey it, check that the encrypted file opens with the key and holds the
 * same rows, then drop the backup. A failure puts the backup back, so the cache stays as it
 * was, and says why. A crash part-way is finished at the next open
 * (finishInterruptedEncryption).
 */
export function encryptInPlace(path: string, key: Buffer, options: Binding & { onStep?: (step: EncryptionStep) => void } = {}): void {
  const step = options.onStep ?? (() => {});
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const backup = path + UNENCRYPTED_BACKUP_SUFFIX;

  const failed = (e: unknown, what: string) =>
    new CacheOpenError('cache_migration_failed', `encrypting the unencrypted cache ${path} failed (${errorMessage(e)}); ${what}`);

  // The cipher cannot rekey a database in WAL mode, and the backup must be one whole file:
  // fold the WAL into the file and switch to a rollback journal (openStore turns WAL back on).
  let counts: RowCounts;
  try {
    const plain = new Database(path, { fileMustExist: true, ...binding });
    try {
      plain.pragma('busy_timeout = 5000');
      const [checkpoint] = plain.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (checkpoint?.busy) throw new Error('another process has it open; close it and start again');
      plain.pragma('journal_mode = DELETE');
      counts = rowCounts(plain);
    } finally {
      plain.close();
    }
    step('checkpointed');
    copyDurably(path, backup);
  } catch (e) {
    rmSync(backup + PARTIAL_SUFFIX, { force: true });
    throw failed(e, 'nothing was changed: it is still unencrypted');
  }

  try {
    step('backed_up');
    const db = new Database(path, { fileMustExist: true, ...binding });
    try {
      applyKey(db, key, 'rekey');
    } finally {
      db.close();
    }
    step('encrypted');
    verifyEncrypted(path, key, counts, binding);
    step('verified');
  } catch (e) {
    restore(path, backup);
    throw failed(e, 'it was put back from its backup, unchanged and still unencrypted');
  }
  rmSync(backup);
  syncDir(dirname(path));
  step('backup_removed');
}

/**
 * A backup beside the cache means an earlier encryption stopped part-way (the app was
 * killed, the power went). If the cache is encrypted and holds what the backup holds, only
 * the backup's removal was missing; otherwise the backup goes back and openStore encrypts
 * it again.
 */
export function finishInterruptedEncryption(path: string, key: Buffer, binding: Binding = {}): void {
  const backup = path + UNENCRYPTED_BACKUP_SUFFIX;
  let complete = false;
  if (existsSync(path) && !isUnencryptedSqlite(path)) {
    try {
      const original = new Database(backup, { readonly: true, fileMustExist: true, ...binding });
      let counts: RowCounts;
      try {
        counts = rowCounts(original);
      } finally {
        original.close();
      }
      verifyEncrypted(path, key, counts, binding);
      complete = true;
    } catch {
      complete = false;
    }
  }
  if (complete) {
    rmSync(backup);
    syncDir(dirname(path));
  } else {
    restore(path, backup);
  }
}

function verifyEncrypted(path: string, key: Buffer, expected: RowCounts, binding: Binding): void {
  if (isUnencryptedSqlite(path)) throw new Error('the file is still unencrypted');
  const db = openCacheFile(path, key, { ...binding, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the encrypted file fails its check: ${String(check)}`);
    const got = rowCounts(db);
    for (const table of new Set([...Object.keys(expected), ...Object.keys(got)])) {
      if (got[table] !== expected[table]) throw new Error(`table ${table} has ${got[table] ?? 'no'} rows encrypted, ${expected[table] ?? 'none'} before`);
    }
  } finally {
    db.close();
  }
}

function rowCounts(db: Database.Database): RowCounts {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`).pluck().get() as number]));
}

/** The backup back in place of the cache. Its journal files go first: a hot journal left over from the rekey would be played into it. */
function restore(path: string, backup: string): void {
  for (const suffix of ['-journal', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  renameSync(backup, path);
  syncDir(dirname(path));
}

/** Copied under a temporary name, flushed, then renamed: a backup that exists is whole. */
const PARTIAL_SUFFIX = '.partial';
function copyDurably(from: string, to: string): void {
  const partial = to + PARTIAL_SUFFIX;
  copyFileSync(from, partial);
  const fd = openSync(partial, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, to);
  syncDir(dirname(to));
}

/** Makes a rename durable. Windows cannot open a folder for fsync; NTFS journals the rename. */
function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
