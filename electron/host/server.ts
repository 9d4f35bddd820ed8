import { binaryResultBytes, encodeBinaryResult } from '../../shared/board/binary-result';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Backend } from '../backend/backend';
import { BoardError, type CallerContext, type ServerMessage } from '../../shared/board-api';
import { ROLES, type Role } from '../../shared/auth/roles';
import { errorMessage, type Logger } from '../backend/log';
import { STATIC_MIME } from '../../shared/static-mime';
import { createCityUpload } from './city-upload';

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
  /**
   * The wall PC's credential: `/wall?token=…` signs the wall in as a read-only wall viewer
   * (and a cookie derived from it signs it in again after a reload or a restart).
   */
  wallToken: string;
  /**
   * The demo build only: `/auth/demo?role=ROLE&key=KEY` signs that demo account in
   * (`--demo-login ROLE` prints such a link; the browser tests use it), and the sign-in
   * page's demo accounts POST /auth/demo {role} from the same origin. Absent: neither route.
   */
  demoLoginKey?: string;
  /** With demoLoginKey: the demo account the sign-in page signs in by itself (--demo-login ROLE). */
  demoLogin?: Role;
  /** Certificate and key: served over TLS. Required to bind beyond loopback. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Names the board is reached by besides the bound address (checked against Host and Origin). */
  allowedHosts?: readonly string[];
  /** The data folder: an uploaded city (Settings → Cities) waits there for its import. Absent: no uploads. */
  dataDir?: string;
  /** The largest city upload (default MAX_CITY_UPLOAD_BYTES). */
  maxUploadBytes?: number;
  log: Logger;
};

const SESSION_COOKIE = 'jb_session';
const MAX_LOGIN_BODY = 8 * 1024;
const isLoopback = (h: string) => h === '127.0.0.1' || h === '::1' || h === 'localhost' || h.startsWith('127.');

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

