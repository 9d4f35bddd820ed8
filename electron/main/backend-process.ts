import { MessageChannelMain, utilityProcess, type BrowserWindow, type UtilityProcess } from 'electron';
import { BOARD_PORT_CHANNEL } from '../../shared/shell-channels';

export { BOARD_PORT_CHANNEL };

export type BackendProcessOptions = {
  /** Built backend entry (out/main/backend.js). */
  entry: string;
  env: Record<string, string>;
  /** The board's own pages (board-pages.ts): only a window showing one is handed a port. */
  isAppUrl(url: string): boolean;
  log?: (msg: string) => void;
};

/**
 * Runs the backend in a utilityProcess so no query or sync work ever touches the
 * main process. Each window load gets a fresh MessageChannel: one end to the
 * backend, the other to the window's preload. If the backend dies it is restarted
 * and every window is reconnected.
 */
export function startBackendProcess(opts: BackendProcessOptions) {
  const log = opts.log ?? ((m: string) => console.log(m));
  const windows = new Set<BrowserWindow>();
  let child: UtilityProcess;
  let stopping = false;
  let restarts = 0;

  const connect = (win: BrowserWindow) => {
    if (win.isDestroyed()) return;
    // The port is the whole board API: a page that is not the app's (a navigation that
    // slipped through, an error page) gets nothing.
    const url = win.webContents.getURL();
    if (!opts.isAppUrl(url)) {
      log(`board port withheld from ${url || 'a blank page'}: not the app's page`);
      return;
    }
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage({ type: 'board-port' }, [port1]);
    win.webContents.postMessage(BOARD_PORT_CHANNEL, null, [port2]);
  };

  const spawn = () => {
    child = utilityProcess.fork(opts.entry, [], {
      serviceName: 'jingbao-backend',
      env: { ...process.env, ...opts.env },
      stdio: 'inherit',
    });
    child.on('exit', (code) => {
      if (stopping) return;
      restarts++;
      log(`backend exited (code ${code}); restarting (restart ${restarts})`);
      // Back off a little so a backend that cannot start does not spin.
      setTimeout(() => {
        spawn();
        windows.forEach(connect);
      }, Math.min(10_000, 500 * restarts));
    });
  };
  spawn();

  return {
    /** Connect now and again on every reload, since a reload drops the renderer's port. */
    attach(win: BrowserWindow) {
      windows.add(win);
      win.webContents.on('did-finish-load', () => connect(win));
      win.on('closed', () => windows.delete(win));
    },
    restarts: () => restarts,
    stop() {
      stopping = true;
      child.kill();
    },
  };
}
