import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';
import { BOARD_CSP_HEADER } from '../../shared/content-security-policy';
import { STATIC_MIME } from '../../shared/static-mime';

/**
 * The built renderer is served from app://board/ rather than file://: a standard,
 * secure scheme gives the page a real origin, which maplibre's module worker and
 * fetch need, and keeps navigation checks simple (anything not app://board/ is denied).
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://board`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

/**
 * Every answer carries the CSP as a header (the page's meta tag cannot say
 * `frame-ancestors`), also errors and scripts: a worker started from a script takes
 * that script's header as its policy.
 */
function answer(body: ConstructorParameters<typeof Response>[0], init: { status?: number; type?: string } = {}): Response {
  return new Response(body, {
    status: init.status ?? 200,
    headers: {
      'content-type': init.type ?? 'text/plain; charset=utf-8',
      'content-security-policy': BOARD_CSP_HEADER,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** Answers app://board/<path> from the renderer folder; client routes (/, /wall) get index.html. */
export function createAppHandler(rendererDir: string): (req: Request) => Promise<Response> {
  const root = normalize(rendererDir);
  return async (req) => {
    const url = new URL(req.url);
    if (url.host !== 'board') return answer('not found', { status: 404 });
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return answer('bad path', { status: 400 });
    }
    let file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return answer('forbidden', { status: 403 });
    const st = await stat(file).catch(() => null);
    if (!st || st.isDirectory()) file = join(root, 'index.html');
    try {
      const body = await readFile(file);
      return answer(body, { type: STATIC_MIME[extname(file)] ?? 'application/octet-stream' });
    } catch {
      return answer('not found', { status: 404 });
    }
  };
}

export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppHandler(rendererDir));
}
