import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import { isUnencryptedSqlite, openCacheFile, type CacheKey } from './cache-file';
import { encryptInPlace, finishInterruptedEncryption, UNENCRYPTED_BACKUP_SUFFIX, type EncryptionStep } from './encrypt-in-place';
import { migrations as defaultMigrations, type Migration } from './migrations';

export type Db = Database.Database;

export class MigrationMismatchError extends Error {
  readonly code = 'migration_mismatch';
}

export type OpenStoreOptions = {
  key: CacheKey;
  migrations?: readonly Migration[];
  /**
   * Path of a better-sqlite3-multiple-ciphers binary built for the running runtime.
   * Electron's ABI differs from Node's, so the Electron run passes its own copy
   * (DESIGN.md, "Native module").
   */
  nativeBinding?: string;
  readonly?: boolean;
  /**
   * FULL (default): a command the officer was told is saved survives a power cut. In WAL
   * mode NORMAL may lose the last commits on power loss. NORMAL only for benchmarks.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Called after each step of encrypting an unencrypted cache (logs; tests inject failures). */
  onEncryptionStep?: (step: EncryptionStep) => void;
};

/**
 * Opens (creating if needed) the local cache, encrypted, in WAL mode, and brings its schema
 * up to date. An unencrypted cache from an older version is encrypted in place first.
 */
export function openStore(path: string, options: OpenStoreOptions): Db {
  const { key } = options;
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  if (key !== 'plaintext') {
    if (existsSync(path + UNENCRYPTED_BACKUP_SUFFIX)) finishInterruptedEncryption(path, key, binding);
    if (isUnencryptedSqlite(path)) encryptInPlace(path, key, { ...binding, ...(options.onEncryptionStep ? { onStep: options.onEncryptionStep } : {}) });
  }
  const db = openCacheFile(path, key, binding);
  try {
    // Pages freed by the retention job go back to the file system (retention.ts). A new
    // file takes the setting before any table exists; an older cache needs one VACUUM.
    if (!options.readonly && (db.pragma('auto_vacuum', { simple: true }) as number) !== 2) {
      db.pragma('auto_vacuum = INCREMENTAL');
      db.exec('VACUUM');
    }
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.migrations ?? defaultMigrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function migrate(db: Db, list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list is not numbered 1..n: entry ${i} has version ${m.version}`);
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL) STRICT`);
  const applied = db.prepare('SELECT version, name FROM schema_migration ORDER BY version').all() as { version: number; name: string }[];
  for (const a of applied) {
    const known = list[a.version - 1];
    if (!known) {
      throw new MigrationMismatchError(
        `database has migration ${a.version} (${a.name}) that this version does not know: it was written by a newer version; refusing to open it`,
      );
    }
    if (known.name !== a.name) {
      throw new MigrationMismatchError(`database migration ${a.version} is '${a.name}' but this version expects '${known.name}'; refusing to open it`);
    }
  }
  const record = db.prepare('INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of list.slice(applied.length)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    })();
  }
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function recordSyncEvent(db: Db, kind: string, detail: string): void {
  db.prepare('INSERT INTO sync_event (at, kind, detail) VALUES (?, ?, ?)').run(Date.now(), kind, detail.slice(0, 4000));
}
