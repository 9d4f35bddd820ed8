import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Backend } from '../backend/backend';
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
  /** Required on the board WebSocket (`/board?token=`). */
  token: string;
  log: Logger;
};

function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The browser host: serves the built renderer and the board API over WebSocket, so
 * the board runs in any browser (tests, machines without the Electron binary, a
 * wall screen driven by its own PC).
 */
export async function startHost(opts: HostOptions) {
  const { backend, log } = opts;
  const root = normalize(opts.rendererDir);

  async function serveStatic(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://host');
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
    if (url.pathname !== '/board' || !tokenMatches(url.searchParams.get('token'), opts.token)) {
      log('warn', 'host.ws_refused', { path: url.pathname });
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket) {
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
      void backend.handle(msg).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
      });
    });
    ws.on('close', unsubscribe);
    ws.on('error', (e) => log('debug', 'host.ws_error', { message: e.message }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  log('info', 'host.listening', { url });

  return {
    url,
    boardUrl: `${url}/?token=${encodeURIComponent(opts.token)}`,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
export type Host = Awaited<ReturnType<typeof startHost>>;
