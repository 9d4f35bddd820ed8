import { APP_ORIGIN } from './app-protocol';

/** Where the windows load the board from, and which URLs are the board's own. */
export type BoardPages = {
  console: string;
  wall: string;
  /**
   * A URL of the board's own pages (same scheme, host and port as the page it loads):
   * navigation stays there, and only such a page is handed the board port.
   */
  isAppUrl(url: string): boolean;
};

/** `scheme://host[:port]` of a URL, or null for anything that does not parse. */
function originKey(url: string): string | null {
  try {
    const u = new URL(url);
    // 'app://board' is not a special scheme to WHATWG URL, so its .origin is 'null': build the key by hand.
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

export function sameOriginAs(base: string): (url: string) => boolean {
  const key = originKey(base);
  if (key === null) throw new Error(`not an absolute URL with a host: ${base}`);
  return (url) => originKey(url) === key;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The board's pages: app://board/ (the built renderer, app-protocol.ts), or in development
 * electron-vite's dev server named by ELECTRON_RENDERER_URL. A packaged app never takes its
 * pages from the environment: whoever could set a variable on a workstation would otherwise
 * get the board port, and the officer's session, on a page of their own. Even in
 * development only a loopback http(s) server is taken.
 */
export function boardPages(opts: { packaged: boolean; env: NodeJS.ProcessEnv; log?: (message: string) => void }): BoardPages {
  const log = opts.log ?? ((m: string) => console.log(m));
  const asked = opts.env.ELECTRON_RENDERER_URL;
  let dev: URL | null = null;
  if (asked && opts.packaged) {
    log('ELECTRON_RENDERER_URL ignored: a packaged app loads only its own pages (app://board/)');
  } else if (asked) {
    const u = URL.canParse(asked) ? new URL(asked) : null;
    if (u && (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTS.has(u.hostname)) dev = u;
    else log(`ELECTRON_RENDERER_URL ignored: ${asked} is not a dev server on this machine (http://localhost:…)`);
  }
  if (dev) return { console: dev.href, wall: new URL('/wall', dev).href, isAppUrl: sameOriginAs(dev.href) };
  return { console: `${APP_ORIGIN}/index.html`, wall: `${APP_ORIGIN}/wall`, isAppUrl: sameOriginAs(`${APP_ORIGIN}/`) };
}
