/**
 * Multi-level command at scale (issue 16): 200 consoles on one central, 2,000 vehicles
 * reporting at 1 Hz, commands at a steady rate. The central runs in a process of its own
 * (`consoles-central.ts`); the consoles are lightweight simulated clients spread over
 * `--processes` processes (`consoles-client.ts`): each holds the live stream, pulls the change
 * feed when told something changed, and sends commands.
 *
 * Two phases of `--seconds` each, in the same run:
 *   A (baseline): every console the city's: one full frame for all, no filtering.
 *   B (scoped):   the consoles spread over every unit of the tree (the city, its counties, its
 *                 stations and posts): a frame per scope, each console only its scope's vehicles.
 * Printed per phase: the central's CPU (ms per second, of one core), its memory (RSS, heap),
 * position latency p50/p99 (the central's stamp on the frame → the console has decoded it),
 * commands per second (applied) and their round trip, pulls; then B ÷ A.
 * Goal: p99 ≤ 500 ms at 200 consoles on this 2-core machine.
 *
 *   npx tsx bench/consoles.bench.ts [--consoles 200] [--vehicles 2000] [--seconds 20] [--processes 4] [--commands-per-s 5]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDemoCity } from '../city/demo-build';

const { values } = parseArgs({
  options: {
    consoles: { type: 'string', default: '200' },
    vehicles: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '20' },
    processes: { type: 'string', default: '4' },
    'commands-per-s': { type: 'string', default: '5' },
  },
});
const CONSOLES = Number(values.consoles);
const VEHICLES = Number(values.vehicles);
const SECONDS = Number(values.seconds);
const PROCESSES = Number(values.processes);
const COMMANDS_PER_S = Number(values['commands-per-s']);
const tsx = { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const next = <T>(child: ChildProcess, type: string): Promise<T> =>
  new Promise((res, rej) => {
    const on = (m: unknown) => {
      if ((m as { type?: string }).type !== type) return;
      child.off('message', on);
      res(m as T);
    };
    child.on('message', on);
    child.once('exit', (code) => rej(new Error(`child exited (${code}) before '${type}'`)));
  });
const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

type Stats = { cpuMsPerS: number; rssMb: number; heapMb: number; central: { commandsApplied: number; framesSent: number; framesSkipped: number; liveClients: number; pulls: number } };
type Report = { latencies: number[]; commandMs: number[]; vehiclesPerFrame: number[]; frames: number; pulls: number; commandsApplied: number; commandsRefused: number; pullFailures: number; dropped: number };

await buildDemoCity({ ifStale: true });

async function phase(name: string, assign: (k: number, officers: { unitId: string; userId: string }[]) => string | null) {
  const central = fork(resolve(import.meta.dirname, 'consoles-central.ts'), [String(VEHICLES)], tsx);
  const ready = await next<{ url: string; officers: { unitId: string; userId: string }[] }>(central, 'ready');
  const stats: Stats[] = [];
  central.on('message', (m) => (m as { type: string }).type === 'stats' && stats.push(m as Stats));
  const clients = Array.from({ length: PROCESSES }, () => fork(resolve(import.meta.dirname, 'consoles-client.ts'), [], tsx));
  const perProcess = Math.ceil(CONSOLES / PROCESSES);
  const commandEveryMs = Math.round((CONSOLES / COMMANDS_PER_S) * 1000);
  await Promise.all(
    clients.map((c, p) => {
      const consoles = Array.from({ length: Math.max(0, Math.min(perProcess, CONSOLES - p * perProcess)) }, (_, i) => ({ userId: assign(p * perProcess + i, ready.officers) }));
      c.send({ url: ready.url, consoles, commandEveryMs });
      return next(c, 'connected');
    }),
  );
  // Settle, then the measured window (the commands' offsets spread over one period from the connection on).
  await sleep(3000);
  for (const c of clients) c.send('mark');
  const from = stats.length;
  await sleep(SECONDS * 1000);
  const window = stats.slice(from);
  const reports = await Promise.all(clients.map((c) => (c.send('stop'), next<Report>(c, 'report'))));
  central.send('stop');
  await new Promise((r) => central.once('exit', r));
  const all = (k: keyof Report) => reports.flatMap((r) => r[k] as number[]);
  const sum = (k: keyof Report) => reports.reduce((s, r) => s + (r[k] as number), 0);
  const last = window[window.length - 1]!;
  const first = stats[from - 1] ?? window[0]!;
  const row = {
    phase: name,
    consoles: CONSOLES,
    vehicles: VEHICLES,
    'central CPU ms/s (mean)': Math.round(window.reduce((s, w) => s + w.cpuMsPerS, 0) / window.length),
    'central CPU ms/s (max)': Math.round(Math.max(...window.map((w) => w.cpuMsPerS))),
    'RSS MB (max)': Math.round(Math.max(...window.map((w) => w.rssMb))),
    'heap MB (max)': Math.round(Math.max(...window.map((w) => w.heapMb))),
    'position p50 ms': pct(all('latencies'), 50),
    'position p99 ms': pct(all('latencies'), 99),
    'frames/console/s': +(sum('frames') / CONSOLES / SECONDS).toFixed(2),
    'vehicles/frame (mean)': Math.round(all('vehiclesPerFrame').reduce((s, x) => s + x, 0) / Math.max(1, all('vehiclesPerFrame').length)),
    'commands/s applied': +(sum('commandsApplied') / SECONDS).toFixed(1),
    'commands refused': sum('commandsRefused'),
    'command p50 ms': Math.round(pct(all('commandMs'), 50)),
    'command p99 ms': Math.round(pct(all('commandMs'), 99)),
    'pulls/s': +(sum('pulls') / SECONDS).toFixed(1),
    'pulls failed': sum('pullFailures'),
    'streams dropped': sum('dropped'),
    'frames skipped (slow clients)': last.central.framesSkipped - first.central.framesSkipped,
  };
  return row;
}

console.log(`${CONSOLES} consoles over ${PROCESSES} processes, ${VEHICLES} vehicles at 1 Hz, ${COMMANDS_PER_S} commands/s, ${SECONDS} s per phase\n`);
const root = (o: { unitId: string; userId: string }[]) => o[0]!.userId;
const a = await phase('A: all the city’s (baseline)', (_k, o) => root(o));
const b = await phase('B: spread over the tree', (k, o) => o[k % o.length]!.userId);
console.table([a, b]);
const ratio = (k: keyof typeof a) => (typeof a[k] === 'number' && (a[k] as number) > 0 ? ((b[k] as number) / (a[k] as number)).toFixed(2) : 'n/a');
console.log(
  `B ÷ A: CPU ${ratio('central CPU ms/s (mean)')}, RSS ${ratio('RSS MB (max)')}, position p50 ${ratio('position p50 ms')}, p99 ${ratio('position p99 ms')}, vehicles per frame ${ratio('vehicles/frame (mean)')}`,
);
console.log(`goal p99 ≤ 500 ms at ${CONSOLES} consoles: ${b['position p99 ms'] <= 500 ? 'met' : 'NOT met'} (scoped ${b['position p99 ms']} ms, baseline ${a['position p99 ms']} ms)`);
