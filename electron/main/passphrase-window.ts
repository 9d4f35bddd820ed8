import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { CACHE_PASSPHRASE_CHANNEL } from '../../shared/passphrase-channel';
import { MIN_PASSPHRASE_LENGTH, type PassphrasePrompt, type PassphraseRefusal } from './cache-key';
import { createBoardWindow } from './window';

export { CACHE_PASSPHRASE_CHANNEL };

const submissionSchema = z.strictObject({ passphrase: z.string().max(1024), confirmation: z.string().max(1024) });
export type PassphraseAnswer = { ok: true } | { refusal: PassphraseRefusal | 'busy' };

/**
 * The passphrase prompt (cache-key.ts) as a small window of its own, before the console
 * opens: a static page (no script; its preload, electron/preload/passphrase.ts, wires the
 * form) that sends each try over IPC. Only this window's own webContents is answered; it
 * closes when a try is accepted, and closing it gives up. A try that fails outright (the
 * key file cannot be written) closes it and rejects, so the app says why instead of waiting.
 */
export function createPassphraseWindow(opts: { preload: string }): PassphrasePrompt {
  return (mode, attempt) =>
    new Promise<boolean>((resolve, reject) => {
      // Made like every window of the board (window.ts). A data: page has no origin of ours
      // to navigate to: every navigation is refused; no DevTools, even in development.
      const win = createBoardWindow(
        {
          width: 520,
          height: mode === 'create' ? 420 : 320,
          resizable: false,
          minimizable: false,
          maximizable: false,
          fullscreenable: false,
          title: '警保指挥台',
          backgroundColor: '#0b1220',
        },
        { preload: opts.preload, isAppUrl: () => false, developer: false },
      );
      win.removeMenu();
      let accepted = false;
      let busy = false;
      ipcMain.handle(CACHE_PASSPHRASE_CHANNEL, async (event: IpcMainInvokeEvent, arg: unknown): Promise<PassphraseAnswer> => {
        if (event.sender !== win.webContents) throw new Error('refused: only the passphrase window may send a passphrase');
        const { passphrase, confirmation } = submissionSchema.parse(arg);
        // argon2id takes about a second: a second click meanwhile is not a second try.
        if (busy || accepted) return { refusal: 'busy' };
        busy = true;
        try {
          const refusal = await attempt(passphrase, mode === 'create' ? confirmation : '');
          if (refusal) return { refusal };
          accepted = true;
          resolve(true);
          win.close();
          return { ok: true };
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
          win.close();
          throw e;
        } finally {
          busy = false;
        }
      });
      win.on('closed', () => {
        ipcMain.removeHandler(CACHE_PASSPHRASE_CHANNEL);
        if (!accepted) resolve(false);
      });
      void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(passphrasePage(mode))}`);
    });
}

/** Both languages at once: the officer's language setting lives in the cache this unlocks. */
export function passphrasePage(mode: 'create' | 'unlock'): string {
  const intro =
    mode === 'create'
      ? `<h1>设置本地缓存口令<span>Set a passphrase for the local cache</span></h1>
  <p>此工作站没有系统密钥环。本地缓存（人员、请求、位置）将以此口令加密，每次启动都要输入；忘记口令，缓存无法打开。
  <span>This workstation has no system keyring. The local cache (crews, requests, positions) is encrypted with this passphrase, asked at every start; a forgotten passphrase cannot be recovered.</span></p>`
      : `<h1>解锁本地缓存<span>Unlock the local cache</span></h1>
  <p>此工作站没有系统密钥环：本地缓存的密钥由口令生成。<span>This workstation has no system keyring: the cache key comes from a passphrase.</span></p>`;
  const confirmation =
    mode === 'create' ? `<label>再次输入 · Again<input id="confirmation" type="password" autocomplete="new-password" maxlength="1024" required></label>` : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>警保指挥台</title>
<style>
  body { margin: 0; padding: 24px 28px; background: #0b1220; color: #e2e8f0; font: 14px/1.5 system-ui, 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif; }
  h1 { font-size: 18px; margin: 0 0 8px; } h1 span, p span { display: block; color: #94a3b8; font-size: 12px; font-weight: normal; }
  label { display: block; margin: 12px 0 0; } input { display: block; width: 100%; box-sizing: border-box; margin-top: 4px; padding: 8px; background: #111a2e; color: inherit; border: 1px solid #334155; border-radius: 4px; }
  button { margin-top: 16px; padding: 8px 20px; background: #2563eb; color: white; border: 0; border-radius: 4px; font: inherit; } button:disabled { opacity: .5; }
  [role=alert] { min-height: 1.5em; color: #fca5a5; margin: 12px 0 0; } [hidden] { display: none !important; }
</style></head>
<body data-mode="${mode}">
  ${intro}
  <form id="form">
    <label>口令 · Passphrase<input id="passphrase" type="password" autocomplete="${mode === 'create' ? 'new-password' : 'current-password'}" maxlength="1024" required autofocus></label>
    ${confirmation}
    <button id="submit" type="submit">${mode === 'create' ? '设置并继续 · Set and continue' : '解锁 · Unlock'}</button>
  </form>
  <div role="alert">
    <p data-say="checking" hidden>正在验证…（约一秒） · Checking… (about a second)</p>
    <p data-say="wrong" hidden>口令错误。 · Wrong passphrase.</p>
    <p data-say="too_short" hidden>口令至少 ${MIN_PASSPHRASE_LENGTH} 个字符。 · At least ${MIN_PASSPHRASE_LENGTH} characters.</p>
    <p data-say="mismatch" hidden>两次输入的口令不一致。 · The two entries differ.</p>
    <p data-say="failed" hidden>无法验证口令。 · The passphrase could not be checked.</p>
  </div>
</body></html>`;
}
