/**
 * One chaos-test client: a real backend in its own process (so the test can SIGKILL
 * it), driven over IPC. It acknowledges a command only after the outbox transaction
 * has committed: an acknowledged command must survive any kill.
 *
 *   env: CHAOS_DB, JINGBAO_CACHE_KEY, CHAOS_PRIMARY, CHAOS_BACKUP, CHAOS_CLIENT, CHAOS_SITE, CHAOS_ITEM
 */
import { createBackend } from '../backend';
import { openCacheFile } from '../store/cache-file';
import { cacheKeyFromConfig } from '../store/cache-key';
import { readChain, readTableSeq } from '../store/replica';
import { createReplicaAccess } from '../../../shared/replica/access';
import { tableDigest } from '../../../shared/digest';
import { REPLICA_TABLES } from '../../../shared/central-api';

type Msg = { type: 'issue'; from: number; ids: string[]; batch: number } | { type: 'status'; pull?: boolean } | { type: 'digest'; head: number } | { type: 'stop' };

const env = (k: string) => process.env[k] ?? (() => { throw new Error(`${k} not set`); })();
const client = env('CHAOS_CLIENT');
const cacheKey = cacheKeyFromConfig(process.env);
const backend = createBackend({
  dbPath: env('CHAOS_DB'),
  cacheKey,
  centralUrl: env('CHAOS_PRIMARY'),
  backupCentralUrl: env('CHAOS_BACKUP'),
  baseMapPath: '/nonexistent.mbtiles',
  log: () => {},
  pushBackoff: { initialDelay: 20, maxDelay: 500 },
  healthEveryMs: 300,
  offlineAfterMs: 2_000,
  liveSilenceMs: 2_000,
  reconcileEveryMs: 3_600_000,
});
backend.start();
const send = (m: unknown) => process.send?.(m);
// A client that stops answering (the harness waits 60 s for each answer) is told from a slow one by its stalls.
let lastTick = Date.now();
setInterval(() => {
  const stalled = Date.now() - lastTick;
  if (stalled > 5_000) console.error(`chaos client ${client}: its event loop stalled ${stalled} ms`);
  lastTick = Date.now();
}, 500).unref();

process.on('message', (raw) => {
  const m = raw as Msg;
  void (async () => {
    switch (m.type) {
      case 'issue': {
        let acked: [number, string][] = [];
        // Each intent carries the harness's id: issuing it again after a kill is the same command.
        for (const [i, id] of m.ids.entries()) {
          const k = m.from + i;
          const r = (await backend.call('stock.adjust', { siteId: env('CHAOS_SITE'), itemId: env('CHAOS_ITEM'), delta: 1, reason: `${client}#${k}`, commandId: id })) as { commandId: string };
          if (r.commandId !== id) throw new Error(`intent ${k} came back as ${r.commandId}, not ${id}`);
          acked.push([k, r.commandId]);
          if (acked.length === 25) {
            send({ type: 'acked', ids: acked });
            acked = [];
          }
        }
        send({ type: 'acked', ids: acked, done: true, batch: m.batch });
        break;
      }
      case 'status': {
        // A pull first, when asked: it carries our newest known point, so a central whose
        // history is not ours any more (restored, or the backup we used lagged) says so now.
        if (m.pull) await backend.pull();
        const s = backend.stats();
        const db = openCacheFile(env('CHAOS_DB'), cacheKey, { readonly: true });
        const chain = readChain(db);
        db.close();
        send({ type: 'status', queueDepth: s.queueDepth, conflicts: s.conflicts, cursor: s.cursor, chain, state: s.link.state, endpoint: s.endpoint, rewinding: s.rewinding });
        break;
      }
      case 'digest': {
        // Catch up to the central's head first: right after the chaos a breaker may still be
        // open and a pull may fail; compare only once this cache has seen everything.
        const until = Date.now() + 30_000;
        while (backend.stats().cursor < m.head && Date.now() < until) {
          if (!(await backend.pull())) await new Promise((r) => setTimeout(r, 200));
        }
        const db = openCacheFile(env('CHAOS_DB'), cacheKey, { readonly: true });
        const access = createReplicaAccess(db);
        const tables = Object.fromEntries(REPLICA_TABLES.map((t) => [t, { ...tableDigest(t, access.all(t) as never), lastSeq: readTableSeq(db, t) }]));
        db.close();
        send({ type: 'digest', tables, cursor: backend.stats().cursor });
        break;
      }
      case 'stop':
        await backend.close();
        process.exit(0);
    }
  })().catch((e: unknown) => send({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
});
// Officers act on what the board shows: wait for the first sync before taking commands.
const until = Date.now() + 30_000;
const waitSynced = () => {
  if (backend.stats().cursor > 0 || Date.now() > until) send({ type: 'ready' });
  else setTimeout(waitSynced, 50);
};
waitSynced();
