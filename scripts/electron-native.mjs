// The backend's SQLite (better-sqlite3-multiple-ciphers: SQLite with SQLCipher) for
// Electron's ABI, kept apart from the Node build that tests and the browser host use
// (DESIGN.md, "Native module"): compiled once per Electron version into
// .cache/electron-native/<version>/ and loaded through its nativeBinding option, so
// `npm start` and `npm test` never rebuild each other's binary.
// Needs Electron's headers (ELECTRON_HEADERS_URL, default electronjs.org): where they
// cannot be fetched this says why and the caller falls back to the browser host.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const MODULE = 'better-sqlite3-multiple-ciphers';

export function ensureElectronNative(root) {
  const version = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const dir = join(root, '.cache', 'electron-native', version);
  // Named after the module: a plain better-sqlite3 build cached here by an older version
  // has no cipher, and the backend refuses it (cache_cipher_missing).
  const out = join(dir, `${MODULE}.node`);
  if (existsSync(out)) return { path: out };
  const src = join(dir, 'src');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'node_modules', MODULE), src, { recursive: true, filter: (p) => !p.includes(`${join(MODULE, 'build')}`) });
  const gyp = join(root, 'node_modules/node-gyp/bin/node-gyp.js');
  const npmGyp = join(process.execPath, '../../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
  const gypBin = existsSync(gyp) ? gyp : npmGyp;
  console.log(`▸ Building ${MODULE} for Electron ${version} (once) …`);
  const r = spawnSync(
    process.execPath,
    [gypBin, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', `--dist-url=${process.env.ELECTRON_HEADERS_URL ?? 'https://electronjs.org/headers'}`],
    { cwd: src, stdio: 'inherit', timeout: 900_000 },
  );
  const built = join(src, 'build/Release/better_sqlite3.node');
  if (r.status !== 0 || !existsSync(built)) {
    return { why: `${MODULE} could not be built for Electron ${version} (its headers could not be fetched or the compiler failed; set ELECTRON_HEADERS_URL for a mirror)` };
  }
  cpSync(built, out);
  rmSync(src, { recursive: true, force: true });
  return { path: out };
}
