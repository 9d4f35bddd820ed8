/**
 * The passphrase window, through the fake electron: a sandboxed window with a static page,
 * one IPC channel answered only for that window, closed once a passphrase is accepted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from './testing/fake-electron';
import type { PassphraseRefusal } from './cache-key';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const { CACHE_PASSPHRASE_CHANNEL, createPassphraseWindow } = await import('./passphrase-window');

const handler = () => fake.current!.module.ipcMain.handlers.get(CACHE_PASSPHRASE_CHANNEL) as ((event: { sender: unknown }, arg: unknown) => Promise<unknown>) | undefined;
const lastWindow = () => fake.current!.windows.at(-1)!;
const submit = (arg: unknown, sender: unknown = lastWindow().webContents) => handler()!({ sender }, arg);

afterEach(() => {
  for (const w of fake.current!.windows) w.close();
});

describe('passphrase window', () => {
  it('is a sandboxed window on a static page without script, that navigates nowhere', () => {
    void createPassphraseWindow({ preload: '/app/preload/passphrase.cjs' })('unlock', async () => null);
    const win = lastWindow();
    expect(win.options.webPreferences).toMatchObject({ preload: '/app/preload/passphrase.cjs', sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: false });
    const page = decodeURIComponent(win.loaded!.replace(/^data:text\/html;charset=utf-8,/, ''));
    expect(page).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(page).not.toMatch(/<script/i);
    expect(page).toMatch(/id="passphrase"/);
    expect(page).not.toMatch(/id="confirmation"/);
    const navigation = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', navigation, 'https://example.com/');
    expect(navigation.preventDefault).toHaveBeenCalled();
  });

  it('passes each try on, shows a refusal and stays; closes and resolves once one is accepted', async () => {
    const tries: string[] = [];
    const asked = createPassphraseWindow({ preload: '/p.cjs' })('unlock', async (passphrase): Promise<PassphraseRefusal | null> => {
      tries.push(passphrase);
      return passphrase === 'the right one' ? null : 'wrong';
    });
    expect(await submit({ passphrase: 'a wrong one', confirmation: '' })).toEqual({ refusal: 'wrong' });
    expect(lastWindow().destroyed).toBe(false);
    expect(await submit({ passphrase: 'the right one', confirmation: '' })).toEqual({ ok: true });
    expect(await asked).toBe(true);
    expect(tries).toEqual(['a wrong one', 'the right one']);
    expect(lastWindow().destroyed).toBe(true);
    expect(handler()).toBeUndefined();
  });

  it('asks twice for a new passphrase and passes both on', async () => {
    const attempt = vi.fn(async () => null);
    const asked = createPassphraseWindow({ preload: '/p.cjs' })('create', attempt);
    expect(decodeURIComponent(lastWindow().loaded!)).toMatch(/id="confirmation"/);
    await submit({ passphrase: 'one two three four', confirmation: 'one two three four' });
    expect(attempt).toHaveBeenCalledWith('one two three four', 'one two three four');
    expect(await asked).toBe(true);
  });

  it('answers no other window, and no malformed message', async () => {
    const attempt = vi.fn(async () => null);
    void createPassphraseWindow({ preload: '/p.cjs' })('unlock', attempt);
    const intruder = new fake.current!.module.BrowserWindow({});
    await expect(submit({ passphrase: 'x', confirmation: '' }, intruder.webContents)).rejects.toThrow(/only the passphrase window/);
    await expect(submit({ passphrase: 42 })).rejects.toThrow();
    await expect(submit({ passphrase: 'x'.repeat(2000), confirmation: '' })).rejects.toThrow();
    expect(attempt).not.toHaveBeenCalled();
  });

  it('takes one try at a time', async () => {
    let finish: (r: PassphraseRefusal | null) => void = () => {};
    void createPassphraseWindow({ preload: '/p.cjs' })('unlock', () => new Promise((r) => (finish = r)));
    const first = submit({ passphrase: 'one', confirmation: '' });
    expect(await submit({ passphrase: 'two', confirmation: '' })).toEqual({ refusal: 'busy' });
    finish('wrong');
    expect(await first).toEqual({ refusal: 'wrong' });
  });

  it('gives up (false) when the officer closes it', async () => {
    const asked = createPassphraseWindow({ preload: '/p.cjs' })('unlock', async () => 'wrong');
    lastWindow().close();
    expect(await asked).toBe(false);
    expect(handler()).toBeUndefined();
  });

  it('closes and rejects when a try fails outright, so the app can say why', async () => {
    const asked = createPassphraseWindow({ preload: '/p.cjs' })('create', async () => {
      throw new Error('disk full');
    });
    await expect(submit({ passphrase: 'a b c d e f g h', confirmation: 'a b c d e f g h' })).rejects.toThrow('disk full');
    await expect(asked).rejects.toThrow('disk full');
    expect(lastWindow().destroyed).toBe(true);
  });
});
