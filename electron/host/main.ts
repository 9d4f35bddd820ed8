/**
 * Browser host CLI: the backend in-process plus the built renderer over HTTP and the
 * board API over WebSocket. `npm start` uses it where the Electron binary is missing;
 * a wall screen driven by a plain browser uses it too.
 *
 *   tsx electron/host/main.ts --central http://127.0.0.1:8787 [--central-backup URL] [--port 5180] [--host 127.0.0.1]
 *                             [--data-dir .jingbao] [--renderer out/renderer] [--demo [--demo-login ROLE]]
 *                             [--tls-cert FILE --tls-key FILE] [--allowed-host NAME ...] [--city NAME|DIR]
 *
 * --city: the base map and roads of an imported city (by name, in $JINGBAO_CITIES_DIR or
 * .jingbao/cities) or of a built city folder, instead of the demo's; its central must run the
 * same city (central/main.ts --city). Without --city the board starts on the city an
 * administrator last switched to in Settings → Cities (kept in the cache), else the demo's;
 * with it, --city wins.
 *
 * People sign in at the board (user name, password, TOTP code). The wall PC signs in by
 * its token (/wall?token=…, kept in the data folder). The workstation's own credential for the central comes from
 * JINGBAO_WORKSTATION_ID and JINGBAO_WORKSTATION_SECRET_FILE (a 0600 file).
 *
 * --demo is the embedded demo only, never a board that faces real officers: the demo
 * methods (the link-cut control), the demo workstation credential, and with --demo-login
 * ROLE the sign-in page signs that demo account in by itself (and a link that does is printed).
 *
 * The wall's address stays the same from one start to the next (wall-address.ts): the port
 * used last time (5180 the first time, unless --port says otherwise) and the wall token kept
 * in the data folder (the wall PC's credential: it signs the wall in read-only).
 *
 * The cache is encrypted: its key comes from JINGBAO_CACHE_KEY (64 hex digits) or
 * JINGBAO_CACHE_KEY_FILE (a file only its owner can read). With --demo and neither set, the
 * demo makes its own key file (0600) in the data folder on first start.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { defaultCitiesDir, resolveCityDir } from '../../city/city-store';
import { parseArgs } from 'node:util';
import { createBackend, defaultPaths, type Backend } from '../backend/backend';
import { cacheKeyFromConfig, demoCacheKey, isCacheKeyConfigured } from '../backend/store/cache-key';
import { CacheOpenError } from '../backend/store/cache-file';
import { createLogger } from '../backend/log';
import { ROLES, type Role } from '../../shared/auth/roles';
import type { WorkstationCredential } from '../../shared/auth/workstation';
import { WorkstationConfigError, workstationFromEnv } from '../backend/auth/workstation-config';
import { CentralTlsError, centralTlsFromEnv, type CentralTls } from '../backend/link/central-tls';
import { startHostAtKeptAddress } from './wall-address';

const { values } = parseArgs({
  options: {
    central: { type: 'string', default: process.env.JINGBAO_CENTRAL_URL ?? 'http://127.0.0.1:8787' },
    'central-backup': { type: 'string', default: process.env.JINGBAO_CENTRAL_BACKUP_URL },
    port: { type: 'string', default: process.env.JINGBAO_HOST_PORT },
    host: { type: 'string', default: process.env.JINGBAO_HOST_BIND ?? '127.0.0.1' },
    'data-dir': { type: 'string', default: '.jingbao' },
    renderer: { type: 'string', default: 'out/renderer' },
    resources: { type: 'string', default: 'resources' },
    demo: { type: 'boolean', default: false },
    'demo-login': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'allowed-host': { type: 'string', multiple: true, default: [] },
    city: { type: 'string' },
  },
});

/** The workstation's credential for the central: configured, or the demo's in the demo only. */
function workstationCredential(): WorkstationCredential {
  try {
    return workstationFromEnv(process.env, { demo: values.demo === true });
  } catch (e) {
    if (!(e instanceof WorkstationConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}
/** Trust for an https central (JINGBAO_CENTRAL_CA_FILE, JINGBAO_CENTRAL_PIN). */
function centralTls(): CentralTls | undefined {
  try {
    return centralTlsFromEnv(process.env);
  } catch (e) {
    if (!(e instanceof CentralTlsError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}
const demoLogin = values['demo-login'] as Role | undefined;
if (demoLogin !== undefined && (!values.demo || !ROLES.includes(demoLogin))) {
  console.error(`--demo-login ${demoLogin}: needs --demo and one of ${ROLES.join(', ')}`);
  process.exit(2);
}
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
  console.error(`--port: '${values.port}' is not a port number`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir']);
mkdirSync(dataDir, { recursive: true });
const log = createLogger();
const paths = defaultPaths(dataDir, resolve(values.resources));
if (values.city !== undefined) {
  try {
    paths.baseMapPath = join(resolveCityDir(values.city, defaultCitiesDir()), 'basemap.mbtiles');
  } catch (e) {
    console.error(`--city: ${(e as Error).message}`);
    process.exit(2);
  }
}
const backup = values['central-backup'];
let backend: Backend;
try {
  const cacheKey = values.demo && !isCacheKeyConfigured(process.env) ? demoCacheKey(dataDir) : cacheKeyFromConfig(process.env);
  backend = createBackend({
    ...paths,
    cacheKey,
    centralUrl: values.central,
    ...(backup ? { backupCentralUrl: backup } : {}),
    log,
    demo: values.demo === true,
    workstation: workstationCredential(),
    citiesDir: defaultCitiesDir(),
    // Named at start, it wins over the city an administrator last switched to (Settings → Cities).
    ...(values.city !== undefined ? { startedWithCity: values.city } : {}),
    ...((tlsTrust) => (tlsTrust ? { centralTls: tlsTrust } : {}))(centralTls()),
  });
} catch (e) {
  if (!(e instanceof CacheOpenError)) throw e;
  console.error(`the local cache cannot be opened (${e.code}): ${e.message}`);
  process.exit(2);
}
backend.start();
const tls = values['tls-cert'] && values['tls-key'] ? { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } : undefined;
const host = await startHostAtKeptAddress({
  backend,
  rendererDir: resolve(values.renderer),
  host: values.host,
  ...(port === undefined ? {} : { port }),
  dataDir,
  ...(values.demo ? { demoLoginKey: randomBytes(16).toString('hex') } : {}),
  ...(demoLogin ? { demoLogin } : {}),
  ...(tls ? { tls } : {}),
  allowedHosts: values['allowed-host'],
  log,
});
console.log(`\n  警保指挥台 board: ${host.boardUrl}\n  大屏 wall:        ${host.wallUrl}\n`);
if (demoLogin) {
  // The demo account signs in once the board has its users from the central (first start: a few seconds).
  console.log(`  演示登录 demo sign-in (${demoLogin}): ${host.demoLoginUrl(demoLogin)}   [demo]\n`);
}

const stop = async () => {
  await host.close();
  await backend.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
