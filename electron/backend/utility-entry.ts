/**
 * Entry of the backend when Electron runs it in a utilityProcess (forked by
 * electron/main). Settings come in the environment; the cache key comes in a 'cache-key'
 * message (never the environment nor the command line: see electron/main/backend-process.ts),
 * and each window's MessagePort in a 'board-port' message from the main process.
 */
import { ROLES, type Role } from '../../shared/auth/roles';
import { createBackend, type Backend } from './backend';

const isRole = (v: string | undefined): v is Role => (ROLES as readonly string[]).includes(v ?? '');
import { serveOnPort, type PortLike } from './transport/port';
import { createLogger } from './log';
import { CacheOpenError } from './store/cache-file';
import { WorkstationConfigError, workstationFromEnv } from './auth/workstation-config';
import { CentralTlsError, centralTlsFromEnv } from './link/central-tls';
import { baseMapFromEnv, CityConfigError } from './city-config';

type ParentPort = {
  on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
  postMessage(message: unknown): void;
};
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('utility-entry must run in an Electron utilityProcess');

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`backend: ${name} is not set`);
  return v;
};

const log = createLogger();
let backend: Backend | null = null;
// Windows may connect before the key has arrived; they are served once the cache is open.
const waiting: PortLike[] = [];

function start(keyBytes: Uint8Array) {
  const cacheKey = Buffer.from(keyBytes);
  const demo = process.env.JINGBAO_DEMO === '1';
  try {
    backend = createBackend({
      workstation: workstationFromEnv(process.env, { demo }),
      ...((tls) => (tls ? { centralTls: tls } : {}))(centralTlsFromEnv(process.env)),
      dbPath: env('JINGBAO_DB'),
      cacheKey,
      centralUrl: env('JINGBAO_CENTRAL_URL'),
      ...(process.env.JINGBAO_CENTRAL_BACKUP_URL ? { backupCentralUrl: process.env.JINGBAO_CENTRAL_BACKUP_URL } : {}),
      baseMapPath: baseMapFromEnv(process.env),
      // JINGBAO_CITY (--city) wins over the city an administrator last switched to in Settings → Cities.
      ...(process.env.JINGBAO_CITY ? { startedWithCity: process.env.JINGBAO_CITY } : {}),
      log,
      ...(process.env.JINGBAO_NATIVE_BINDING ? { nativeBinding: process.env.JINGBAO_NATIVE_BINDING } : {}),
      // Only `npm start` (the embedded demo) sets it: the demo methods, such as cutting the link.
      demo,
      ...(demo && isRole(process.env.JINGBAO_DEMO_LOGIN) ? { demoLogin: process.env.JINGBAO_DEMO_LOGIN } : {}),
    });
  } catch (e) {
    // A wrong key does not get better by restarting: the main process says why and stops.
    if (e instanceof CacheOpenError) {
      log('error', 'cache.open_failed', { code: e.code, message: e.message });
      parentPort!.postMessage({ type: 'fatal', code: e.code, message: e.message });
      return;
    }
    // Nor does a missing or unreadable workstation credential, or TLS trust that cannot be read.
    if (e instanceof WorkstationConfigError || e instanceof CentralTlsError) {
      log('error', 'workstation.config_failed', { message: e.message });
      parentPort!.postMessage({ type: 'fatal', code: e instanceof CentralTlsError ? 'central_tls' : 'workstation_credential', message: e.message });
      return;
    }
    // Nor does a city that is not there (a name mistyped, an import never made).
    if (e instanceof CityConfigError) {
      log('error', 'city.config_failed', { message: e.message });
      parentPort!.postMessage({ type: 'fatal', code: 'city', message: e.message });
      return;
    }
    throw e;
  } finally {
    // The open cache holds what it needs; no copy of the key stays in this heap.
    cacheKey.fill(0);
    keyBytes.fill(0);
  }
  backend.start();
  for (const port of waiting.splice(0)) serveOnPort(backend, port, log);
}

parentPort.on('message', (e) => {
  const data = e.data as { type?: unknown; key?: unknown } | null;
  const port = e.ports[0];
  if (data?.type === 'cache-key' && data.key instanceof Uint8Array && !backend) start(data.key);
  else if (data?.type === 'board-port' && port) {
    if (backend) serveOnPort(backend, port, log);
    else waiting.push(port);
  } else log('warn', 'utility.unknown_message', { type: String(data?.type) });
});

process.on('SIGTERM', () => void (backend?.close() ?? Promise.resolve()).then(() => process.exit(0)));
