import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Backend } from '../backend/backend';
import type { CallerContext } from '../../shared/board-api';
import { errorMessage, type Logger } from '../backend/log';
import { STATIC_MIME } from '../../shared/static-mime';

/** Don't queue position frames for a client that can't keep up; it gets the next one. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export type HostOptions = {
  backend: Backend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Loopback unless configured otherwise: the board's data is not for the LAN by default. */
  host?: string;
  port?: number;
  /** The port is only a preference: when it is taken, listen on one the system gives. */
  portFallback?: boolean;
  /** Required on the board WebSocket (`/board?token=`). */
  token: string;
  /**
   * The wall's own token (host-state.ts: random per installation, kept in the data folder so a
   * wall PC's address survives restarts). It opens /wall and a board socket that only reads.
   * Without one, the wall uses the board's token.
   */
  wallToken?: string;
  log: Logger;
};

function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The wall route (a wall screen driven by its own PC opens `/wall?token=…`). */
export function isWallRoute(pathname: string): boolean {
  return pathname === '/wall' || pathname === '/wall/';
}

const WALL_COOKIE = 'jb_wall';

/**
 * What the wall's cookie holds: derived from the token, not the token itself, so the
 * cookie jar of a wall PC does not give away the board API's key.
 */
export function wallCookieValue(token: string): string {
  return createHmac('sha256', token).update('jingbao wall page').digest('base64url');
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

const WALL_REFUSED_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>需要访问令牌 · Token required</title>
<style>body{margin:0;height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;background:#05090f;color:#f5f8fc;font:28px/1.5 "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif}p{color:#c2cde0;font-size:22px}</style>
</head><body><h1>大屏需要访问令牌</h1><p>请打开本机设置中给出的完整地址：/wall?token=…</p><p lang="en">The wall display needs its access token: open /wall?token=… as given in the settings.</p></body></html>
`;

/**
 * The browser host: serves the built renderer and the board API over WebSocket, so
 * the board runs in any browser (tests, machines without the Electron binary, a
 * wall screen driven by its own PC).
 */
export async function startHost(opts: HostOptions) {
  const { backend, log } = opts;
  const root = normalize(opts.rendererDir);

  /** The tokens that open the wall page, each with the cookie it leaves. */
  const wallTokens = [opts.token, ...(opts.wallToken ? [opts.wallToken] : [])].map((token) => ({ token, cookie: wallCookieValue(token) }));

  /**
   * The wall page needs a token (the board's data is behind it anyway, on the WebSocket;
   * this gives a wall PC set up without it a plain answer instead of a dead map). The page
   * takes the token out of its address bar, so a reload (F5, a browser restoring the tab)
   * is admitted by a session cookie set on the first visit.
   */
  function admitWall(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const given = url.searchParams.get('token');
    const byToken = wallTokens.find((w) => tokenMatches(given, w.token));
    if (byToken) {
      res.setHeader('set-cookie', `${WALL_COOKIE}=${byToken.cookie}; Path=/wall; HttpOnly; SameSite=Strict`);
      return true;
    }
    const jar = cookie(req, WALL_COOKIE);
    if (wallTokens.some((w) => tokenMatches(jar, w.cookie))) return true;
    log('warn', 'host.wall_refused', { withToken: url.searchParams.has('token') });
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : WALL_REFUSED_PAGE);
    return false;
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://host');
    if (isWallRoute(url.pathname) && !admitWall(req, res, url)) return;
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    let file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    const st = await stat(file).catch(() => null);
    // Client-side routes (/, /wall) get the app's index.html.
    if (!st || st.isDirectory()) file = join(root, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': STATIC_MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not built: run 'npm run build' (${rel})`);
    }
  }

  const server = createServer((req, res) => {
    serveStatic(req, res).catch((e) => {
      log('error', 'host.static_failed', { message: errorMessage(e) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const given = url.searchParams.get('token');
    const board = tokenMatches(given, opts.token);
    const wall = !board && opts.wallToken !== undefined && tokenMatches(given, opts.wallToken);
    if (url.pathname !== '/board' || (!board && !wall)) {
      log('warn', 'host.ws_refused', { path: url.pathname });
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    const origin = `${wall ? 'wall ' : ''}socket ${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    // The wall's token only reads (backend/board/dispatcher.ts allowServed). The logins will
    // give the wall a credential of its own; until then this token is it.
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, { transport: 'websocket', origin, ...(wall ? { credential: 'wall' as const } : {}) }));
  });

  /** One board socket: its calls carry it as their caller. */
  function serveSocket(ws: WebSocket, caller: CallerContext) {
    const unsubscribe = backend.subscribe((out) => {
      if (ws.readyState !== ws.OPEN) return;
      if (out instanceof ArrayBuffer) {
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
        ws.send(out, { binary: true });
      } else {
        ws.send(JSON.stringify(out));
      }
    });
    ws.on('message', (data, isBinary) => {
      let msg: unknown = null;
      if (!isBinary) {
        try {
          msg = JSON.parse(data.toString());
        } catch {
          msg = null;
        }
      }
      // The dispatcher turns anything malformed into a bad_request result.
      void backend.handle(msg, caller).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
      });
    });
    ws.on('close', unsubscribe);
    ws.on('error', (e) => log('debug', 'host.ws_error', { message: e.message }));
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const failed = (e: Error) => reject(e);
      server.once('error', failed);
      server.listen(port, opts.host ?? '127.0.0.1', () => {
        server.off('error', failed);
        resolve();
      });
    });
  try {
    await listen(opts.port ?? 0);
  } catch (e) {
    if (!opts.portFallback || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !opts.port) throw e;
    log('warn', 'host.port_taken', { port: opts.port });
    await listen(0);
  }
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  log('info', 'host.listening', { url });

  return {
    url,
    boardUrl: `${url}/?token=${encodeURIComponent(opts.token)}`,
    wallUrl: `${url}/wall?token=${encodeURIComponent(opts.wallToken ?? opts.token)}`,
    port: addr.port,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
export type Host = Awaited<ReturnType<typeof startHost>>;
