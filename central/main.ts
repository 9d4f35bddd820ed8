/**
 * Runs the reference central server (警保云 stand-in) with its vehicle simulator.
 *
 *   npx tsx central/main.ts [--port 8787] [--host 127.0.0.1] [--db .jingbao/central.sqlite]
 *                           [--speed 1] [--tick-ms 1000] [--vehicles N] [--city DIR]
 *
 * Expects the demo city to be built (`npx tsx scripts/build-demo-city.ts`); it builds
 * nothing itself so that starting it is always fast and predictable.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCentralServer } from './server';

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
      city: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: central/main.ts [--port 8787] [--host 127.0.0.1] [--db FILE] [--speed 1] [--tick-ms 1000] [--vehicles N] [--city DIR]');
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
    ...(values.city !== undefined ? { cityDir: resolve(values.city) } : {}),
  });
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
