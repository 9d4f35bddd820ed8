/**
 * The cache key of this installation: 32 random bytes, wrapped by the system keyring through
 * Electron's safeStorage and kept in the userData folder. Where the only storage backend is
 * `basic_text` (Linux without a keyring: Electron would "encrypt" under a fixed, public
 * password), the key is never kept: it is derived at each start from a passphrase the
 * officer types, with argon2id. Nothing here writes the key in the clear; it goes to the
 * backend in a message (backend-process.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashRaw, type Algorithm } from '@node-rs/argon2';
import { safeStorage } from 'electron';
import { z } from 'zod';

export const CACHE_FILE = 'cache.sqlite';
/** The key, wrapped by safeStorage (the keyring's ciphertext, never the key). */
export const WRAPPED_KEY_FILE = 'cache-key.safestorage';
/** Where a passphrase stands in for the keyring: the salt and the argon2id settings, never the key. */
export const PASSPHRASE_FILE = 'cache-key.passphrase.json';

/**
 * argon2id with RFC 9106's second recommended setting (64 MiB, 3 passes), one lane: about
 * half a second at each start, and as much memory for every guess an attacker makes.
 */
export const PASSPHRASE_KDF = { memoryCost: 64 * 1024, timeCost: 3, parallelism: 1 } as const;
export const MIN_PASSPHRASE_LENGTH = 10;
const KEY_BYTES = 32;
// @node-rs/argon2 declares its algorithms as an ambient const enum, which isolated modules cannot read.
const ARGON2ID = 2 as Algorithm;

export type PassphraseRefusal = 'wrong' | 'too_short' | 'mismatch';
/**
 * Asks for the passphrase until `attempt` accepts one (it answers null) or the officer
 * gives up (resolves false). 'create' asks twice, for a new installation.
 */
export type PassphrasePrompt = (
  mode: 'create' | 'unlock',
  attempt: (passphrase: string, confirmation: string) => Promise<PassphraseRefusal | null>,
) => Promise<boolean>;

