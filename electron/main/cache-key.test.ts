/**
 * The installation's cache key, through the fake electron (the Electron binary cannot be
 * downloaded on the build machines): wrapped by safeStorage where there is a keyring, from
 * a passphrase (argon2id) where the only backend is basic_text, and never on disk in the
 * clear either way.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore, setMeta } from '../backend/store/database';
import { tempDir } from '../backend/test-support';
import type { createFakeElectron } from './testing/fake-electron';
import type { PassphrasePrompt, PassphraseRefusal } from './cache-key';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const { CACHE_FILE, loadCacheKey, MIN_PASSPHRASE_LENGTH, PASSPHRASE_FILE, PASSPHRASE_KDF, WRAPPED_KEY_FILE } = await import('./cache-key');

const safeStorage = () => fake.current!.module.safeStorage;
let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('jb-userdata-');
  safeStorage().backend = 'gnome_libsecret';
  safeStorage().available = true;
  vi.clearAllMocks();
});
afterEach(() => tmp.remove());

/** A passphrase window that types these tries in turn and records what it was told; out of tries, the officer gives up. */
function typing(...tries: [string, string?][]) {
  const seen: { mode: string; refusals: (PassphraseRefusal | null)[] } = { mode: '', refusals: [] };
  const prompt: PassphrasePrompt = async (mode, attempt) => {
    seen.mode = mode;
    for (const [passphrase, confirmation] of tries) {
      const refusal = await attempt(passphrase, confirmation ?? passphrase);
      seen.refusals.push(refusal);
      if (!refusal) return true;
    }
    return false;
  };
  return { prompt, seen };
}
const noPrompt: PassphrasePrompt = () => {
  throw new Error('asked for a passphrase where the keyring should serve');
};

/** Every file under the folder holding the key as bytes, hex (either case) or base64. */
function filesHoldingKey(dir: string, key: Buffer): string[] {
  const forms = [key, Buffer.from(key.toString('hex')), Buffer.from(key.toString('hex').toUpperCase()), Buffer.from(key.toString('base64'))];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .filter((f) => forms.some((form) => readFileSync(join(dir, f)).includes(form)));
}

/** The backend's part, in the same folder: an encrypted cache with data in it, WAL still open. */
function useCache(key: Buffer) {
  const db = openStore(join(tmp.dir, CACHE_FILE), { key });
  setMeta(db, 'note', 'crew 王伟');
  return db;
}

