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
 * power safety costs.
 *
 *   npx tsx bench/sync.bench.ts [--changes 100000] [--commands 10000]
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCentralServer } from '../central/server';
import { openStore as openCentralStore } from '../central/store';
import { buildDemoCity } from '../central/demo-city/build';
import { createBackend } from '../electron/backend/backend';
import { openStore } from '../electron/backend/store/database';
import { createReplicaWriter } from '../electron/backend/store/replica';
import { createCentralClient } from '../electron/backend/link/central-client';
import { tempDir, waitFor } from '../electron/backend/test-support';

const { values } = parseArgs({ options: { changes: { type: 'string', default: '100000' }, commands: { type: 'string', default: '10000' } } });
const CHANGES = Number(values.changes);
const COMMANDS = Number(values.commands);
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

async function pullOurs(synchronous: 'FULL' | 'NORMAL'): Promise<number> {
  const b = createBackend({ dbPath: join(tmp.dir, `ours-${synchronous}-${Date.now()}.sqlite`), cacheKey: randomBytes(32), centralUrl: central.url, baseMapPath, log: quiet, synchronous });
  const t0 = performance.now();
  b.start();
  await waitFor(() => b.stats().cursor >= head, 'caught up', 300_000, 5);
  const ms = performance.now() - t0;
  await b.close();
  return ms;
}

/** The naive way: the same pages, but every change committed on its own (and the cursor with it). */
async function pullNaive(): Promise<number> {
  const db = openStore(join(tmp.dir, `naive-${Date.now()}.sqlite`), { key: randomBytes(32) });
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

const pullNaiveMs = await pullNaive();
const pullOursMs = await pullOurs('FULL');
const pullNormalMs = await pullOurs('NORMAL');
await central.close();

// --- 2. outbox replay ----------------------------------------------------------------
async function replay(pushBatch: number, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Promise<number> {
  const c = await createCentralServer({ dbPath: join(tmp.dir, `replay-${pushBatch}-${synchronous}.sqlite`), port: 0, simulate: false, synchronous });
  const b = createBackend({
    dbPath: join(tmp.dir, `replay-client-${pushBatch}-${synchronous}.sqlite`),
    cacheKey: randomBytes(32),
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
  const t0 = performance.now();
  b.setCut(false);
  await waitFor(() => b.stats().queueDepth === 0, 'drained', 600_000, 5);
  const ms = performance.now() - t0;
  if (c.stats().commandsApplied !== COMMANDS) throw new Error(`applied ${c.stats().commandsApplied} of ${COMMANDS}`);
  await b.close();
  await c.close();
  return ms;
}
const replayNaiveMs = await replay(1);
const replayOursMs = await replay(100);
const replayNormalMs = await replay(100, 'NORMAL');
tmp.remove();

const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
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
`);
process.exit(0);
