/**
 * The link's exactly-once promise against the real central, one reproduced break each:
 * garbled answers after the central applied a command, the central restored from an older
 * copy or a fresh database, a backup with its own database that lags the primary, a black
 * hole in front of the primary (failover timing with the production settings), position
 * frames stamped a day off, the demo control out of the production API. Every test asserts
 * that its fault really happened, and checks the central's journal: each intent exactly
 * once, in issue order.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCentralServer, type CentralServer, type CentralServerOptions } from '../../central/server';
import { ensureDemoCity } from '../../central/test-support';
import type { MethodResult } from '../../shared/board-api';
import { TABLE_NAMES } from '../../shared/replica/registry';
import { createBackend, type Backend, type BackendOptions } from './backend';
import { tempDir, TEST_CALLER, testCacheKey, waitFor } from './test-support';

const cacheKey = testCacheKey();

const baseMapPath = resolve(import.meta.dirname, '../../resources/demo-city/build/basemap.mbtiles');
const cleanups: (() => Promise<void> | void)[] = [];
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  await ensureDemoCity();
}, 120_000);
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function central(name: string, extra: Partial<CentralServerOptions> = {}): Promise<CentralServer & { dbPath: string }> {
  const dbPath = join(tmp.dir, `${name}.sqlite`);
  const c = await createCentralServer({ dbPath, port: 0, tickMs: 250, name, ...extra });
  cleanups.push(() => c.close());
  return Object.assign(c, { dbPath });
}

function backend(primary: CentralServer, extra: Partial<BackendOptions> = {}): Backend {
  const b = createBackend({
    cacheKey,
    dbPath: join(tmp.dir, `cache-${randomUUID().slice(0, 8)}.sqlite`),
    centralUrl: primary.url,
    baseMapPath,
    log: () => {},
    pushBackoff: { initialDelay: 50, maxDelay: 1_000 },
    demo: true,
    ...extra,
  });
  cleanups.push(() => b.close());
  b.start();
  return b;
}

/** The central's journal in the order it applied commands (ids only: the test chose them). */
function journal(c: { dbPath: string }): string[] {
  const db = new Database(c.dbPath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT id FROM command ORDER BY rowid').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

/** Each intent exactly once, in issue order; nothing else of ours. */
function expectExactlyOnceInOrder(applied: string[], intents: string[]) {
  const mine = new Set(intents);
  const ours = applied.filter((id) => mine.has(id));
  expect(new Set(ours).size, 'an id twice in the journal').toBe(ours.length);
  expect(ours.length, 'intents missing from the journal').toBe(intents.length);
  expect(ours, 'journal order differs from issue order').toEqual(intents);
}

/** Pulled to the central's head, every table's digest equals the central's. */
async function expectTablesMatch(b: Backend) {
  await b.pull();
  const tables = await b.reconcile();
  expect(tables.map((t) => `${t.table}:${t.result}`)).toEqual(TABLE_NAMES.map((t) => `${t}:match`));
}

const issue = async (b: Backend, intents: string[], n: number, site = 'depot-east') => {
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    await b.call('stock.adjust', { siteId: site, itemId: 'helmet', delta: 1, reason: `intent ${intents.length}`, commandId: id });
    intents.push(id);
  }
};
const drained = (b: Backend) => waitFor(() => b.stats().queueDepth === 0 && !b.stats().rewinding, 'queue drained', 30_000);
const events = async (b: Backend) => ((await b.call('link.health', {})) as MethodResult<'link.health'>).events;

describe('exactly once, under the faults the review reproduced', () => {
  it('an answer garbled after the central applied a command: the same id is retried, never a conflict, applied once', async () => {
    tmp = tempDir('jb-eo-garbled-');
    cleanups.push(() => tmp.remove());
    const c = await central('central');
    // Small batches: many answers for the fault to garble.
    const b = backend(c, { pushBatch: 4, pushBackoff: { initialDelay: 20, maxDelay: 200 } });
    await waitFor(() => b.stats().link.state === 'connected', 'connected');
    c.faults.set({ commandAnswerFaultRate: 0.5 });
    const intents: string[] = [];
    await issue(b, intents, 40);
    await drained(b);
    c.faults.set({ commandAnswerFaultRate: 0 });
    // The fault happened, and the client did not take it as an answer. (Whether it then learnt
    // the outcome from a replayed answer or from the change feed depends on timing; the
    // journal below says it was applied once either way.)
    expect(c.stats().commandAnswersGarbled).toBeGreaterThan(0);
    expect(b.stats().unknownOutcomes).toBeGreaterThan(0);
    expect(b.stats().conflicts).toBe(0);
    expect(((await b.call('conflict.list', {})) as MethodResult<'conflict.list'>).conflicts).toEqual([]);
    expectExactlyOnceInOrder(journal(c), intents);
    expect((await events(b)).some((e) => e.kind === 'outcome_unknown')).toBe(true);
  });

  it('while an outcome is unknown, the board counts the command once, even after the feed brought its change', async () => {
    tmp = tempDir('jb-eo-once-');
    cleanups.push(() => tmp.remove());
    const c = await central('central', { simulate: false });
    const b = backend(c, { pushBackoff: { initialDelay: 5_000, maxDelay: 5_000 } });
    await waitFor(() => b.stats().link.state === 'connected', 'connected');
    const shown = async () => ((await b.call('site.detail', { siteId: 'depot-east' })) as MethodResult<'site.detail'>).stock.find((l) => l.item.id === 'helmet')!.quantity;
    const before = await shown();
    c.faults.set({ commandAnswerFaultRate: 1 });
    const id = randomUUID();
    await b.call('stock.adjust', { siteId: 'depot-east', itemId: 'helmet', delta: 3, reason: 'once', commandId: id });
    await waitFor(() => journal(c).includes(id), 'applied at the central');
    await waitFor(() => b.stats().cursor >= c.head().cursor, 'its change pulled');
    // The answer was garbled, the feed shows the change: the mirror has it, the overlay must not add it again.
    expect(await shown()).toBe(before + 3);
    expect(b.stats().queueDepth).toBe(0);
    c.faults.set({ commandAnswerFaultRate: 0 });
    expect(c.stats().commandAnswersGarbled).toBeGreaterThan(0);
  });

  it('the same intent sent twice through the board API (an answer lost to the renderer) is one command', async () => {
    tmp = tempDir('jb-eo-intent-');
    cleanups.push(() => tmp.remove());
    const c = await central('central');
    const b = backend(c);
    await waitFor(() => b.stats().link.state === 'connected', 'connected');
    const id = randomUUID();
    const arg = { siteId: 'depot-east', itemId: 'helmet', delta: 1, reason: 'once', commandId: id };
    const first = await b.call('stock.adjust', arg);
    const second = await b.call('stock.adjust', arg);
    expect(second).toEqual(first);
    await expect(b.call('stock.adjust', { ...arg, delta: 2 })).rejects.toMatchObject({ code: 'command_id_reused' });
    await drained(b);
    expectExactlyOnceInOrder(journal(c), [id]);
  });

  it('the central restored from an older copy: the board says so, re-synchronises, re-sends what was lost, and the digests agree', async () => {
    tmp = tempDir('jb-eo-restore-');
    cleanups.push(() => tmp.remove());
    const c = await central('central');
    const b = backend(c);
    await waitFor(() => b.stats().link.state === 'connected', 'connected');
    const intents: string[] = [];
    await issue(b, intents, 10);
    await drained(b);
    const older = join(tmp.dir, 'older.sqlite');
    await c.backupTo(older);
    await issue(b, intents, 10);
    await drained(b);
    expect(journal(c)).toEqual(expect.arrayContaining(intents));
    // The central comes back from the older copy: the last 10 commands are gone from it.
    await c.replaceDatabase(older);
    expect(journal(c).filter((id) => intents.includes(id))).toHaveLength(10);
    await issue(b, intents, 5);
    await waitFor(() => b.stats().rewinds >= 1, 'rewind detected and done', 20_000);
    await drained(b);
    expectExactlyOnceInOrder(journal(c), intents);
    const health = (await b.call('link.health', {})) as MethodResult<'link.health'>;
    expect(health.lastRewind).toMatchObject({ requeued: 10 });
    expect(health.events.some((e) => e.kind === 'rewind' && /queued again/.test(e.detail))).toBe(true);
    expect(health.events.some((e) => e.kind === 'rewind_detected')).toBe(true);
    c.simulator.pause();
    await expectTablesMatch(b);
  });

  it('the central swapped again in the middle of a re-synchronisation: what the snapshots lack is sent again, once', async () => {
    tmp = tempDir('jb-eo-midrewind-');
    cleanups.push(() => tmp.remove());
    // The re-synchronisation asks the central several things one after another (its history
    // at our points, a snapshot of each table). Right after its first answer the central comes
    // back from a still older copy: what it answered first is no longer its history.
    const oldest = join(tmp.dir, 'oldest.sqlite');
    let armed = false;
    let swappedMidway = false;
    let client: Backend | null = null;
    const c: CentralServer & { dbPath: string } = await central('central', {
      simulate: false,
      beforeRoute: (path, res) => {
        if (!armed || !client?.stats().rewinding || (path !== '/chains' && path !== '/snapshot')) return;
        armed = false;
        res.once('finish', () => void c.replaceDatabase(oldest).then(() => (swappedMidway = true)));
      },
    });
    const b = (client = backend(c));
    await waitFor(() => b.stats().link.state === 'connected', 'connected');
    const intents: string[] = [];
    await issue(b, intents, 10);
    await drained(b);
    await c.backupTo(oldest);
    await issue(b, intents, 10);
    await drained(b);
    const older = join(tmp.dir, 'older.sqlite');
    await c.backupTo(older);
    await issue(b, intents, 10);
    await drained(b);
    armed = true;
    await c.replaceDatabase(older);
    await issue(b, intents, 5);
    await waitFor(() => b.stats().rewinds >= 1 && swappedMidway, 'rewind, with the central swapped in its middle', 20_000);
    await drained(b);
    // The swap really landed between two of the rewind's requests; the 10 commands only the
    // middle copy held were sent again, and every intent is in the journal once, in order.
    expect(swappedMidway).toBe(true);
    // The rewind noticed that its answers came from two histories and started over.
    expect((await events(b)).some((e) => e.kind === 'rewind_retry')).toBe(true);
    expect(((await b.call('link.health', {})) as MethodResult<'link.health'>).lastRewind).toMatchObject({ requeued: 20 });
    expectExactlyOnceInOrder(journal(c), intents);
    await expectTablesMatch(b);
  });

  it('restored from an older copy, the central is sent again only what it lost, even a command whose outcome came from the feed', async () => {
    tmp = tempDir('jb-eo-feed-');
    cleanups.push(() => tmp.remove());
    const c = await central('central', { simulate: false });
    const b = backend(c, { pushBackoff: { initialDelay: 5_000, maxDelay: 5_000 } });
    await waitFor(() => b.stats().link.state === 'connected', 'connected');
    // Its answer garbled: the client learns it was applied from the change feed (no chain of its own).
    c.faults.set({ commandAnswerFaultRate: 1 });
    const fromFeed = randomUUID();
    await b.call('stock.adjust', { siteId: 'depot-east', itemId: 'helmet', delta: 2, reason: 'feed', commandId: fromFeed });
    await waitFor(() => journal(c).includes(fromFeed), 'applied at the central');
    await waitFor(() => b.stats().queueDepth === 0 && b.stats().cursor >= c.head().cursor, 'its change pulled, the command done');
    c.faults.set({ commandAnswerFaultRate: 0 });
    expect(c.stats().commandAnswersGarbled).toBeGreaterThan(0);
    const older = join(tmp.dir, 'older.sqlite');
    await c.backupTo(older);
    const lost = randomUUID();
    await b.call('stock.adjust', { siteId: 'depot-east', itemId: 'helmet', delta: 3, reason: 'lost', commandId: lost });
    await drained(b);
    await c.replaceDatabase(older);
    await waitFor(() => b.stats().rewinds >= 1, 'rewind', 20_000);
    await drained(b);
    // Only the command the copy lacks went again, and the board says one, not two.
    expect(((await b.call('link.health', {})) as MethodResult<'link.health'>).lastRewind).toMatchObject({ requeued: 1 });
    expectExactlyOnceInOrder(journal(c), [fromFeed, lost]);
  });

  it('the central replaced by a fresh database: every applied command goes again, once', async () => {
    tmp = tempDir('jb-eo-fresh-');
    cleanups.push(() => tmp.remove());
    const fresh = await central('fresh', { simulate: false });
    await fresh.backupTo(join(tmp.dir, 'fresh-copy.sqlite'));
    const c = await central('central');
    const b = backend(c);
    await waitFor(() => b.stats().link.state === 'connected', 'connected');
    const intents: string[] = [];
    await issue(b, intents, 15);
    await drained(b);
    await c.replaceDatabase(join(tmp.dir, 'fresh-copy.sqlite'));
    expect(journal(c)).toEqual([]);
    await waitFor(() => b.stats().rewinds >= 1, 'rewind', 20_000);
    await drained(b);
    expectExactlyOnceInOrder(journal(c), intents);
  });

  it('a backup with its own database that lags the primary: failover rewinds onto it, fail-back rewinds onto the primary, each intent once and in order', async () => {
    tmp = tempDir('jb-eo-lag-');
    cleanups.push(() => tmp.remove());
    const p = await central('primary');
    const b = backend(p, { backupCentralUrl: 'http://127.0.0.1:1' });
    void b;
    await b.close();
    // The backup starts from a copy of the primary taken now: it lags from here on.
    await p.backupTo(join(tmp.dir, 'standby.sqlite'));
    copyFileSync(join(tmp.dir, 'standby.sqlite'), join(tmp.dir, 'backup.sqlite'));
    const s = await central('backup', { simulate: false });
    const client = backend(p, { backupCentralUrl: s.url, healthEveryMs: 250 });
    await waitFor(() => client.stats().link.state === 'connected', 'connected');
    const intents: string[] = [];
    await issue(client, intents, 10);
    await drained(client);
    p.faults.set({ offline: true });
    await waitFor(() => client.stats().endpoint === 'backup', 'failover', 10_000);
    await issue(client, intents, 10);
    await waitFor(() => client.stats().rewinds >= 1, 'rewind onto the lagging backup', 20_000);
    await drained(client);
    // The backup holds everything now: what the primary had applied (re-sent), then the rest.
    expectExactlyOnceInOrder(journal(s), intents);
    p.faults.set({ offline: false });
    await waitFor(() => client.stats().endpoint === 'primary', 'fail-back', 15_000);
    await issue(client, intents, 5);
    await waitFor(() => client.stats().rewinds >= 2, 'rewind back onto the primary', 20_000);
    await drained(client);
    expectExactlyOnceInOrder(journal(p), intents);
    expect(client.stats().conflicts).toBe(0);
    expect(s.stats().historyRefusals + p.stats().historyRefusals).toBeGreaterThanOrEqual(2);
  });
});

/** A primary and a backup on one database, and a backend with the production settings (no overrides of probe period, deadline or thresholds). */
async function productionPair(name: string) {
  tmp = tempDir(`jb-eo-${name}-`);
  cleanups.push(() => tmp.remove());
  const p = await central('primary');
  const s = await central('backup', { simulate: false, dbPath: join(tmp.dir, 'primary.sqlite') });
  const b = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: p.url, backupCentralUrl: s.url, baseMapPath, log: () => {} });
  cleanups.push(() => b.close());
  b.start();
  await waitFor(() => b.stats().link.state === 'connected', 'connected');
  return { p, b };
}