describe('cache key with a keyring (safeStorage)', () => {
  it('makes 32 random bytes on first start, keeps them wrapped (0600), and unwraps the same key later', async () => {
    const first = await loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' });
    expect(first.source).toBe('safeStorage');
    expect(first.key).toHaveLength(32);
    const wrapped = join(tmp.dir, WRAPPED_KEY_FILE);
    if (process.platform !== 'win32') expect(statSync(wrapped).mode & 0o777).toBe(0o600);
    expect(safeStorage().encryptString).toHaveBeenCalledTimes(1);
    const again = await loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' });
    expect(again.key.equals(first.key)).toBe(true);
    expect(safeStorage().decryptString).toHaveBeenCalledTimes(1);
    expect(safeStorage().encryptString).toHaveBeenCalledTimes(1);
    expect(readdirSync(tmp.dir).sort()).toEqual([WRAPPED_KEY_FILE]);
  });

  it('never leaves the key on disk in the clear: every file in userData, the cache and its WAL included', async () => {
    const { key } = await loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' });
    const db = useCache(key);
    expect(readdirSync(tmp.dir)).toEqual(expect.arrayContaining([WRAPPED_KEY_FILE, CACHE_FILE, `${CACHE_FILE}-wal`]));
    expect(filesHoldingKey(tmp.dir, key)).toEqual([]);
    db.close();
    expect(filesHoldingKey(tmp.dir, key)).toEqual([]);
  });

  it('says so when the keyring that wrapped the key is gone (now basic_text), and makes no new key', async () => {
    await loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' });
    safeStorage().backend = 'basic_text';
    await expect(loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' })).rejects.toMatchObject({ code: 'cache_key_keyring_missing' });
    expect(safeStorage().encryptString).toHaveBeenCalledTimes(1);
  });

  it('says so when the keyring cannot unwrap the key', async () => {
    await loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' });
    const wrapped = join(tmp.dir, WRAPPED_KEY_FILE);
    const bytes = readFileSync(wrapped);
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(wrapped, bytes);
    await expect(loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' })).rejects.toMatchObject({ code: 'cache_key_unwrap_failed' });
  });

  it('refuses to make a new key over an encrypted cache whose key is gone', async () => {
    const { key } = await loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' });
    useCache(key).close();
    const files = () => readdirSync(tmp.dir).sort();
    rmSync(join(tmp.dir, WRAPPED_KEY_FILE));
    const before = files();
    await expect(loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' })).rejects.toMatchObject({
      code: 'cache_key_lost',
      message: expect.stringMatching(/encrypted but its key/),
    });
    expect(files()).toEqual(before);
  });

  it('makes a key for an unencrypted cache of an older version (the backend then encrypts it in place)', async () => {
    const old = openStore(join(tmp.dir, CACHE_FILE), { key: 'plaintext' });
    old.close();
    const { source } = await loadCacheKey({ userData: tmp.dir, prompt: noPrompt, platform: 'linux' });
    expect(source).toBe('safeStorage');
  });
});

describe('cache key from a passphrase where the only storage backend is basic_text', () => {
  const good = 'café 警保 correct horse';

  it('never hands the key to basic_text: asks for a new passphrase twice, refusing a short or mismatched one, and keeps only the salt and settings', async () => {
    safeStorage().backend = 'basic_text';
    const { prompt, seen } = typing(['short'], [good, 'something else'], [good]);
    const { key, source } = await loadCacheKey({ userData: tmp.dir, prompt, platform: 'linux' });
    expect(source).toBe('passphrase');
    expect(seen).toEqual({ mode: 'create', refusals: ['too_short', 'mismatch', null] });
    expect(safeStorage().encryptString).not.toHaveBeenCalled();
    expect(readdirSync(tmp.dir)).toEqual([PASSPHRASE_FILE]);
    const file = join(tmp.dir, PASSPHRASE_FILE);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // Memory-hard: argon2id, at least 64 MiB and 3 passes.
    expect(settings).toMatchObject({ kdf: 'argon2id' });
    expect(settings.memoryCost).toBeGreaterThanOrEqual(64 * 1024);
    expect(settings.timeCost).toBeGreaterThanOrEqual(3);
    expect(PASSPHRASE_KDF).toEqual({ memoryCost: 65536, timeCost: 3, parallelism: 1 });
    expect(filesHoldingKey(tmp.dir, key)).toEqual([]);
    expect(MIN_PASSPHRASE_LENGTH).toBeGreaterThanOrEqual(10);
  });

  it('unlocks with the same passphrase at the next start, refusing a wrong one clearly; the key is never on disk', async () => {
    safeStorage().backend = 'basic_text';
    const { key } = await loadCacheKey({ userData: tmp.dir, prompt: typing([good]).prompt, platform: 'linux' });
    const db = useCache(key);
    const { prompt, seen } = typing(['wrong passphrase!'], [good.normalize('NFD')]);
    const again = await loadCacheKey({ userData: tmp.dir, prompt, platform: 'linux' });
    expect(seen).toEqual({ mode: 'unlock', refusals: ['wrong', null] });
    expect(again.key.equals(key)).toBe(true);
    expect(filesHoldingKey(tmp.dir, key)).toEqual([]);
    db.close();
    expect(filesHoldingKey(tmp.dir, key)).toEqual([]);
  });

  it('keeps asking for the passphrase even when a keyring appears later', async () => {
    safeStorage().backend = 'basic_text';
    const { key } = await loadCacheKey({ userData: tmp.dir, prompt: typing([good]).prompt, platform: 'linux' });
    safeStorage().backend = 'gnome_libsecret';
    const again = await loadCacheKey({ userData: tmp.dir, prompt: typing([good]).prompt, platform: 'linux' });
    expect(again).toMatchObject({ source: 'passphrase' });
    expect(again.key.equals(key)).toBe(true);
    expect(safeStorage().encryptString).not.toHaveBeenCalled();
  });

  it('uses a passphrase wherever safeStorage cannot encrypt at all', async () => {
    safeStorage().available = false;
    const { source } = await loadCacheKey({ userData: tmp.dir, prompt: typing([good]).prompt, platform: 'win32' });
    expect(source).toBe('passphrase');
  });

  it('gives up without a key when the officer closes the window', async () => {
    safeStorage().backend = 'basic_text';
    await expect(loadCacheKey({ userData: tmp.dir, prompt: typing().prompt, platform: 'linux' })).rejects.toMatchObject({ code: 'cache_passphrase_cancelled' });
    expect(readdirSync(tmp.dir)).toEqual([]);
  });
});

describe('unlocking the cache at start (index.ts)', () => {
  it('takes the keyring without a window; a lost key is said in a dialog; giving up on the passphrase quits quietly', async () => {
    const { unlockCache } = await import('./index');
    const windows = fake.current!.windows.length;
    const key = await unlockCache(tmp.dir, '/app/preload');
    expect(key).toHaveLength(32);
    expect(fake.current!.windows.length).toBe(windows);

    useCache(key!).close();
    rmSync(join(tmp.dir, WRAPPED_KEY_FILE));
    expect(await unlockCache(tmp.dir, '/app/preload')).toBeNull();
    expect(fake.current!.module.dialog.showErrorBox).toHaveBeenCalledWith(expect.stringMatching(/cannot be opened/), expect.stringMatching(/encrypted but its key/));

    vi.clearAllMocks();
    const fresh = tempDir('jb-userdata-');
    try {
      safeStorage().backend = 'basic_text';
      const asked = unlockCache(fresh.dir, '/app/preload');
      await vi.waitFor(() => expect(fake.current!.windows.length).toBe(windows + 1));
      const win = fake.current!.windows.at(-1)!;
      expect(win.options.webPreferences.preload).toBe(join('/app/preload', 'passphrase.cjs'));
      win.close();
      expect(await asked).toBeNull();
      expect(fake.current!.module.dialog.showErrorBox).not.toHaveBeenCalled();
    } finally {
      fresh.remove();
    }
  });
});
