/**
 * Entry of the backend when Electron runs it in a utilityProcess (forked by
 * electron/main). Settings come in the environment; each window's MessagePort
 * comes in a 'board-port' message from the main process.
 */
import { createBackend } from './backend';
import { serveOnPort, type PortLike } from './transport/port';
import { createLogger } from './log';

type ParentPort = { on(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void };
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('utility-entry must run in an Electron utilityProcess');

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`backend: ${name} is not set`);
  return v;
};

const log = createLogger();
const backend = createBackend({
  dbPath: env('JINGBAO_DB'),
  centralUrl: env('JINGBAO_CENTRAL_URL'),
  ...(process.env.JINGBAO_CENTRAL_BACKUP_URL ? { backupCentralUrl: process.env.JINGBAO_CENTRAL_BACKUP_URL } : {}),
  baseMapPath: env('JINGBAO_BASEMAP'),
  log,
  ...(process.env.JINGBAO_NATIVE_BINDING ? { nativeBinding: process.env.JINGBAO_NATIVE_BINDING } : {}),
  // Only `npm start` (the embedded demo) sets it: the demo methods, such as cutting the link.
  demo: process.env.JINGBAO_DEMO === '1',
});
backend.start();

parentPort.on('message', (e) => {
  const data = e.data as { type?: unknown } | null;
  const port = e.ports[0];
  if (data?.type === 'board-port' && port) serveOnPort(backend, port, log);
  else log('warn', 'utility.unknown_message', { type: String(data?.type) });
});

process.on('SIGTERM', () => void backend.close().then(() => process.exit(0)));
