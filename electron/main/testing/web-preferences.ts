/**
 * The web preferences every board window must have, written out apart from window.ts so
 * that a change there shows up as a failing test on each window (console and wall).
 */
export function expectedWebPreferences(preload: string, opts: { developer: boolean; backgroundThrottling?: boolean }) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    disableBlinkFeatures: 'Auxclick',
    devTools: opts.developer,
    spellcheck: false,
    backgroundThrottling: opts.backgroundThrottling ?? true,
  };
}

/** Menu items, all the way down, as Menu.buildFromTemplate received them. */
export function menuItems(template: unknown[]): { role?: string; id?: string; label?: string; click?: () => void }[] {
  return template.flatMap((raw) => {
    const item = raw as { submenu?: unknown[] };
    return [item as never, ...(Array.isArray(item.submenu) ? menuItems(item.submenu) : [])];
  });
}

/** Roles that reload the page or open DevTools; the default View menu (role viewMenu) has them all. */
export const DEVELOPER_ROLES = ['reload', 'forceReload', 'toggleDevTools', 'viewMenu'];
