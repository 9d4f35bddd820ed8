import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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
    crashed = 0;
    forcefullyCrashRenderer() {
      this.crashed++;
    }
    windowOpenHandler: (() => { action: string }) | null = null;
    permissionHandler: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    permissionCheckHandler: ((wc: unknown, p: string, origin: string, details: unknown) => boolean) | null = null;
    posted: { channel: string; message: unknown; transfer: unknown[] }[] = [];
    /** What getURL() answers: the last URL loaded, or one a test sets (a navigation that slipped through). */
    url = '';
    session = {
      setPermissionRequestHandler: (h: FakeWebContents['permissionHandler']) => (this.permissionHandler = h),
      setPermissionCheckHandler: (h: FakeWebContents['permissionCheckHandler']) => (this.permissionCheckHandler = h),
    };
    getURL() {
      return this.url;
    }
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
    loads = 0;
    destroyed = false;
    shown: 'active' | 'inactive' | null = null;
    kiosk = false;
    fullScreen = false;
    bounds: unknown = null;
    menuRemoved = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      this.kiosk = options.kiosk === true;
      this.fullScreen = options.fullscreen === true;
    }
    loadURL(u: string) {
      this.loaded = u;
      this.webContents.url = u;
      this.loads++;
      return Promise.resolve();
    }
    showInactive() {
      this.shown = 'inactive';
    }
    setKiosk(on: boolean) {
      this.kiosk = on;
    }
    setFullScreen(on: boolean) {
      this.fullScreen = on;
    }
    setBounds(b: unknown) {
      this.bounds = b;
    }
    removeMenu() {
      this.menuRemoved = true;
    }
    close() {
      if (this.destroyed) return;
      this.destroyed = true;
      this.emit('closed');
    }
    loadFile(f: string) {
      this.loaded = f;
      return Promise.resolve();
    }
    isDestroyed() {
      return this.destroyed;
    }
    show() {
      this.shown = 'active';
    }
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
  type FakeDisplay = { id: number; label: string; bounds: { x: number; y: number; width: number; height: number } };
  class FakeScreen extends EventEmitter {
    displays: FakeDisplay[] = [{ id: 1, label: 'Built-in', bounds: { x: 0, y: 0, width: 1920, height: 1080 } }];
    primaryId = 1;
    getAllDisplays() {
      return this.displays;
    }
    getPrimaryDisplay() {
      return this.displays.find((d) => d.id === this.primaryId)!;
    }
  }
  const screen = new FakeScreen();
  const blockers = new Map<number, string>();
  let blockerId = 0;
  const powerSaveBlocker = {
    start: vi.fn((type: string) => {
      blockers.set(++blockerId, type);
      return blockerId;
    }),
    stop: vi.fn((id: number) => void blockers.delete(id)),
    isStarted: (id: number) => blockers.has(id),
  };
  const menus: { template: unknown[] }[] = [];
  const Menu = {
    buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
    setApplicationMenu: vi.fn((menu: { template: unknown[] }) => void menus.push(menu)),
  };
  /**
   * safeStorage with a real cipher under a key of this fake "keyring" (AES-256-GCM), so a
   * test that scans the disk for the cache key would see a leak. `backend` and `available`
   * set the scene: 'basic_text' is Linux without a keyring.
   */
  const keyringKey = randomBytes(32);
  const safeStorage = {
    backend: 'gnome_libsecret' as string,
    available: true,
    isEncryptionAvailable: vi.fn(() => safeStorage.available),
    getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
    encryptString: vi.fn((text: string) => {
      if (!safeStorage.available) throw new Error('Encryption is not available.');
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', keyringKey, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, c.getAuthTag(), body]);
    }),
    decryptString: vi.fn((wrapped: Buffer) => {
      if (!safeStorage.available) throw new Error('Decryption is not available.');
      const d = createDecipheriv('aes-256-gcm', keyringKey, wrapped.subarray(3, 15));
      d.setAuthTag(wrapped.subarray(15, 31));
      return Buffer.concat([d.update(wrapped.subarray(31)), d.final()]).toString('utf8');
    }),
  };
  /** ipcMain.handle as Electron has it: one handler per channel. */
  const handlers = new Map<string, (event: { sender: unknown }, arg: unknown) => unknown>();
  const ipcMain = {
    handlers,
    handle: vi.fn((channel: string, handler: (event: { sender: unknown }, arg: unknown) => unknown) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const dialog = { showErrorBox: vi.fn() };
  const exposed: Record<string, unknown> = {};
  const ipcRenderer = new EventEmitter();

  const module = {
    BrowserWindow: FakeWindow,
    MessageChannelMain,
    utilityProcess: { fork: vi.fn((entry: string, _args: string[], options: FakeUtility['options']) => new FakeUtility(entry, options)) },
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => (exposed[key] = api)) },
    ipcRenderer,
    webUtils: { getPathForFile: vi.fn((file: { path?: string }) => file.path ?? '') },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    app: {
      on: vi.fn(),
      // Never ready unless a test says so (index.test.ts resolves it to run main()).
      whenReady: vi.fn(() => new Promise(() => {})),
      requestSingleInstanceLock: vi.fn(() => true),
      enableSandbox: vi.fn(),
      quit: vi.fn(),
      getPath: vi.fn(() => '/tmp/jingbao-fake-userdata'),
      getAppPath: vi.fn(() => '/tmp/jingbao-fake-app'),
      isPackaged: false,
    },
    screen,
    powerSaveBlocker,
    Menu,
    safeStorage,
    ipcMain,
    dialog,
  };
  return { module, windows, children, channels, exposed, ipcRenderer, screen, blockers, menus };
}
