import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the parts of 'electron' the shell uses, recording how they were
 * called. The Electron binary cannot be downloaded on the build machines, so the
 * shell's wiring is proven against this.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test double; its shape is checked by the tests that use it
export function createFakeElectron(): any {
  const windows: FakeWindow[] = [];
  const children: FakeUtility[] = [];
  const channels: { port1: { id: string }; port2: { id: string } }[] = [];

  class FakeWebContents extends EventEmitter {
    windowOpenHandler: (() => { action: string }) | null = null;
    permissionHandler: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    posted: { channel: string; message: unknown; transfer: unknown[] }[] = [];
    session = { setPermissionRequestHandler: (h: FakeWebContents['permissionHandler']) => (this.permissionHandler = h) };
    setWindowOpenHandler(h: () => { action: string }) {
      this.windowOpenHandler = h;
    }
    postMessage(channel: string, message: unknown, transfer: unknown[]) {
      this.posted.push({ channel, message, transfer });
    }
  }
  class FakeWindow extends EventEmitter {
    webContents = new FakeWebContents();
    loaded: string | null = null;
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL(u: string) {
      this.loaded = u;
      return Promise.resolve();
    }
    loadFile(f: string) {
      this.loaded = f;
      return Promise.resolve();
    }
    isDestroyed() {
      return this.destroyed;
    }
    show() {}
  }
  class FakeUtility extends EventEmitter {
    posted: { message: unknown; transfer: unknown[] }[] = [];
    killed = false;
    constructor(
      readonly entry: string,
      readonly options: { env: Record<string, string>; serviceName: string },
    ) {
      super();
      children.push(this);
    }
    postMessage(message: unknown, transfer: unknown[]) {
      this.posted.push({ message, transfer });
    }
    kill() {
      this.killed = true;
      return true;
    }
  }
  let n = 0;
  class MessageChannelMain {
    port1 = { id: `p1-${++n}` };
    port2 = { id: `p2-${n}` };
    constructor() {
      channels.push(this);
    }
  }
  const exposed: Record<string, unknown> = {};
  const ipcRenderer = new EventEmitter();

  const module = {
    BrowserWindow: FakeWindow,
    MessageChannelMain,
    utilityProcess: { fork: vi.fn((entry: string, _args: string[], options: FakeUtility['options']) => new FakeUtility(entry, options)) },
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => (exposed[key] = api)) },
    ipcRenderer,
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    app: { on: vi.fn(), whenReady: vi.fn(() => new Promise(() => {})), requestSingleInstanceLock: vi.fn(() => true), enableSandbox: vi.fn(), quit: vi.fn() },
  };
  return { module, windows, children, channels, exposed, ipcRenderer };
}
