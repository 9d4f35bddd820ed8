/**
 * A link-failure drill (断网演练) on a console against a real central: started, the console's
 * link is cut and officers work offline; finished, the link is back, the queue drained in
 * order, the cache reconciled, and the drill's record (start, end, who, commands queued,
 * outcome) is on the central for every console, the handover and the reports.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCentralServer } from '../../../central/server';
import { centralFetch } from '../../../central/test-support';
import type { MethodResult } from '../../../shared/board-api';
import { createBackend } from '../backend';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();
const cleanups = centralSuite();
const scene = { lon: 11.9736, lat: 57.7089, label: '中央车站广场' };

describe('link-failure drill', () => {
  it('cuts the console off, keeps working, and on finishing drains the queue in order, reconciles and records the drill', async () => {
    const tmp = tempDir('jb-drill-');
    cleanups.push(() => tmp.remove());
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 200, simulate: false, dutyEveryMs: 0 });
    cleanups.push(() => central.close());
    const [a, b] = ['a', 'b'].map((n) => {
      const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, `cache-${n}.sqlite`), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, pushBackoff: { initialDelay: 50, maxDelay: 300 } });
      cleanups.push(() => backend.close());
      backend.start();
      return backend;
    }) as [ReturnType<typeof createBackend>, ReturnType<typeof createBackend>];
    for (const x of [a, b]) await waitFor(() => x.stats().link.state === 'connected' && x.stats().cursor > 0, 'synced');
    const applied0 = central.stats().commandsApplied;
    const cursor0 = central.head().cursor;

    const { drillId } = (await a.call('drill.start', { note: '季度断网演练' })) as MethodResult<'drill.start'>;
    await waitFor(() => a.stats().link.state !== 'connected', 'the link is cut');
    // A second drill on the same console is refused while this one runs.
    await expect(a.call('drill.start', { note: '' })).rejects.toMatchObject({ code: 'drill_running' });
    // Working offline: two requests recorded while cut off.
    const ids: string[] = [];
    for (const label of ['演练现场一', '演练现场二']) {
      const r = (await a.call('request.create', { destination: { ...scene, label }, items: [{ itemId: 'life-jacket', quantity: 2 }], priority: 'yellow', requester: '', note: '' })) as MethodResult<'request.create'>;
      ids.push(r.requestId);
    }
    expect(a.stats().queueDepth).toBe(3);
    expect(central.stats().commandsApplied).toBe(applied0);
    const running = (await a.call('drill.list', {})) as MethodResult<'drill.list'>;
    expect(running.running?.id).toBe(drillId);

    const done = (await a.call('drill.finish', { drillId })) as MethodResult<'drill.finish'>;
    expect([done.result, done.queued]).toEqual(['reconciled', 3]);
    await waitFor(() => a.stats().queueDepth === 0, 'finish sent');
    // On the central, in the order queued: the drill's start, the two requests, then its finish.
    expect(central.stats().commandsApplied - applied0).toBe(4);
    const log = (await (await centralFetch(`${central.url}/changes?since=${cursor0}&limit=500`)).json()) as { changes: { table: string; key: string; row: { result?: string } }[] };
    const order = log.changes.filter((c) => c.table === 'drill' || c.table === 'request').map((c) => (c.table === 'drill' ? `drill:${c.row.result}` : `request:${ids.indexOf(c.key)}`));
    expect(order).toEqual(['drill:running', 'request:0', 'request:1', 'drill:reconciled']);
    await waitFor(() => b.stats().cursor >= central.head().cursor, 'b caught up');
    const seen = (await b.call('drill.list', {})) as MethodResult<'drill.list'>;
    const d = seen.drills.find((x) => x.id === drillId)!;
    expect([d.result, d.queued, d.startedBy, d.note]).toEqual(['reconciled', 3, 'system', '季度断网演练']);
    expect(d.endedAt!).toBeGreaterThan(d.startedAt);
    const requests = ((await b.call('request.list', {})) as MethodResult<'request.list'>).requests.filter((r) => ids.includes(r.id));
    expect(requests.map((r) => r.destination.label).sort()).toEqual(['演练现场一', '演练现场二']);
    // Finished once: again is refused.
    await expect(a.call('drill.finish', { drillId })).rejects.toMatchObject({ code: 'drill_finished' });
  }, 90_000);
});
