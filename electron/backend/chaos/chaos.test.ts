/**
 * Seeded fault injection: two clients (real backends in child processes) issue
 * thousands of commands while the central's primary and backup drop, delay, fail,
 * rate-limit, garble, go down and come back, and the clients are killed with SIGKILL
 * at random points and restarted. At the end every acknowledged command was applied
 * exactly once, none was lost, each client's order was kept, and the local and
 * central digests are equal. The seed is printed; CHAOS_SEED=<seed> replays it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentralServer, type CentralServer, type Faults } from '../../../central/server';
import { ensureDemoCity } from '../../../central/test-support';
import { createRng } from '../../../central/demo-city/fleet';
import { tempDir, waitFor } from '../test-support';

const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const COMMANDS_PER_CLIENT = Number(process.env.CHAOS_COMMANDS ?? 1500);
const CHAOS_MS = Number(process.env.CHAOS_MS ?? 25_000);
const here = resolve(import.meta.dirname);

type ClientSpec = { name: string; site: string; item: string };
const CLIENTS: ClientSpec[] = [
  { name: 'A', site: 'depot-north', item: 'helmet' },
  { name: 'B', site: 'depot-west', item: 'stab-vest' },
];

let tmp: ReturnType<typeof tempDir>;
let primary: CentralServer;
let backup: CentralServer;

beforeAll(async () => {
  await ensureDemoCity();
  tmp = tempDir('jb-chaos-');
  const dbPath = join(tmp.dir, 'central.sqlite');
  primary = await createCentralServer({ dbPath, port: 0, tickMs: 500, seed: SEED, name: 'primary' });
  backup = await createCentralServer({ dbPath, port: 0, simulate: false, seed: SEED + 1, name: 'backup' });
}, 120_000);
afterAll(async () => {
  await primary?.close();
  await backup?.close();
  tmp?.remove();
});

const live = new Set<ChildProcess>();
afterAll(() => live.forEach((p) => p.kill('SIGKILL')));

class Client {
  proc: ChildProcess | null = null;
  /** commandId → issue number, for every command the client acknowledged as stored. */
  acked = new Map<string, number>();
  kills = 0;
  private batch = 0;
  private handlers = new Set<(m: Record<string, unknown>) => void>();
  constructor(readonly spec: ClientSpec) {}

  async start(): Promise<void> {
    const proc = fork(join(here, 'client.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        CHAOS_DB: join(tmp.dir, `client-${this.spec.name}.sqlite`),
        CHAOS_PRIMARY: primary.url,
        CHAOS_BACKUP: backup.url,
        CHAOS_CLIENT: this.spec.name,
        CHAOS_SITE: this.spec.site,
        CHAOS_ITEM: this.spec.item,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(proc);
    proc.on('exit', () => live.delete(proc));
    this.proc = proc;
    proc.on('message', (raw) => {
      const m = raw as Record<string, unknown>;
      if (m.type === 'acked') for (const [k, id] of m.ids as [number, string][]) this.acked.set(id, k);
      this.handlers.forEach((h) => h(m));
    });
    await this.request(null, (m) => m.type === 'ready', 60_000);
  }

  /** Sends `msg` and resolves with the first answer `match` accepts; rejects if the process dies first. */
  request(msg: Record<string, unknown> | null, match: (m: Record<string, unknown>) => boolean, ms = 60_000): Promise<Record<string, unknown>> {
    const proc = this.proc;
    if (!proc) return Promise.reject(new Error('not running'));
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.handlers.delete(handler);
        proc.off('exit', onExit);
        fn();
      };
      const handler = (m: Record<string, unknown>) => {
        if (m.type === 'error') done(() => reject(new Error(`client ${this.spec.name}: ${String(m.message)}`)));
        else if (match(m)) done(() => resolve(m));
      };
      const onExit = () => done(() => reject(new Error('killed')));
      const timer = setTimeout(() => done(() => reject(new Error(`client ${this.spec.name}: no answer in ${ms} ms`))), ms);
      this.handlers.add(handler);
      proc.once('exit', onExit);
      if (msg) proc.send(msg);
    });
  }

  issue(from: number, count: number) {
    const batch = ++this.batch;
    return this.request({ type: 'issue', from, count, batch }, (m) => m.type === 'acked' && m.done === true && m.batch === batch);
  }

  ask(msg: Record<string, unknown>, reply: string) {
    return this.request(msg, (m) => m.type === reply);
  }

  kill() {
    this.kills++;
    this.proc?.kill('SIGKILL');
    this.proc = null;
  }
}

