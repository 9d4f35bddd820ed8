/**
 * Runs the reference central server (警保云 stand-in) with its vehicle simulator.
 *
 *   npx tsx central/main.ts [--port 8787] [--host 127.0.0.1] [--db .jingbao/central.sqlite]
 *                           [--speed 1] [--tick-ms 1000] [--vehicles N] [--assets N] [--city NAME|DIR] [--cities-dir DIR]
 *                           [--workstations FILE] [--no-demo-users] [--tls-cert FILE --tls-key FILE]
 *                           [--large-allocation N] [--show-neighbours]
 *
 * Beyond loopback (--host) it serves TLS only: https and wss with the certificate given.
 *
 * --workstations FILE: the workstations allowed in, a JSON array of {id, secret, name?, unitId?}
 * in a file only its owner can read (default: the demo workstation only). The demo
 * accounts (one per role) are seeded into an empty user table unless --no-demo-users; the
 * sheet with their passwords and TOTP secrets is printed when they are.
 *
 * --assets N: the readiness ledger seeded into a new database (default 280; `npm start` seeds
 * the division's 90,000, with a year of their events, repairs and storage readings).
 *
 * --city: an imported city by name (`npm run city -- import FILE.osm.pbf --sites FILE`, in
 * --cities-dir, default $JINGBAO_CITIES_DIR or .jingbao/cities), or a built city folder; the
 * simulator drives on its roads. A database holds one city: give each its own --db.
 *
 * --large-allocation N: a dispatch order (with the request's others) moving N pieces or more waits
 * for a supervisor of the level that owns the stock (default 1000).
 *
 * --show-neighbours: each console below the city is also sent its neighbouring units' sites and
 * vehicles (the other stations of its county; for a county, the other counties' and the city's
 * own), which the board draws faded and read-only: never planned with, every action on them
 * refused (out_of_scope). Off by default.
 *
 * Expects the demo city to be built (`npx tsx scripts/build-demo-city.ts`); it builds
 * nothing itself so that starting it is always fast and predictable.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultCitiesDir, resolveCityDir } from '../city/city-store';
import type { WorkstationCredential } from '../shared/auth/workstation';
import { demoAccountsSheet } from './auth/demo-users';
import { createCentralServer } from './server';

const workstationsFileSchema = z
  .array(z.strictObject({ id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/), secret: z.string().min(16).max(512).regex(/^[\x21-\x7e]+$/), name: z.string().max(100).optional(), unitId: z.string().min(1).max(64).optional() }))
  .min(1)
  .max(10_000);

/** The workstations file: owner-readable only, every entry checked; a bad file stops the start. */
function readWorkstations(file: string): WorkstationCredential[] {
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && mode & 0o077) throw new Error(`${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it`);
  const parsed = workstationsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.map((w) => ({ id: w.id, secret: w.secret, ...(w.name ? { name: w.name } : {}) }));
}

function numberArg(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      speed: { type: 'string' },
      'tick-ms': { type: 'string' },
      vehicles: { type: 'string' },
      assets: { type: 'string' },
      city: { type: 'string' },
      'cities-dir': { type: 'string' },
      workstations: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'no-demo-users': { type: 'boolean' },
      'large-allocation': { type: 'string' },
      'show-neighbours': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: central/main.ts [--port 8787] [--host 127.0.0.1] [--db FILE] [--speed 1] [--tick-ms 1000] [--vehicles N] [--assets N] [--city NAME|DIR] [--cities-dir DIR] [--workstations FILE] [--no-demo-users] [--tls-cert FILE --tls-key FILE] [--large-allocation N] [--show-neighbours]');
    return;
  }
  const dbPath = resolve(values.db ?? '.jingbao/central.sqlite');
  mkdirSync(dirname(dbPath), { recursive: true });
  const server = await createCentralServer({
    dbPath,
    host: values.host ?? '127.0.0.1',
    port: numberArg(values.port, 'port', 8787, 0),
    speedFactor: numberArg(values.speed, 'speed', 1, 0),
    tickMs: numberArg(values['tick-ms'], 'tick-ms', 1000, 10),
    ...(values.vehicles !== undefined ? { vehicleCount: Math.round(numberArg(values.vehicles, 'vehicles', 120, 1)) } : {}),
    ...(values.assets !== undefined ? { assets: Math.round(numberArg(values.assets, 'assets', 280, 0)) } : {}),
    ...(values.city !== undefined ? { cityDir: resolveCityDir(values.city, values['cities-dir'] ? resolve(values['cities-dir']) : defaultCitiesDir()) } : {}),
    ...(values.workstations !== undefined ? { workstations: readWorkstations(values.workstations) } : {}),
    ...(values['no-demo-users'] ? { demoUsers: false } : {}),
    scopeSettings: {
      ...(values['large-allocation'] !== undefined ? { largeAllocationUnits: Math.round(numberArg(values['large-allocation'], 'large-allocation', 1000, 1)) } : {}),
      ...(values['show-neighbours'] ? { showNeighbours: true } : {}),
    },
    ...(values['tls-cert'] && values['tls-key'] ? { tls: { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } } : {}),
  });
  if (server.seededDemoUsers) console.log(demoAccountsSheet());
  console.log(`central listening on ${server.url}  (db ${dbPath}, ${server.simulator.vehicleCount} vehicles, live: ${server.url.replace(/^http/, 'ws')}/live)`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`central: ${signal}, stopping`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('central: error while stopping', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('central failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
