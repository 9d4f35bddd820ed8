/**
 * The passphrase window's preload: the form's submit becomes one IPC call, and the answer
 * is shown (a refusal clears the field for the next try). Nothing is exposed to the page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from '../main/testing/fake-electron';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('../main/testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});

/** Just enough of the page (passphrase-window.ts's HTML) for the preload. */
const field = (value = '') => ({ value, disabled: false, hidden: false, focus: vi.fn(), dataset: {} as { say?: string }, listeners: [] as ((e: { preventDefault(): void }) => void)[], addEventListener(_t: string, l: (e: { preventDefault(): void }) => void) { this.listeners.push(l); } });
const elements = { form: field(), passphrase: field(), confirmation: field(), submit: field() };
const says = ['checking', 'wrong', 'too_short', 'mismatch', 'failed'].map((say) => ({ ...field(), hidden: true, dataset: { say } }));
let ready = () => {};
Object.assign(globalThis, {
  document: {
    getElementById: (id: keyof typeof elements) => elements[id] ?? null,
    querySelectorAll: () => says,
    addEventListener: (_type: string, l: () => void) => (ready = l),
  },
});
const { CACHE_PASSPHRASE_CHANNEL } = await import('../../shared/passphrase-channel');
await import('./passphrase');
ready();
const shown = () => says.filter((s) => !s.hidden).map((s) => s.dataset.say);

async function typeAndSubmit(answer: unknown) {
  const invoke = vi.fn(() => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)));
  Object.assign(fake.current!.ipcRenderer, { invoke });
  elements.passphrase.value = 'typed passphrase';
  elements.confirmation.value = 'typed again';
  const preventDefault = vi.fn();
  elements.form.listeners[0]!({ preventDefault });
  expect(preventDefault).toHaveBeenCalled();
  expect(elements.submit.disabled).toBe(true);
  expect(shown()).toEqual(['checking']);
  await vi.waitFor(() => expect(elements.submit.disabled).toBe(false));
  return invoke;
}

describe('passphrase preload', () => {
  it('exposes nothing to the page', () => {
    expect(fake.current!.exposed).toEqual({});
  });

  it('sends the passphrase and its confirmation over the one channel', async () => {
    const invoke = await typeAndSubmit({ ok: true });
    expect(invoke).toHaveBeenCalledWith(CACHE_PASSPHRASE_CHANNEL, { passphrase: 'typed passphrase', confirmation: 'typed again' });
  });

  it('shows a refusal and clears the fields for the next try', async () => {
    await typeAndSubmit({ refusal: 'wrong' });
    expect(shown()).toEqual(['wrong']);
    expect(elements.passphrase.value).toBe('');
    expect(elements.confirmation.value).toBe('');
    expect(elements.passphrase.focus).toHaveBeenCalled();
  });

  it('says so when the passphrase could not be checked', async () => {
    await typeAndSubmit(new Error('disk full'));
    expect(shown()).toEqual(['failed']);
  });

  it('shares no module with the board preload: the build would split it into a chunk a sandboxed preload cannot require', () => {
    const imports = (file: string) => [...readFileSync(join(import.meta.dirname, file), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]).filter((m) => m !== 'electron');
    expect(imports('passphrase.ts').filter((m) => imports('index.ts').includes(m))).toEqual([]);
  });
});