describe(`chaos (seed ${SEED})`, () => {
  it('applies every acknowledged command exactly once, in order per client, through faults and SIGKILLs', async () => {
    console.log(`chaos seed ${SEED} (replay: CHAOS_SEED=${SEED})`);
    const rng = createRng(SEED);
    const clients = CLIENTS.map((s) => new Client(s));
    await Promise.all(clients.map((c) => c.start()));

    // Faults change every 400 ms on both endpoints, never both fully down for long.
    const randomFaults = (): Partial<Faults> => ({
      offline: rng.next() < 0.2,
      latencyMs: rng.next() < 0.3 ? Math.floor(rng.next() * 300) : 0,
      httpErrorRate: rng.next() < 0.3 ? rng.next() * 0.3 : 0,
      rateLimitPerSec: rng.next() < 0.2 ? 20 + Math.floor(rng.next() * 40) : 0,
      malformedRate: rng.next() < 0.2 ? rng.next() * 0.2 : 0,
      dropRate: rng.next() < 0.2 ? rng.next() * 0.1 : 0,
      liveDuplicateRate: rng.next() * 0.2,
      liveReorderRate: rng.next() * 0.2,
    });
    const faultTimer = setInterval(() => {
      primary.faults.set(randomFaults());
      backup.faults.set({ ...randomFaults(), offline: primary.faults.get().offline ? false : rng.next() < 0.2 });
    }, 400);

    // Each client issues its commands in batches spread over the chaos window, while a
    // killer SIGKILLs it at random moments (often in the middle of a batch).
    const t0 = Date.now();
    const inWindow = () => Date.now() - t0 < CHAOS_MS;
    const pauseMs = CHAOS_MS / (COMMANDS_PER_CLIENT / 50);
    const issuers = clients.map(async (c) => {
      let k = 0;
      while (k < COMMANDS_PER_CLIENT) {
        const count = Math.min(1 + Math.floor(rng.next() * 100), COMMANDS_PER_CLIENT - k);
        try {
          if (!c.proc) await c.start();
          await c.issue(k, count);
          k += count;
          if (inWindow()) await new Promise((r) => setTimeout(r, rng.next() * pauseMs));
        } catch {
          // Killed: what was acknowledged survives; the rest is issued again as new commands.
          k = Math.max(k, ...[...c.acked.values()].map((v) => v + 1));
          await new Promise((r) => setTimeout(r, 100 + rng.next() * 300));
        }
      }
    });
    const killers = clients.map(async (c) => {
      while (inWindow()) {
        await new Promise((r) => setTimeout(r, 500 + rng.next() * 3000));
        if (c.proc && inWindow()) c.kill();
      }
    });
    await Promise.all([...issuers, ...killers]);
    const issueMs = Date.now() - t0;
    clearInterval(faultTimer);
    primary.faults.set({ offline: false, latencyMs: 0, httpErrorRate: 0, rateLimitPerSec: 0, malformedRate: 0, dropRate: 0, liveDuplicateRate: 0, liveReorderRate: 0 });
    backup.faults.set({ offline: false, latencyMs: 0, httpErrorRate: 0, rateLimitPerSec: 0, malformedRate: 0, dropRate: 0, liveDuplicateRate: 0, liveReorderRate: 0 });

    // Everything drains once the link is healthy.
    for (const c of clients) {
      if (!c.proc) await c.start();
      await waitFor(async () => ((await c.ask({ type: 'status' }, 'status')).queueDepth as number) === 0, `client ${c.spec.name} drained`, 60_000, 250);
    }
    primary.simulator.pause();

    const central = new Database(join(tmp.dir, 'central.sqlite'), { readonly: true });
    const journal = central.prepare('SELECT rowid, id FROM command ORDER BY rowid').all() as { rowid: number; id: string }[];
    const position = new Map(journal.map((r, i) => [r.id, i]));
    const kills = clients.reduce((n, c) => n + c.kills, 0);
    const firstQuantity = (spec: ClientSpec) =>
      (JSON.parse((central.prepare("SELECT row FROM change WHERE tbl = 'stock' AND key = ? ORDER BY seq LIMIT 1").get(`${spec.site}/${spec.item}`) as { row: string }).row) as { quantity: number }).quantity;
    const delta = (spec: ClientSpec) =>
      (central.prepare('SELECT quantity FROM stock WHERE site_id = ? AND item_id = ?').get(spec.site, spec.item) as { quantity: number }).quantity - firstQuantity(spec);
    for (const c of clients) {
      // None lost: every acknowledged command is in the central's journal (at most once by its key).
      const missing = [...c.acked.keys()].filter((id) => !position.has(id));
      expect(missing, `client ${c.spec.name} lost commands`).toEqual([]);
      // Order kept: the central applied this client's acknowledged commands in issue order.
      const order = [...c.acked.entries()].sort((a, b) => position.get(a[0])! - position.get(b[0])!).map(([, k]) => k);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      // Every acknowledged command moved this client's stock row (+1 each).
      expect(delta(c.spec)).toBeGreaterThanOrEqual(c.acked.size);
    }
    // Exactly once: each applied command is +1 on one of the two rows, so the rows moved
    // by exactly the journal's length; a command applied twice would show as a surplus.
    expect(clients.reduce((n, c) => n + delta(c.spec), 0)).toBe(journal.length);
    // Local and central digests are equal.
    const remote = (await (await fetch(`${primary.url}/digest`)).json()) as { cursor: number; tables: Record<string, { count: number; hash: number; lastSeq: number }> };
    for (const c of clients) {
      const local = (await c.ask({ type: 'digest', head: remote.cursor }, 'digest')).tables as Record<string, { count: number; hash: number; lastSeq: number }>;
      for (const t of ['site', 'item', 'stock', 'vehicle']) expect(local[t], `client ${c.spec.name} table ${t}`).toEqual(remote.tables[t]);
    }
    central.close();
    console.log(`chaos seed ${SEED}: ${journal.length} commands applied once each (${clients.map((c) => `${c.spec.name}: ${c.acked.size} acked`).join(', ')}), ${kills} SIGKILLs, issuing took ${issueMs} ms`);
    for (const c of clients) c.proc?.send({ type: 'stop' });
  }, 240_000);
});
