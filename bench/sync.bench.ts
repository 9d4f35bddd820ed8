/**
 * Sync benchmarks (issue 3), each against a baseline measured in the same run:
 *
 *  1. Catch-up pull of 100,000 changes into the cache: our puller (pages of 1,000, one
 *     transaction per page with its cursor) vs the naive per-row commit.   Target ≤ 10 s.
 *  2. Outbox replay of 10,000 commands against the loopback central: batched pushes vs
 *     one request per command.                                             Target ≥ 1,000 commands/s.
 *
 * Both with power-safe writes (SQLite synchronous=FULL, the production setting, on the
 * cache and on the central's journal), and the same again with NORMAL to show what the
 * power safety costs. The cache is encrypted (SQLCipher, AES-256) as in production.
 *
 *  3. The cipher's cost (issue 11): the same catch-up and replay on the encrypted cache
 *     against an unencrypted one, alternating, best of --rounds each.  Target ≤ 1.3× slower.
 *
 *   npx tsx bench/sync.bench.ts [--changes 100000] [--commands 10000] [--only cache] [--rounds 2]
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCentralServer } from '../central/server';
import { openStore as openCentralStore } from '../central/store';
import { buildDemoCity } from '../city/demo-build';
import { createBackend } from '../electron/backend/backend';
import { openStore } from '../electron/backend/store/database';
import type { CacheKey } from '../electron/backend/store/cache-file';
import { createReplicaWriter } from '../electron/backend/store/replica';
import { createCentralClient } from '../electron/backend/link/central-client';
import { tempDir, waitFor } from '../electron/backend/test-support';

const { values } = parseArgs({
  options: { changes: { type: 'string', default: '100000' }, commands: { type: 'string', default: '10000' }, only: { type: 'string' }, rounds: { type: 'string', default: '2' } },
});
const CHANGES = Number(values.changes);
const COMMANDS = Number(values.commands);
const ROUNDS = Number(values.rounds);
const CACHE_ONLY = values.only === 'cache';
/** The production setting: every cache encrypted with its own key. */
const encrypted = (): CacheKey => randomBytes(32);
const baseMapPath = resolve(import.meta.dirname, '../resources/demo-city/build/basemap.mbtiles');
const quiet = () => {};

await buildDemoCity({ ifStale: true });
const tmp = tempDir('jb-bench-sync-');

// --- 1. catch-up pull -------------------------------------------------------------
const centralDb = join(tmp.dir, 'central.sqlite');
{
  // Seed the central, then append CHANGES stock updates straight into its log.
  const seeded = await createCentralServer({ dbPath: centralDb, port: 0, simulate: false });
  await seeded.close();
  const store = openCentralStore(centralDb);
  store.db.transaction(() => {
    for (let i = 0; i < CHANGES; i++) store.put('stock', { siteId: 'depot-central', itemId: 'n95-mask', quantity: 100_000 + i, safetyLevel: 30_000 });
  })();
  store.close();
}
const central = await createCentralServer({ dbPath: centralDb, port: 0, simulate: false });
const head = ((await (await fetch(`${central.url}/health`)).json()) as { cursor: number }).cursor;

/**
 * Wall time, and this process's CPU time over the same span (the backend and the central
 * both run here): on a shared machine the CPU time is the steadier measure of the cipher.
 */
type Timing = { ms: number; cpuMs: number };
function stopwatch(): () => Timing {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpu0);
    return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

async function pullOurs(synchronous: 'FULL' | 'NORMAL', cacheKey: CacheKey = encrypted()): Promise<Timing> {
  const b = createBackend({ dbPath: join(tmp.dir, `ours-${synchronous}-${performance.now()}.sqlite`), cacheKey, centralUrl: central.url, baseMapPath, log: quiet, synchronous });
  const stop = stopwatch();
  b.start();
  await waitFor(() => b.stats().cursor >= head, 'caught up', 300_000, 5);
  const timing = stop();
  await b.close();
  return timing;
}

/** The naive way: the same pages, but every change committed on its own (and the cursor with it). */
async function pullNaive(): Promise<number> {
  const db = openStore(join(tmp.dir, `naive-${Date.now()}.sqlite`), { key: encrypted() });
  const writer = createReplicaWriter(db);
  const client = createCentralClient(central.url);
  const t0 = performance.now();
  let since = 0;
  for (;;) {
    const page = await client.changes(since, 1000);
    for (const c of page.changes) writer.applyPage({ changes: [c], cursor: c.seq, chain: page.chain, hasMore: true });
    since = page.cursor;
    if (!page.hasMore) break;
  }
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

type CipherCost = { encrypted: Timing; plain: Timing };
/** Best of ROUNDS for each (wall and CPU apart), alternating which goes first, so neither gets the warmer machine. */
async function encryptedVsPlain(run: (key: CacheKey) => Promise<Timing>): Promise<CipherCost> {
  const best = { encrypted: { ms: Infinity, cpuMs: Infinity }, plain: { ms: Infinity, cpuMs: Infinity } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of round % 2 ? (['encrypted', 'plain'] as const) : (['plain', 'encrypted'] as const)) {
      const t = await run(which === 'plain' ? 'plaintext' : encrypted());
      best[which] = { ms: Math.min(best[which].ms, t.ms), cpuMs: Math.min(best[which].cpuMs, t.cpuMs) };
    }
  }
  return best;
}

