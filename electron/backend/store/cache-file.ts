import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';

type Db = Database.Database;

/**
 * The cache's key: 32 random bytes per installation (Electron: wrapped by safeStorage, or
 * derived from a passphrase; browser host and tests: configuration, store/cache-key.ts).
 * 'plaintext' opens an unencrypted file: the benchmarks' baseline only, never a board.
 */
export type CacheKey = Buffer | 'plaintext';
export const CACHE_KEY_BYTES = 32;

export type CacheOpenErrorCode =
  /** The file is encrypted with another key (or is not a cache at all). */
  | 'cache_key_wrong'
  /** Not 32 bytes (or, in configuration, not 64 hex digits). */
  | 'cache_key_invalid'
  /** No key configured (browser host, tests). */
  | 'cache_key_missing'
  /** A key file that others than its owner may read. */
  | 'cache_key_file_unsafe'
  /** openCacheFile on an unencrypted file: openStore encrypts it first. */
  | 'cache_not_encrypted'
  /** The SQLite build has no SQLCipher (a plain better-sqlite3 binary passed as nativeBinding). */
  | 'cache_cipher_missing'
  /** Encrypting an existing unencrypted cache failed; the unencrypted one was kept. */
  | 'cache_migration_failed';

/** Opening the cache failed before anything was read or written; the message says why. */
export class CacheOpenError extends Error {
  constructor(
    readonly code: CacheOpenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The first 16 bytes of every unencrypted SQLite file; an encrypted cache starts with its random salt. */
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether the file exists and is an unencrypted SQLite database. */
export function isUnencryptedSqlite(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(PLAINTEXT_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAINTEXT_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens a cache file with its key and proves the key right by reading the schema; no
 * schema change, no journal mode. A wrong key fails before anything is written.
 */
export function openCacheFile(path: string, key: CacheKey, options: { nativeBinding?: string; readonly?: boolean; fileMustExist?: boolean } = {}): Db {
  if (key !== 'plaintext' && key.length !== CACHE_KEY_BYTES) {
    throw new CacheOpenError('cache_key_invalid', `the cache key must be ${CACHE_KEY_BYTES} bytes, not ${key.length}`);
  }
  if (key !== 'plaintext' && isUnencryptedSqlite(path)) {
    throw new CacheOpenError('cache_not_encrypted', `${path} is not encrypted; openStore encrypts it in place`);
  }
  const db = new Database(path, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.readonly ? { readonly: true } : {}),
    ...(options.fileMustExist ? { fileMustExist: true } : {}),
  });
  try {
    if (key !== 'plaintext') applyKey(db, key, 'key');
    try {
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_NOTADB') throw e;
      throw new CacheOpenError(
        'cache_key_wrong',
        `the cache ${path} cannot be read with this key (a wrong key or passphrase, or not a cache file); nothing was changed`,
      );
    }
    // Sorts and temporary indexes spill to temp files, which the cipher does not cover.
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * SQLCipher 4 (AES-256-CBC, HMAC-SHA512 per page) chosen explicitly: the library's default
 * is ChaCha20. The key goes in raw (`x'<64 hex>'`, SQLCipher's syntax), so no KDF runs at
 * open: it is random already, or came out of argon2id. `rekey` encrypts a plain file.
 */
export function applyKey(db: Db, key: Buffer, how: 'key' | 'rekey'): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  // A plain better-sqlite3 binary ignores unknown pragmas: without this check the cache
  // would silently be written in the clear.
  if (db.pragma('cipher', { simple: true }) !== 'sqlcipher' || String(db.pragma('legacy', { simple: true })) !== '4') {
    throw new CacheOpenError('cache_cipher_missing', 'this SQLite build has no SQLCipher support: the backend needs better-sqlite3-multiple-ciphers (check JINGBAO_NATIVE_BINDING)');
  }
  const raw = Buffer.from(`x'${key.toString('hex')}'`, 'latin1');
  try {
    const rc = how === 'key' ? db.key(raw) : db.rekey(raw);
    if (rc !== 0) throw new Error(`sqlite3_${how} failed (${rc})`);
  } finally {
    raw.fill(0);
  }
}

