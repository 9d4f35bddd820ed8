/**
 * Preload of the passphrase window (electron/main/passphrase-window.ts): the page is static
 * HTML without a script; this wires its form to one IPC call and shows the answer. Nothing is
 * exposed to the page.
 */
import { ipcRenderer } from 'electron';
import { CACHE_PASSPHRASE_CHANNEL } from '../../shared/passphrase-channel';

// Type-checked with the Node project (no DOM lib): the little of the DOM used here.
type Field = { value: string; disabled: boolean; hidden: boolean; focus(): void; dataset: { say?: string } };
type Page = {
  getElementById(id: string): (Field & { addEventListener(type: 'submit', listener: (e: { preventDefault(): void }) => void): void }) | null;
  querySelectorAll(selector: string): Iterable<Field>;
  addEventListener(type: 'DOMContentLoaded', listener: () => void): void;
};
const page = (globalThis as unknown as { document: Page }).document;

function say(what: string | null) {
  for (const p of page.querySelectorAll('[data-say]')) p.hidden = p.dataset.say !== what;
}

page.addEventListener('DOMContentLoaded', () => {
  const form = page.getElementById('form');
  const passphrase = page.getElementById('passphrase');
  const confirmation = page.getElementById('confirmation');
  const submit = page.getElementById('submit');
  if (!form || !passphrase || !submit) return;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit.disabled = true;
    say('checking');
    void ipcRenderer
      .invoke(CACHE_PASSPHRASE_CHANNEL, { passphrase: passphrase.value, confirmation: confirmation?.value ?? '' })
      .then(
        (answer: { ok?: true; refusal?: string }) => {
          if (answer.ok) return;
          if (answer.refusal === 'busy') return;
          say(answer.refusal ?? 'failed');
          passphrase.value = '';
          if (confirmation) confirmation.value = '';
          passphrase.focus();
        },
        () => say('failed'),
      )
      .finally(() => {
        submit.disabled = false;
      });
  });
});
