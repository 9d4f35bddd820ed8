/**
 * The offline-first link against the real central on loopback: commands queue while
 * the link is cut and drain in order when it returns; refusals become conflicts;
 * failover to a backup endpoint and back; rate limits and broken bodies are survived.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { centralSuite, DEMO_BASE_MAP } from './testing/central-suite';
import { createCentralServer, type CentralServer } from '../../central/server';
import type { MethodResult } from '../../shared/board-api';
import { openCacheFile } from './store/cache-file';
import { createBackend, type Backend } from './backend';
import { tempDir, testCacheKey, waitFor } from './test-support';
import type { LogRecord } from './log';

const cacheKey = testCacheKey();

const baseMapPath = DEMO_BASE_MAP;
let tmp: ReturnType<typeof tempDir>;
const cleanups = centralSuite();

async function stack(opts: { backup?: boolean; backendOpts?: Partial<Parameters<typeof createBackend>[0]> } = {}) {
  tmp = tempDir('jb-link-');
  cleanups.push(() => tmp.remove());
  const dbPath = join(tmp.dir, 'central.sqlite');
  const primary = await createCentralServer({ dbPath, port: 0, tickMs: 250, name: 'primary' });
  cleanups.push(() => primary.close());
  // The backup serves the same data (N+1): here, the same database file.
  const backup = opts.backup ? await createCentralServer({ dbPath, port: 0, simulate: false, name: 'backup' }) : null;
  if (backup) cleanups.push(() => backup.close());
  const logs: LogRecord[] = [];
  const backend = createBackend({
    cacheKey,
    dbPath: join(tmp.dir, 'cache.sqlite'),
    centralUrl: primary.url,
    ...(backup ? { backupCentralUrl: backup.url } : {}),
    baseMapPath,
    log: (level, event, fields) => logs.push({ level, event, at: Date.now(), ...fields }),
    pushBackoff: { initialDelay: 50, maxDelay: 1_000 },
    healthEveryMs: 500,
    ...opts.backendOpts,
  });
  cleanups.push(() => backend.close());
  backend.start();
  await waitFor(() => backend.stats().link.state === 'connected', 'connected');
  return { primary, backup, backend, logs };
}

const stockOf = async (b: Backend, siteId: string, itemId: string) => {
  const d = (await b.call('site.detail', { siteId })) as MethodResult<'site.detail'>;
  return d.stock.find((l) => l.item.id === itemId)!.quantity;
};
const applied = (...servers: (CentralServer | null)[]) => servers.reduce((n, s) => n + (s?.stats().commandsApplied ?? 0), 0);

describe('offline-first link', () => {
  it('queues commands while the link is cut, shows them pending, and drains them in order when it returns', async () => {
    const { primary, backend } = await stack();
    const before = await stockOf(backend, 'depot-central', 'life-jacket');
    backend.setCut(true);
    await waitFor(() => backend.stats().link.state !== 'connected', 'link down');
    for (let i = 0; i < 20; i++) await backend.call('stock.adjust', { siteId: 'depot-central', itemId: 'life-jacket', delta: 1, reason: `receipt ${i}` });
    await backend.call('vehicle.setStatus', { vehicleId: 'veh-120', status: 'maintenance' });
    const snap = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    expect(snap.pending).toHaveLength(21);
    expect(snap.vehicles.find((v) => v.id === 'veh-120')?.status).toBe('maintenance');
    expect(await stockOf(backend, 'depot-central', 'life-jacket')).toBe(before + 20);
    // Every site's stock (the palette's "where is it kept") shows the queued receipts too.
    const { stock } = (await backend.call('stock.list', {})) as MethodResult<'stock.list'>;
    expect(stock.find((s) => s.siteId === 'depot-central' && s.itemId === 'life-jacket')?.quantity).toBe(before + 20);
    expect(new Set(stock.map((s) => s.siteId)).size).toBe(14);
    expect(backend.stats().queueDepth).toBe(21);
    expect(applied(primary)).toBe(0);

    backend.setCut(false);
    await waitFor(() => backend.stats().queueDepth === 0, 'queue drained');
    await waitFor(async () => ((await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).pending.length === 0, 'pending marks cleared');
    expect(applied(primary)).toBe(21);
    // Reflected by the mirror now, not by the overlay: exactly +20, not +40.
    await waitFor(async () => (await stockOf(backend, 'depot-central', 'life-jacket')) === before + 20, 'stock from the central');
    // The outage ends when the link is 'connected' again (live stream and a good pull), not when the queue drains.
    await waitFor(() => backend.stats().link.state === 'connected', 'connected again');
    const health = (await backend.call('link.health', {})) as MethodResult<'link.health'>;
    expect(health.outages[0]).toMatchObject({ commandsQueued: 21 });
    expect(health.outages[0]!.endedAt).not.toBeNull();
  });

  it('turns a refusal into a visible conflict with both sides, and the queue goes on', async () => {
    const { backend } = await stack();
    const held = await stockOf(backend, 'qp-01', 'n95-mask');
    await backend.call('stock.adjust', { siteId: 'qp-01', itemId: 'n95-mask', delta: -(held + 1), reason: 'more than exists' });
    await backend.call('stock.adjust', { siteId: 'qp-01', itemId: 'n95-mask', delta: 1, reason: 'after it' });
    await waitFor(() => backend.stats().queueDepth === 0 && backend.stats().conflicts === 1, 'one conflict, queue empty');
    const { conflicts } = (await backend.call('conflict.list', {})) as MethodResult<'conflict.list'>;
    expect(conflicts[0]).toMatchObject({ code: 'insufficient_stock', payload: { delta: -(held + 1) }, serverRow: { quantity: held } });
    await waitFor(async () => (await stockOf(backend, 'qp-01', 'n95-mask')) === held + 1, 'only the good command applied');
    await backend.call('conflict.resolve', { conflictId: conflicts[0]!.id, resolution: 'discard' });
    expect(backend.stats().conflicts).toBe(0);
  });

  it('fails over to the backup within 5 s and back, without duplicating or reordering commands', async () => {
    const { primary, backup, backend } = await stack({ backup: true });
    let issued = 0;
    const issue = async () => {
      await backend.call('stock.adjust', { siteId: 'depot-east', itemId: 'helmet', delta: 1, reason: `n${issued++}` });
    };
    for (let i = 0; i < 5; i++) await issue();
    await waitFor(() => backend.stats().queueDepth === 0, 'first drain');

    const t0 = Date.now();
    primary.faults.set({ offline: true });
    const pump = setInterval(() => void issue(), 100);
    await waitFor(() => backend.stats().endpoint === 'backup', 'failover', 10_000, 20);
    const switchMs = Date.now() - t0;
    console.log(`failover to backup after ${switchMs} ms`);
    expect(switchMs).toBeLessThan(5_000);
    await new Promise((r) => setTimeout(r, 1_000));
    clearInterval(pump);
    await waitFor(() => backend.stats().queueDepth === 0, 'drained through the backup');

    const t1 = Date.now();
    primary.faults.set({ offline: false });
    await waitFor(() => backend.stats().endpoint === 'primary', 'fail-back', 10_000, 20);
    console.log(`fail-back to primary after ${Date.now() - t1} ms`);
    for (let i = 0; i < 5; i++) await issue();
    await waitFor(() => backend.stats().queueDepth === 0, 'final drain');
    expect(applied(primary, backup)).toBe(issued);
    expect(backup!.stats().commandsApplied).toBeGreaterThan(0);
    // Order: the central saw the receipts in issue order (its journal order = our reason counter).
    await waitFor(() => backend.stats().link.state === 'connected', 'connected again');
  });

  it('honours 429 Retry-After and retries broken bodies until every command is applied exactly once', async () => {
    // One request per command, so the pushes themselves meet the rate limit.
    const { primary, backend, logs } = await stack({ backendOpts: { pushBatch: 1 } });
    // The upstream lowers its rate limit without notice, answers some requests 503 and
    // garbles some bodies.
    primary.faults.set({ rateLimitPerSec: 6, malformedRate: 0.2, httpErrorRate: 0.1 });
    for (let i = 0; i < 30; i++) await backend.call('stock.adjust', { siteId: 'depot-west', itemId: 'drone', delta: 1, reason: `r${i}` });
    await waitFor(() => backend.stats().queueDepth === 0, 'drained under faults', 50_000);
    primary.faults.set({ rateLimitPerSec: 0, malformedRate: 0, httpErrorRate: 0 });
    expect(primary.stats().commandsApplied).toBe(30);
    expect(logs.some((l) => l.event === 'push.rate_limited')).toBe(true);
  }, 60_000);

  it('reconciles automatically: digests match, and a table that drifted is re-synced from the central and recorded', async () => {
    const { primary, backend } = await stack();
    primary.simulator.pause();
    await backend.pull();
    const first = await backend.reconcile();
    expect(first.filter((r) => r.result === 'match').map((r) => r.table).sort()).toEqual(['alert', 'asset', 'asset_event', 'asset_type', 'audit', 'battery_day', 'climate_reading', 'dispatch', 'drill', 'duty_config', 'handover', 'item', 'repair', 'request', 'site', 'stock', 'unit', 'user_account', 'vehicle']);

    // Drift: someone edited the local cache behind the sync's back.
    const raw = openCacheFile(join(tmp.dir, 'cache.sqlite'), cacheKey);
    raw.prepare("UPDATE stock SET row = json_set(row, '$.quantity', 1) WHERE key = 'depot-central/generator'").run();
    raw.prepare("DELETE FROM site WHERE key = 'qp-10'").run();
    raw.close();
    expect(await stockOf(backend, 'depot-central', 'generator')).toBe(1);

    const second = await backend.reconcile();
    expect(second.filter((r) => r.result === 'resynced').map((r) => r.table).sort()).toEqual(['site', 'stock']);
    expect(await stockOf(backend, 'depot-central', 'generator')).toBeGreaterThan(1);
    const snap = (await backend.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    expect(snap.sites).toHaveLength(14);
    const health = (await backend.call('link.health', {})) as MethodResult<'link.health'>;
    expect(health.reconciliation?.tables.find((t) => t.table === 'stock')?.result).toBe('resynced');
    const check = openCacheFile(join(tmp.dir, 'cache.sqlite'), cacheKey, { readonly: true });
    expect((check.prepare("SELECT COUNT(*) AS n FROM sync_event WHERE kind = 'reconcile_resynced'").get() as { n: number }).n).toBe(2);
    check.close();
    expect((await backend.reconcile()).every((r) => r.result === 'match')).toBe(true);
  });
});
