/**
 * Browser host CLI: the backend in-process plus the built renderer over HTTP and the
 * board API over WebSocket. `npm start` uses it where the Electron binary is missing;
 * a wall screen driven by a plain browser uses it too.
 *
 *   tsx electron/host/main.ts --central http://127.0.0.1:8787 [--central-backup URL] [--port 5180] [--host 127.0.0.1]
 *                             [--token T] [--data-dir .jingbao] [--renderer out/renderer] [--demo]
 *
 * The wall's address stays the same from one start to the next (wall-address.ts): the port
 * used last time (5180 the first time, unless --port says otherwise) and a wall token kept
 * in the data folder. The console's token (--token, else random) is new at every start.
 *
 * --demo serves the demo methods (the link-cut control): the embedded demo only, never a
 * board that faces real officers.
 */
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend, defaultPaths } from '../backend/backend';
import { createLogger } from '../backend/log';
import { startHostAtKeptAddress } from './wall-address';

const { values } = parseArgs({
  options: {
    central: { type: 'string', default: process.env.JINGBAO_CENTRAL_URL ?? 'http://127.0.0.1:8787' },
    'central-backup': { type: 'string', default: process.env.JINGBAO_CENTRAL_BACKUP_URL },
    port: { type: 'string', default: process.env.JINGBAO_HOST_PORT },
    host: { type: 'string', default: process.env.JINGBAO_HOST_BIND ?? '127.0.0.1' },
    token: { type: 'string', default: process.env.JINGBAO_HOST_TOKEN },
    'data-dir': { type: 'string', default: '.jingbao' },
    renderer: { type: 'string', default: 'out/renderer' },
    resources: { type: 'string', default: 'resources' },
    demo: { type: 'boolean', default: false },
  },
});

const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
  console.error(`--port: '${values.port}' is not a port number`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir']);
mkdirSync(dataDir, { recursive: true });
const log = createLogger();
const paths = defaultPaths(dataDir, resolve(values.resources));
const backup = values['central-backup'];
const backend = createBackend({ ...paths, centralUrl: values.central, ...(backup ? { backupCentralUrl: backup } : {}), log, demo: values.demo === true });
backend.start();
const token = values.token ?? randomBytes(16).toString('hex');
const host = await startHostAtKeptAddress({ backend, rendererDir: resolve(values.renderer), host: values.host, ...(port === undefined ? {} : { port }), token, dataDir, log });
console.log(`\n  警保指挥台 board: ${host.boardUrl}\n  大屏 wall:        ${host.wallUrl}\n`);

const stop = async () => {
  await host.close();
  await backend.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