describe('failover with the production settings', () => {
  it('a black hole in front of the primary (connects, never answers): on the backup within 2.5 s', async () => {
    const { p, b } = await productionPair('hole');
    await new Promise((r) => setTimeout(r, 1_500));
    const t0 = Date.now();
    p.faults.set({ blackHole: true });
    await waitFor(() => b.stats().endpoint === 'backup', 'failover', 10_000, 10);
    const ms = Date.now() - t0;
    console.log(`black-hole failover after ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(2_500);
    p.faults.set({ blackHole: false });
  });

  it('a primary that is slow but answers (900 ms) is not failed over', async () => {
    const { p, b } = await productionPair('slow');
    p.faults.set({ latencyMs: 900 });
    await new Promise((r) => setTimeout(r, 8_000));
    p.faults.set({ latencyMs: 0 });
    expect(b.stats().failovers).toBe(0);
    expect(b.stats().endpoint).toBe('primary');
  }, 20_000);
});

describe('positions from a central whose clock is a day off', () => {
  it.each([
    ['ahead', 86_400_000],
    ['behind', -86_400_000],
  ])('a clock a day %s: vehicles keep moving, report age is from receive time, the skew is a link event, and a restart does not freeze them', async (_n, skew) => {
    tmp = tempDir('jb-eo-clock-');
    cleanups.push(() => tmp.remove());
    const c = await central('central');
    c.faults.set({ clockSkewMs: skew });
    const dbPath = join(tmp.dir, 'cache.sqlite');
    let b = backend(c, { dbPath });
    await waitFor(() => b.stats().positionFrames > 3, 'frames');
    const snap = (await b.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    for (const pos of snap.positions) expect(Math.abs(pos.ts - Date.now())).toBeLessThan(10_000);
    if (skew > 0) {
      expect(b.stats().positionFramesClockAhead).toBeGreaterThan(0);
      expect((await events(b)).some((e) => e.kind === 'clock_ahead')).toBe(true);
    }
    await waitFor(() => Math.abs((b.stats().link.clockSkewMs ?? 0) - skew) < 5_000, 'skew measured from /health');
    await waitFor(async () => (await events(b)).some((e) => e.kind === 'clock_skew'), 'clock skew recorded');
    // Restart: positions go on updating from where they were.
    await b.close();
    b = backend(c, { dbPath });
    const moving = async () => {
      const before = ((await b.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).positions;
      await new Promise((r) => setTimeout(r, 1_200));
      const after = ((await b.call('board.snapshot', {})) as MethodResult<'board.snapshot'>).positions;
      return after.filter((a) => before.find((x) => x.vehicleNo === a.vehicleNo && x.ts < a.ts)).length;
    };
    await waitFor(async () => (await moving()) > 50, 'vehicles still updating after a restart', 15_000, 0);
  }, 40_000);
});

describe('the demo control', () => {
  it('is not in the production API; the demo build has it', async () => {
    tmp = tempDir('jb-eo-demo-');
    cleanups.push(() => tmp.remove());
    const c = await central('central', { simulate: false });
    const prod = backend(c, { demo: false });
    const reply = await prod.handle({ kind: 'call', id: 1, method: 'link.setCut', arg: { cut: true } }, TEST_CALLER);
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(prod.stats().link.cut).toBe(false);
    expect(((await prod.call('link.health', {})) as MethodResult<'link.health'>).demo).toBe(false);
    // Nor is the demo's password-less sign-in.
    expect(await prod.handle({ kind: 'call', id: 3, method: 'auth.demoLogin', arg: { role: 'supervisor' } }, { transport: 'port', origin: 'test', connection: { sessionId: null } })).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    const demo = backend(c, { demo: true });
    expect(await demo.handle({ kind: 'call', id: 2, method: 'link.setCut', arg: { cut: true } }, TEST_CALLER)).toMatchObject({ ok: true });
    expect(demo.stats().link.cut).toBe(true);
  });
});