async function readSmallJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_LOGIN_BODY) throw new BoardError('bad_request', 'body too large');
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BoardError('bad_request', 'body is not JSON');
  }
}

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
  const bind = opts.host ?? '127.0.0.1';
  if (!isLoopback(bind) && !opts.tls) throw new Error(`binding to ${bind} (beyond loopback) needs TLS: give a certificate and key (--tls-cert, --tls-key)`);
  const scheme = opts.tls ? 'https' : 'http';
  const secure = opts.tls ? '; Secure' : '';

  const wallCookie = wallCookieValue(opts.wallToken);
  /** Host names this board answers to: the bound address, loopback names, and the configured ones (port added at listen). */
  let allowedHosts = new Set<string>();
  const hostOk = (req: IncomingMessage): boolean => allowedHosts.has((req.headers.host ?? '').toLowerCase());
  /** Cross-site requests carry another Origin: the board's sign-in and socket accept only its own. */
  const originOk = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    if (origin === undefined) return true; // not a browser (tools, tests); the session still decides
    try {
      const u = new URL(origin);
      return u.protocol === `${scheme}:` && allowedHosts.has(u.host.toLowerCase());
    } catch {
      return false;
    }
  };
  const peer = (req: IncomingMessage) => `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
  const newCtx = (req: IncomingMessage, sessionId: string | null = null): CallerContext => ({ transport: 'websocket', origin: `http ${peer(req)}`, connection: { sessionId } });
  const setSession = (res: ServerResponse, id: string) => res.setHeader('set-cookie', `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict${secure}`);
  const clearSession = (res: ServerResponse) => res.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(JSON.stringify(body));
  };

  /**
   * Signing in over HTTP: the session lives in an HttpOnly cookie that the board's
   * WebSocket then needs. The same checks and audit as a sign-in over the board API.
   */
  async function serveAuth(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith('/auth/')) return false;
    if (!originOk(req)) {
      backend.auth.refused(`http ${peer(req)}`, `sign-in from a foreign origin ${String(req.headers.origin).slice(0, 100)}`);
      json(res, 403, { code: 'forbidden', message: 'foreign origin' });
      return true;
    }
    const sessionId = cookie(req, SESSION_COOKIE);
    try {
      if (url.pathname === '/auth/session' && req.method === 'GET') {
        // `demo`: the embedded demo, whose sign-in page offers its demo accounts.
        // `demoLogin`: started with --demo-login ROLE, the page signs that account in by itself.
        const demo = opts.demoLoginKey !== undefined;
        json(res, 200, { signedIn: backend.auth.valid(sessionId), demo, ...(demo && opts.demoLogin ? { demoLogin: opts.demoLogin } : {}) });
      } else if (url.pathname === '/auth/login' && req.method === 'POST') {
        const body = (await readSmallJson(req)) as Record<string, unknown>;
        const ctx = newCtx(req);
        const r = await backend.auth.login(ctx, { username: String(body.username ?? '').slice(0, 64), password: String(body.password ?? '').slice(0, 256), code: String(body.code ?? '').slice(0, 32) });
        if (ctx.connection?.sessionId) setSession(res, ctx.connection.sessionId);
        json(res, 200, r);
      } else if (url.pathname === '/auth/enrol' && req.method === 'POST') {
        const body = (await readSmallJson(req)) as Record<string, unknown>;
        const ctx = newCtx(req);
        const r = await backend.auth.enrol(ctx, { token: String(body.token ?? '').slice(0, 200), code: String(body.code ?? '').slice(0, 6) });
        if (ctx.connection?.sessionId) setSession(res, ctx.connection.sessionId);
        json(res, 200, r);
      } else if (url.pathname === '/auth/logout' && req.method === 'POST') {
        backend.auth.logout(newCtx(req, sessionId));
        clearSession(res);
        json(res, 200, {});
      } else if (url.pathname === '/auth/demo' && req.method === 'POST' && opts.demoLoginKey) {
        // The demo's sign-in page, one click per demo account (same origin only: checked above).
        const body = (await readSmallJson(req)) as Record<string, unknown>;
        const role = String(body.role ?? '') as Role;
        if (!ROLES.includes(role)) {
          json(res, 400, { code: 'bad_request', message: 'no such role' });
          return true;
        }
        const ctx = newCtx(req);
        const session = backend.auth.demoLogin(ctx, role);
        setSession(res, ctx.connection!.sessionId!);
        json(res, 200, { session });
      } else if (url.pathname === '/auth/demo' && req.method === 'GET' && opts.demoLoginKey) {
        const role = url.searchParams.get('role') as Role;
        if (!tokenMatches(url.searchParams.get('key'), opts.demoLoginKey) || !ROLES.includes(role)) {
          backend.auth.refused(`http ${peer(req)}`, 'demo sign-in with a wrong key or role');
          json(res, 403, { code: 'forbidden', message: 'wrong demo key or role' });
          return true;
        }
        const ctx = newCtx(req);
        backend.auth.demoLogin(ctx, role);
        setSession(res, ctx.connection!.sessionId!);
        res.writeHead(302, { location: role === 'wall' ? '/wall' : '/', 'cache-control': 'no-store' });
        res.end();
      } else {
        json(res, 404, { code: 'not_found', message: `no route ${url.pathname}` });
      }
    } catch (e) {
      if (e instanceof BoardError) json(res, e.code === 'rate_limited' ? 429 : e.code === 'bad_request' ? 400 : 401, e.toJSON());
      else throw e;
    }
    return true;
  }

  /**
   * The wall page needs the token (the board's data is behind it anyway, on the WebSocket;
   * this gives a wall PC set up without it a plain answer instead of a dead map). The page
   * takes the token out of its address bar, so a reload (F5, a browser restoring the tab)
   * is admitted by a session cookie set on the first visit.
   */
  function admitWall(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    // A console signed in (or the demo's wall account) opens the wall as itself.
    if (backend.auth.valid(cookie(req, SESSION_COOKIE))) return true;
    const byToken = tokenMatches(url.searchParams.get('token'), opts.wallToken);
    if (byToken || tokenMatches(cookie(req, WALL_COOKIE), wallCookie)) {
      // The wall's own read-only session, and the cookie that signs it in again after a reload.
      const ctx = newCtx(req);
      backend.auth.wallLogin(ctx);
      res.setHeader('set-cookie', [
        `${WALL_COOKIE}=${wallCookie}; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000${secure}`,
        `${SESSION_COOKIE}=${ctx.connection!.sessionId!}; Path=/; HttpOnly; SameSite=Strict${secure}`,
      ]);
      return true;
    }
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
    if (!hostOk(req)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('misdirected: unknown Host');
      return;
    }
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

  const cityUpload = opts.dataDir ? createCityUpload({ backend, dataDir: opts.dataDir, ...(opts.maxUploadBytes ? { maxBytes: opts.maxUploadBytes } : {}) }) : null;
  /**
   * POST /cities/upload?name=FILE: an administrator's `.osm.pbf`, streamed to the data folder
   * and imported (city-upload.ts). The same guards as the board's socket: a known Host, the
   * board's own Origin, a session cookie, and the role's permission.
   */
  async function serveCityUpload(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method !== 'POST' || !cityUpload) return json(res, 404, { code: 'not_found', message: 'no uploads here' });
    if (!hostOk(req) || !originOk(req)) {
      backend.auth.refused(`http ${peer(req)}`, 'a city upload from a foreign origin or host');
      return json(res, 403, { code: 'forbidden', message: 'foreign origin' });
    }
    const sessionId = cookie(req, SESSION_COOKIE);
    try {
      const answer = await cityUpload.upload(req, newCtx(req, sessionId), (url.searchParams.get('name') ?? 'city.osm.pbf').slice(0, 200));
      // A refused upload is not read: the connection closes rather than take the rest of it.
      if (answer.status !== 200) res.setHeader('connection', 'close');
      json(res, answer.status, answer.body);
    } catch (e) {
      if (!(e instanceof BoardError)) throw e;
      res.setHeader('connection', 'close');
      json(res, e.code === 'forbidden' ? 403 : 401, e.toJSON());
    }
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://host');
    (async () => {
      if (url.pathname === '/cities/upload') {
        await serveCityUpload(req, res, url);
        return;
      }
      if (url.pathname.startsWith('/auth/')) {
        if (!hostOk(req)) {
          res.writeHead(421).end();
          return;
        }
        await serveAuth(req, res, url);
        return;
      }
      await serveStatic(req, res);
    })().catch((e) => {
      log('error', 'host.request_failed', { message: errorMessage(e) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  const server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : createHttpServer(handler);

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const origin = `socket ${peer(req)}`;
    const refuse = (status: string, why: string) => {
      log('warn', 'host.ws_refused', { path: url.pathname, why });
      backend.auth.refused(origin, why);
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/board') return refuse('404 Not Found', `no socket at ${url.pathname.slice(0, 64)}`);
    if (!hostOk(req) || !originOk(req)) return refuse('403 Forbidden', `foreign origin or host (${String(req.headers.origin ?? '').slice(0, 100)} / ${String(req.headers.host ?? '').slice(0, 100)})`);
    let sessionId = cookie(req, SESSION_COOKIE);
    if (!backend.auth.valid(sessionId)) {
      // A wall reloaded after its session ended: its own cookie signs it in again.
      if (!tokenMatches(cookie(req, WALL_COOKIE), wallCookie)) return refuse('401 Unauthorized', sessionId ? 'a session that is forged or expired' : 'no session');
      const ctx = newCtx(req);
      backend.auth.wallLogin(ctx);
      sessionId = ctx.connection!.sessionId;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, { transport: 'websocket', origin, connection: { sessionId } }));
  });

  /** A successful answer with bytes (a tile) as its own binary frame; null for one that goes as JSON. */
  function binaryReply(reply: ServerMessage): ArrayBuffer | null {
    if (reply.kind !== 'result' || !reply.ok) return null;
    const bytes = binaryResultBytes(reply.value);
    return bytes ? encodeBinaryResult(reply.id, bytes) : null;
  }

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
        if (ws.readyState !== ws.OPEN) return;
        // Bytes (a base-map tile) go as a binary frame of their own, never base64 in JSON.
        const frame = binaryReply(reply);
        ws.send(frame ?? JSON.stringify(reply), { binary: frame !== null });
      });
    });
    ws.on('close', unsubscribe);
    ws.on('error', (e) => {
      log('debug', 'host.ws_error', { message: e.message });
      // An oversized message closes the socket (1009): recorded, nothing of it was read.
      if ((e as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') backend.auth.refused(caller.origin, 'a message over the size limit');
    });
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const failed = (e: Error) => reject(e);
      server.once('error', failed);
      server.listen(port, bind, () => {
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
  const hostPart = `${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  const url = `${scheme}://${hostPart}`;
  allowedHosts = new Set([hostPart, `localhost:${addr.port}`, `127.0.0.1:${addr.port}`, `[::1]:${addr.port}`, ...(opts.allowedHosts ?? []).map((h) => `${h.toLowerCase()}:${addr.port}`)]);
  log('info', 'host.listening', { url });

  return {
    url,
    /** People sign in at the board: its address carries no key. */
    boardUrl: `${url}/`,
    wallUrl: `${url}/wall?token=${encodeURIComponent(opts.wallToken)}`,
    port: addr.port,
    /** The demo's sign-in link for a role (demo builds only). */
    demoLoginUrl: (role: Role): string | null => (opts.demoLoginKey ? `${url}/auth/demo?role=${role}&key=${encodeURIComponent(opts.demoLoginKey)}` : null),
    async close() {
      cityUpload?.close();
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
export type Host = Awaited<ReturnType<typeof startHost>>;
