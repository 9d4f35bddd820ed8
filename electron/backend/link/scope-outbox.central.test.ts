/**
 * What an earlier officer queued stays his (multi-level command): Centrum's officer records a
 * request and books stock out with the link down and signs out; Hisingen's officer signs in at the
 * same workstation. The queued actions are still uploaded — they are Centrum's officer's, on his
 * audit chain — but nothing of them is shown to Hisingen's: not the request in the queue, not the
 * depot's stock in the board's view, not the pending marks; not before the upload, not after.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_UNIT_ACCOUNTS } from '../../../central/auth/demo-users';
import { createCentralServer } from '../../../central/server';
import { totpCode } from '../../../shared/auth/totp';
import type { CallerContext, MethodResult } from '../../../shared/board-api';
import { createBackend } from '../backend';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cleanups = centralSuite();
const connection = (origin: string): CallerContext => ({ transport: 'port', origin, connection: { sessionId: null } });

describe('an earlier officer’s queued actions after a change of scope', () => {
  it('are uploaded as his, and shown to nobody of another scope', async () => {
    const tmp = tempDir('jb-scope-outbox-');
    cleanups.push(() => tmp.remove());
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000 });
    cleanups.push(() => central.close());
    const backend = createBackend({ cacheKey: testCacheKey(), dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, demo: true, pushBackoff: { initialDelay: 50, maxDelay: 300 } });
    cleanups.push(() => backend.close());
    backend.start();
    await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 290, 'synced');
    const signIn = async (username: string, ctx: CallerContext, at = Date.now()) => {
      const a = DEMO_UNIT_ACCOUNTS.find((x) => x.username === username)!;
      expect(await backend.call('auth.login', { username: a.username, password: a.password, code: totpCode(a.totpSecret, at) }, ctx)).toMatchObject({ status: 'signed_in' });
    };
    const snapshot = async (ctx: CallerContext) => (await backend.call('board.snapshot', {}, ctx)) as MethodResult<'board.snapshot'>;
    const list = async (ctx: CallerContext) => (await backend.call('request.list', {}, ctx)) as MethodResult<'request.list'>;

    // Hisingen's officer has signed in here before (so he can sign in offline); then Centrum's.
    const h = connection('hisingen');
    await signIn('hisingen.duty', h);
    await waitFor(async () => (await snapshot(h)).sites.length > 0 && (await snapshot(h)).sites.every((s) => s.unitId !== 'unit-nordstaden'), 'Hisingen’s scope');
    await backend.call('auth.logout', {}, h);
    const c = connection('centrum');
    await signIn('centrum.duty', c, Date.now() + 30_000);
    await waitFor(async () => (await snapshot(c)).sites.some((s) => s.id === 'depot-central'), 'Centrum’s scope');

    // With the link down, Centrum's officer records a request, books stock out of the central depot,
    // and sends one of the county's vehicles to maintenance — a vehicle the city meanwhile hands to
    // Hisingen, so that the central refuses his command (out of his reach now): a conflict of his.
    const vehicle = (await snapshot(c)).vehicles.find((v) => v.status === 'available')!;
    backend.setCut(true);
    await backend.call('vehicle.setStatus', { vehicleId: vehicle.id, status: 'maintenance' }, c);
    central.units().assign('vehicle', vehicle.id, 'unit-hisingen');
    const { requestId } = (await backend.call('request.create', { destination: { lon: 11.975, lat: 57.706, label: '北城·离线需求' }, items: [{ itemId: 'n95-mask', quantity: 5 }], priority: 'yellow', requester: '', note: '' }, c)) as MethodResult<'request.create'>;
    await backend.call('stock.adjust', { siteId: 'depot-central', itemId: 'n95-mask', delta: -7, reason: '离线出库' }, c);
    expect((await list(c)).requests.map((r) => r.id)).toContain(requestId);
    expect(backend.stats().queueDepth).toBe(3);
    expect(((await backend.call('outbox.list', {}, c)) as MethodResult<'outbox.list'>).entries).toHaveLength(3);
    await backend.call('auth.logout', {}, c);

    // Hisingen's officer, offline: nothing of Centrum's queued actions.
    const h2 = connection('hisingen-2');
    await signIn('hisingen.duty', h2, Date.now() + 30_000);
    const shown = async () => {
      const l = await list(h2);
      const s = await snapshot(h2);
      return { requests: l.requests.map((r) => r.id), depot: s.sites.some((x) => x.id === 'depot-central'), pending: s.pending.length };
    };
    expect(await shown()).toEqual({ requests: [], depot: false, pending: 0 });
    // Nor are they listed on his link panel (they are uploaded all the same).
    expect(((await backend.call('outbox.list', {}, h2)) as MethodResult<'outbox.list'>).entries).toEqual([]);
    // The plans he makes offer none of Centrum's depot's stock either.
    const plan = (await backend.call('dispatch.plan', { destination: { lon: 11.94, lat: 57.72 }, items: [{ itemId: 'n95-mask', quantity: 5 }], priority: 'yellow' }, h2)) as MethodResult<'dispatch.plan'>;
    if (plan.ok) expect(plan.plans.flatMap((p) => p.pickups.map((x) => x.siteId))).not.toContain('depot-central');

    // The link is back: the queue drains as Centrum's officer's actions; still nothing of them here.
    backend.setCut(false);
    await waitFor(() => backend.stats().queueDepth === 0, 'the queue drained');
    const res = await fetch(`${central.url}/snapshot?table=request`, { headers: { authorization: 'Bearer demo-ws:demo-workstation-secret-not-for-production' } });
    expect(((await res.json()) as { rows: { id: string; unitId: string }[] }).rows.find((r) => r.id === requestId)).toMatchObject({ unitId: 'unit-nordstaden' });
    await waitFor(async () => backend.stats().cursor > 0 && !(await list(h2)).requests.some((r) => r.id === requestId), 'still not shown');
    expect(await shown()).toEqual({ requests: [], depot: false, pending: 0 });
    // Centrum's refused command is a conflict of Centrum's officer: not listed, not counted here.
    expect(((await backend.call('conflict.list', {}, h2)) as MethodResult<'conflict.list'>).conflicts).toEqual([]);
    expect(backend.stats().conflicts).toBe(0);
    expect(((await backend.call('outbox.list', {}, h2)) as MethodResult<'outbox.list'>).entries).toEqual([]);
    // Centrum's, when an officer of Centrum is back (its supervisor): the conflict (the refusal really happened), and the three commands.
    await backend.call('auth.logout', {}, h2);
    const c2 = connection('centrum-2');
    await signIn('centrum.sup', c2);
    const conflicts = ((await backend.call('conflict.list', {}, c2)) as MethodResult<'conflict.list'>).conflicts;
    expect(conflicts.map((x) => [x.type, x.code])).toEqual([['vehicle.setStatus', 'out_of_scope']]);
    expect(backend.stats().conflicts).toBe(1);
    expect(((await backend.call('outbox.list', {}, c2)) as MethodResult<'outbox.list'>).entries).toHaveLength(3);
  }, 90_000);
});
