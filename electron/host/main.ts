/**
 * Browser host CLI: the backend in-process plus the built renderer over HTTP and the
 * board API over WebSocket. `npm start` uses it where the Electron binary is missing;
 * a wall screen driven by a plain browser uses it too.
 *
 *   tsx electron/host/main.ts --central http://127.0.0.1:8787 [--central-backup URL] [--port 5180] [--host 127.0.0.1]
 *                             [--token T] [--data-dir .jingbao] [--renderer out/renderer] [--demo]
 *
 * --demo serves the demo methods (the link-cut control): the embedded demo only, never a
 * board that faces real officers.
 *
 * The cache is encrypted: its key comes from JINGBAO_CACHE_KEY (64 hex digits) or
 * JINGBAO_CACHE_KEY_FILE (a file only its owner can read). With --demo and neither set, the
 * demo makes its own key file (0600) in the data folder on first start.
 */
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend, defaultPaths, type Backend } from '../backend/backend';
import { cacheKeyFromConfig, demoCacheKey, isCacheKeyConfigured } from '../backend/store/cache-key';
import { CacheOpenError } from '../backend/store/cache-file';
import { createLogger } from '../backend/log';
import { startHost } from './server';

const { values } = parseArgs({
  options: {
    central: { type: 'string', default: process.env.JINGBAO_CENTRAL_URL ?? 'http://127.0.0.1:8787' },
    'central-backup': { type: 'string', default: process.env.JINGBAO_CENTRAL_BACKUP_URL },
    port: { type: 'string', default: process.env.JINGBAO_HOST_PORT ?? '5180' },
    host: { type: 'string', default: process.env.JINGBAO_HOST_BIND ?? '127.0.0.1' },
    token: { type: 'string', default: process.env.JINGBAO_HOST_TOKEN },
    'data-dir': { type: 'string', default: '.jingbao' },
    renderer: { type: 'string', default: 'out/renderer' },
    resources: { type: 'string', default: 'resources' },
    demo: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: '${values.port}' is not a port number`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir']);
mkdirSync(dataDir, { recursive: true });
const log = createLogger();
const paths = defaultPaths(dataDir, resolve(values.resources));
const backup = values['central-backup'];
let backend: Backend;
try {
  const cacheKey = values.demo && !isCacheKeyConfigured(process.env) ? demoCacheKey(dataDir) : cacheKeyFromConfig(process.env);
  backend = createBackend({ ...paths, cacheKey, centralUrl: values.central, ...(backup ? { backupCentralUrl: backup } : {}), log, demo: values.demo === true });
} catch (e) {
  if (!(e instanceof CacheOpenError)) throw e;
  console.error(`the local cache cannot be opened (${e.code}): ${e.message}`);
  process.exit(2);
}
backend.start();
const token = values.token ?? randomBytes(16).toString('hex');
const host = await startHost({ backend, rendererDir: resolve(values.renderer), host: values.host, port, token, log });
console.log(`\n  警保指挥台 board: ${host.boardUrl}\n  大屏 wall:        ${host.wallUrl}\n`);

const stop = async () => {
  await host.close();
  await backend.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