export type CacheKeyErrorCode = 'cache_key_keyring_missing' | 'cache_key_unwrap_failed' | 'cache_key_lost' | 'cache_passphrase_cancelled';
export class CacheKeyError extends Error {
  constructor(
    readonly code: CacheKeyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const passphraseFileSchema = z.strictObject({
  kdf: z.literal('argon2id'),
  memoryCost: z.number().int().positive(),
  timeCost: z.number().int().positive(),
  parallelism: z.number().int().positive(),
  salt: z.string().regex(/^[0-9a-f]{32}$/),
  /** HMAC of a fixed text under the key: tells a wrong passphrase at once, and no more than trying the cache would. */
  check: z.string().regex(/^[0-9a-f]{64}$/),
});
type PassphraseFile = z.infer<typeof passphraseFileSchema>;

export type CacheKeySource = 'safeStorage' | 'passphrase';

export async function loadCacheKey(opts: { userData: string; prompt: PassphrasePrompt; platform?: NodeJS.Platform }): Promise<{ key: Buffer; source: CacheKeySource }> {
  const wrappedPath = join(opts.userData, WRAPPED_KEY_FILE);
  const passphrasePath = join(opts.userData, PASSPHRASE_FILE);
  // An installation that started with a passphrase keeps it, even if a keyring appears later.
  if (existsSync(passphrasePath)) return { key: await unlockWithPassphrase(passphrasePath, opts.prompt), source: 'passphrase' };

  const keyring = keyringState(opts.platform ?? process.platform);
  if (existsSync(wrappedPath)) {
    if (!keyring.usable) {
      throw new CacheKeyError(
        'cache_key_keyring_missing',
        `the cache key is wrapped by the system keyring, which is not available now (${keyring.why}); start the desktop session that has it, or unlock it, and start again`,
      );
    }
    let hex: string;
    try {
      hex = safeStorage.decryptString(readFileSync(wrappedPath));
    } catch (e) {
      throw new CacheKeyError('cache_key_unwrap_failed', `the system keyring could not unwrap the cache key in ${wrappedPath} (${e instanceof Error ? e.message : String(e)}): was the keyring reset?`);
    }
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new CacheKeyError('cache_key_unwrap_failed', `${wrappedPath} does not hold a cache key`);
    return { key: Buffer.from(hex, 'hex'), source: 'safeStorage' };
  }

  if (isEncryptedCache(join(opts.userData, CACHE_FILE))) {
    throw new CacheKeyError(
      'cache_key_lost',
      `the cache ${join(opts.userData, CACHE_FILE)} is encrypted but its key (${WRAPPED_KEY_FILE} or ${PASSPHRASE_FILE}) is not in ${opts.userData}: put it back, or move the cache aside to start with an empty one (commands still waiting in it would be lost)`,
    );
  }
  if (keyring.usable) {
    const key = randomBytes(KEY_BYTES);
    writePrivateFile(wrappedPath, safeStorage.encryptString(key.toString('hex')));
    return { key, source: 'safeStorage' };
  }
  return { key: await createWithPassphrase(passphrasePath, opts.prompt), source: 'passphrase' };
}

function keyringState(platform: NodeJS.Platform): { usable: true } | { usable: false; why: string } {
  if (!safeStorage.isEncryptionAvailable()) return { usable: false, why: 'safeStorage has no encryption' };
  // basic_text "encrypts" under a password compiled into Chromium: the key would be as good as in the clear.
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return { usable: false, why: 'no keyring: the storage backend is basic_text' };
  return { usable: true };
}

async function createWithPassphrase(path: string, prompt: PassphrasePrompt): Promise<Buffer> {
  const got: { key?: Buffer } = {};
  const done = await prompt('create', async (passphrase, confirmation) => {
    if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) return 'too_short';
    if (passphrase !== confirmation) return 'mismatch';
    const settings = { kdf: 'argon2id' as const, ...PASSPHRASE_KDF, salt: randomBytes(16).toString('hex') };
    const key = await derive(passphrase, settings);
    writePrivateFile(path, Buffer.from(JSON.stringify({ ...settings, check: checkOf(key) }, null, 2)));
    got.key = key;
    return null;
  });
  if (!done || !got.key) throw new CacheKeyError('cache_passphrase_cancelled', 'no passphrase was set: the cache cannot be encrypted without one');
  return got.key;
}

async function unlockWithPassphrase(path: string, prompt: PassphrasePrompt): Promise<Buffer> {
  const parsed = passphraseFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new CacheKeyError('cache_key_lost', `${path} is damaged: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
  const settings = parsed.data;
  const got: { key?: Buffer } = {};
  const done = await prompt('unlock', async (passphrase) => {
    const candidate = await derive(passphrase, settings);
    if (!timingSafeEqual(Buffer.from(checkOf(candidate), 'hex'), Buffer.from(settings.check, 'hex'))) return 'wrong';
    got.key = candidate;
    return null;
  });
  if (!done || !got.key) throw new CacheKeyError('cache_passphrase_cancelled', 'the cache was not unlocked: no passphrase was given');
  return got.key;
}

function derive(passphrase: string, s: Omit<PassphraseFile, 'check'>): Promise<Buffer> {
  // NFC: the same passphrase typed through another input method is the same bytes.
  return hashRaw(passphrase.normalize('NFC'), {
    algorithm: ARGON2ID,
    memoryCost: s.memoryCost,
    timeCost: s.timeCost,
    parallelism: s.parallelism,
    outputLen: KEY_BYTES,
    salt: Buffer.from(s.salt, 'hex'),
  });
}

function checkOf(key: Buffer): string {
  return createHmac('sha256', key).update('jingbao cache key check v1').digest('hex');
}

/** Whether a cache file exists that is not plain SQLite (an encrypted one starts with its random salt). */
function isEncryptedCache(path: string): boolean {
  if (!existsSync(path)) return false;
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, head, 0, 16, 0) < 16) return false;
  } finally {
    closeSync(fd);
  }
  return !head.equals(Buffer.from('SQLite format 3\0', 'latin1'));
}

/** Readable by this user only, and whole or absent: written aside, flushed, renamed. */
function writePrivateFile(path: string, bytes: Buffer): void {
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  writeFileSync(partial, bytes, { mode: 0o600, flag: 'wx' });
  const fd = openSync(partial, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}
