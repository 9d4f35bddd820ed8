// Builds the app with electron-vite only when its inputs changed, so a second
// `npm start` (or test run) does not rebuild. The stamp is a hash of the inputs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = ['renderer', 'shared', 'electron', 'city', 'electron.vite.config.ts', 'package-lock.json', 'tsconfig.base.json', 'tsconfig.web.json'];
const STAMP = join(root, 'out', '.build-stamp');

function* files(path) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name.endsWith('.test.ts') || name.endsWith('.test.tsx')) continue;
      yield* files(join(path, name));
    }
  } else yield path;
}

export function inputsHash() {
  const h = createHash('sha256');
  for (const input of INPUTS) {
    for (const f of files(join(root, input))) {
      h.update(relative(root, f));
      h.update(readFileSync(f));
    }
  }
  return h.digest('hex');
}

export function buildIfStale({ quiet = false } = {}) {
  const hash = inputsHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash && existsSync(join(root, 'out/renderer/index.html'))) {
    if (!quiet) console.log('build: up to date');
    return false;
  }
  const t0 = Date.now();
  console.log('build: electron-vite build …');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`electron-vite build failed (exit ${r.status})`);
  writeFileSync(STAMP, hash);
  console.log(`build: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildIfStale();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
