// `npm start`: build what changed, start the central reference server with the demo
// city on loopback, then open the Electron app. Where the Electron binary is missing
// and cannot be installed (or its native module cannot be built), serve the same board
// through the browser host and say why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';
import { ensureElectronNative } from './electron-native.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const dataDir = join(root, '.jingbao');
const centralPort = Number(process.env.JINGBAO_CENTRAL_PORT ?? 8787);
// `npm start -- --demo-login ROLE`: that demo account signs in by itself (unattended demos, screenshots).
const ROLES = ['duty', 'supervisor', 'wall', 'admin', 'auditor'];
const demoLoginAt = process.argv.indexOf('--demo-login');
const demoLogin = demoLoginAt >= 0 ? process.argv[demoLoginAt + 1] : undefined;
if (demoLoginAt >= 0 && !ROLES.includes(demoLogin)) {
  console.error(`--demo-login needs one of ${ROLES.join(', ')}`);
  process.exit(2);
}
// `npm start -- --city NAME`: an imported city (npm run city -- import FILE.osm.pbf --sites FILE)
// instead of the demo's Göteborg, with a data folder of its own (its central database, its cache).
const cityAt = process.argv.indexOf('--city');
const cityName = cityAt >= 0 ? process.argv[cityAt + 1] : undefined;
if (cityAt >= 0 && !/^[\p{L}\p{N}_-]{1,64}$/u.test(cityName ?? '')) {
  console.error('--city needs the name of an imported city (npm run city -- list)');
  process.exit(2);
}
const runDir = cityName ? join(dataDir, `city-${cityName}`) : dataDir;
const children = [];

const step = (msg) => console.log(`\x1b[36m▸\x1b[0m ${msg}`);
const tsx = (args, opts = {}) => spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: 'inherit', ...opts });

function stopAll(code = 0) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

async function waitHealthy(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Path of the Electron binary, installing it (electron's own install.js honours ELECTRON_MIRROR) if missing. */
function electronBinary() {
  const find = () => {
    try {
      const p = require('electron');
      return typeof p === 'string' && existsSync(p) ? p : null;
    } catch {
      return null;
    }
  };
  let bin = find();
  if (bin) return { bin };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { why: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  step('Electron binary missing: running electron/install.js (set ELECTRON_MIRROR for an intranet mirror) …');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { cwd: join(root, 'node_modules/electron'), stdio: 'inherit', timeout: 180_000 });
  bin = find();
  if (bin) return { bin };
  return { why: `electron/install.js could not fetch the binary (exit ${r.status ?? 'timeout'})` };
}

/** The base map of the imported city's version in use: city-store.ts's defaultCitiesDir and currentVersionDir, in plain JS (this script runs before tsx). */
function cityBaseMap(name) {
  const cities = process.env.JINGBAO_CITIES_DIR ?? join(dataDir, 'cities');
  const version = readFileSync(join(cities, name, 'current'), 'utf8').trim();
  return join(cities, name, version, 'basemap.mbtiles');
}

async function main() {
  mkdirSync(runDir, { recursive: true });
  step('Building (skipped when nothing changed) …');
  buildIfStale();
  const city = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-demo-city.ts', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (city.status !== 0) throw new Error('building the demo city failed');

  const centralUrl = `http://127.0.0.1:${centralPort}`;
  if (await waitHealthy(centralUrl, 300)) {
    // Which city it runs cannot be asked: with --city, a central already there is most likely the demo's.
    if (cityName) throw new Error(`a central already runs at ${centralUrl}: stop it, or set JINGBAO_CENTRAL_PORT, to start one on ${cityName}`);
    step(`Central reference server already running at ${centralUrl}: using it`);
  } else {
    step(`Starting the central reference server (${cityName ?? 'demo city'}) at ${centralUrl} …`);
    // The readiness ledger at the division's real scale (90,000 assets and a year of their
    // events): seeding it takes about half a minute on the first start of a new database.
    children.push(tsx(['central/main.ts', '--port', String(centralPort), '--db', join(runDir, 'central.sqlite'), '--assets', '90000', ...(cityName ? ['--city', cityName] : [])]));
    if (!(await waitHealthy(centralUrl, 180_000))) throw new Error(`central server did not become healthy at ${centralUrl}`);
  }

  const electron = electronBinary();
  let native = null;
  if (electron.bin) {
    native = ensureElectronNative(root);
    if (native.path) {
      step('Opening the Electron app …');
      const app = spawn(electron.bin, [root], {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          JINGBAO_CENTRAL_URL: centralUrl,
          JINGBAO_NATIVE_BINDING: native.path,
          JINGBAO_DEMO: '1',
          ...(demoLogin ? { JINGBAO_DEMO_LOGIN: demoLogin } : {}),
          ...(cityName ? { JINGBAO_BASEMAP: cityBaseMap(cityName) } : {}),
        },
      });
      children.push(app);
      app.on('exit', (code) => stopAll(code ?? 0));
      return;
    }
  }
  const why = electron.why ?? native?.why ?? 'unknown';
  console.log(`\n\x1b[33m!\x1b[0m The Electron app cannot run on this machine: ${why}.`);
  console.log('  Serving the same board through the browser host instead; open the URL below in Chromium or Chrome.\n');
  // The host picks its port itself (JINGBAO_HOST_PORT, else the one it used last time), so a
  // wall's bookmark keeps working from one start to the next.
  const host = tsx(['electron/host/main.ts', '--central', centralUrl, '--data-dir', runDir, '--demo', ...(demoLogin ? ['--demo-login', demoLogin] : []), ...(cityName ? ['--city', cityName] : [])]);
  children.push(host);
  host.on('exit', (code) => stopAll(code ?? 0));
}

main().catch((e) => {
  console.error(`\x1b[31m✗\x1b[0m ${e.message}`);
  stopAll(1);
});