const pullNaiveMs = CACHE_ONLY ? NaN : await pullNaive();
const pullOursMs = CACHE_ONLY ? NaN : (await pullOurs('FULL')).ms;
const pullNormalMs = CACHE_ONLY ? NaN : (await pullOurs('NORMAL')).ms;
const pullCipher = await encryptedVsPlain((key) => pullOurs('FULL', key));
await central.close();

// --- 2. outbox replay ----------------------------------------------------------------
async function replay(pushBatch: number, synchronous: 'FULL' | 'NORMAL' = 'FULL', cacheKey: CacheKey = encrypted()): Promise<Timing> {
  const run = `${pushBatch}-${synchronous}-${performance.now()}`;
  const c = await createCentralServer({ dbPath: join(tmp.dir, `replay-${run}.sqlite`), port: 0, simulate: false, synchronous });
  const b = createBackend({
    dbPath: join(tmp.dir, `replay-client-${run}.sqlite`),
    cacheKey,
    centralUrl: c.url,
    baseMapPath,
    log: quiet,
    pushBatch,
    synchronous,
    pushBackoff: { initialDelay: 10, maxDelay: 100 },
  });
  b.start();
  await waitFor(() => b.stats().link.state === 'connected' && b.stats().cursor > 0, 'synced', 60_000);
  b.setCut(true);
  for (let i = 0; i < COMMANDS; i++) await b.call('stock.adjust', { siteId: 'depot-east', itemId: 'helmet', delta: 1, reason: `r${i}` });
  const stop = stopwatch();
  b.setCut(false);
  await waitFor(() => b.stats().queueDepth === 0, 'drained', 600_000, 5);
  const timing = stop();
  if (c.stats().commandsApplied !== COMMANDS) throw new Error(`applied ${c.stats().commandsApplied} of ${COMMANDS}`);
  await b.close();
  await c.close();
  return timing;
}
const replayNaiveMs = CACHE_ONLY ? NaN : (await replay(1)).ms;
const replayOursMs = CACHE_ONLY ? NaN : (await replay(100)).ms;
const replayNormalMs = CACHE_ONLY ? NaN : (await replay(100, 'NORMAL')).ms;
const replayCipher = await encryptedVsPlain((key) => replay(100, 'FULL', key));
tmp.remove();

const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cipherLine = (what: string, r: CipherCost) => {
  const wall = r.encrypted.ms / r.plain.ms;
  const cpu = r.encrypted.cpuMs / r.plain.cpuMs;
  return `       ${what.padEnd(34)} encrypted ${secs(r.encrypted.ms)} (CPU ${secs(r.encrypted.cpuMs)})   plain ${secs(r.plain.ms)} (CPU ${secs(r.plain.cpuMs)})
       ${''.padEnd(34)} ${wall.toFixed(2)}× the wall time, ${cpu.toFixed(2)}× the CPU time   target ≤ 1.3×: ${verdict(wall <= 1.3)} (wall), ${verdict(cpu <= 1.3)} (CPU)`;
};
const cipher = `
  3. the encrypted cache (SQLCipher: AES-256-CBC, HMAC-SHA512) against an unencrypted one, best of ${ROUNDS}, synchronous=FULL
${cipherLine(`catch-up of ${CHANGES.toLocaleString()} changes`, pullCipher)}
${cipherLine(`replay of ${COMMANDS.toLocaleString()} commands`, replayCipher)}
`;
if (CACHE_ONLY) {
  console.log(cipher);
  process.exit(0);
}
console.log(`
sync benchmarks (this machine, loopback central)
  1. catch-up pull of ${CHANGES.toLocaleString()} changes (power-safe: synchronous=FULL)
       ours (page of 500 in one transaction with its cursor)     ${(pullOursMs / 1000).toFixed(2)} s   ${rate(CHANGES, pullOursMs)} changes/s
       naive (each change committed on its own)                  ${(pullNaiveMs / 1000).toFixed(2)} s   ${rate(CHANGES, pullNaiveMs)} changes/s
       ratio ${(pullNaiveMs / pullOursMs).toFixed(1)}×      target ≤ 10 s: ${verdict(pullOursMs <= 10_000)}
       ours with synchronous=NORMAL (not power-safe)             ${(pullNormalMs / 1000).toFixed(2)} s   FULL costs ${((pullOursMs / pullNormalMs - 1) * 100).toFixed(0)}%
  2. outbox replay of ${COMMANDS.toLocaleString()} commands (power-safe: FULL on the cache and the central's journal)
       ours (batches of ≤100 and ≤56 KiB, applied in order)      ${(replayOursMs / 1000).toFixed(2)} s   ${rate(COMMANDS, replayOursMs)} commands/s
       naive (one request per command)                           ${(replayNaiveMs / 1000).toFixed(2)} s   ${rate(COMMANDS, replayNaiveMs)} commands/s
       ratio ${(replayNaiveMs / replayOursMs).toFixed(1)}×      target ≥ 1,000 commands/s: ${verdict(COMMANDS / (replayOursMs / 1000) >= 1000)}
       ours with synchronous=NORMAL on both sides                ${(replayNormalMs / 1000).toFixed(2)} s   ${rate(COMMANDS, replayNormalMs)} commands/s   FULL costs ${((replayOursMs / replayNormalMs - 1) * 100).toFixed(0)}%
${cipher}`);
process.exit(0);
