/**
 * Approvals at the board (multi-level command), against a real central: a county console's
 * large allocation shows as waiting the moment it is accepted (the board's view applies the
 * same rules with the tree it holds), a station's supervisor below the approving county is
 * refused at once with the refusal on his audit chain and nothing queued, and the county's
 * supervisor approves it: queued, uploaded, applied, the vehicle leaves.
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

const cacheKey = testCacheKey();
const cleanups = centralSuite();
const connection = (origin: string): CallerContext => ({ transport: 'port', origin, connection: { sessionId: null } });
const STATION_SUP = { username: 'nordstaden.sup', password: 'nordstaden-sup-2026', totpSecret: 'JBSWY3DPEHPK3PXPNRDSSUPVKEYAAAAA' };

describe('approving at the board', () => {
  it('a county’s large allocation waits at once; a station’s supervisor is refused and audited; the county’s supervisor approves and it runs', async () => {
    const tmp = tempDir('jb-approve-');
    cleanups.push(() => tmp.remove());
    // The division's threshold, not the default: the board takes the central's (its /health says it).
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000, scopeSettings: { largeAllocationUnits: 500 } });
    cleanups.push(() => central.close());
    await central.users().createUser({ ...STATION_SUP, displayName: '北城派出所·值班领导', role: 'supervisor', unitId: 'unit-nordstaden' });
    const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, demo: true });
    cleanups.push(() => backend.close());
    backend.start();
    await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 290, 'synced');
    await waitFor(() => backend.stats().scopeSettings?.largeAllocationUnits === 500, 'the central’s settings, from its /health');

    const signIn = async (a: { username: string; password: string; totpSecret: string }, ctx: CallerContext) =>
      expect(await backend.call('auth.login', { username: a.username, password: a.password, code: totpCode(a.totpSecret) }, ctx)).toMatchObject({ status: 'signed_in' });
    const account = (u: string) => DEMO_UNIT_ACCOUNTS.find((a) => a.username === u)!;
    const list = async (ctx: CallerContext) => (await backend.call('request.list', {}, ctx)) as MethodResult<'request.list'>;

    // Centrum's duty officer: six hundred masks from the central depot for Nordstaden — within the county, but large.
    const duty = connection('duty');
    await signIn(account('centrum.duty'), duty);
    const held = async () => ((await backend.call('board.snapshot', {}, duty)) as MethodResult<'board.snapshot'>).vehicles;
    await waitFor(async () => (await held()).length > 0 && (await held()).every((v) => v.unitId?.startsWith('unit-') && v.unitId !== 'unit-gbg'), 'Centrum’s scope');
    const snap = (await backend.call('board.snapshot', {}, duty)) as MethodResult<'board.snapshot'>;
    const vehicle = snap.vehicles.filter((v) => v.status === 'available').sort((a, b) => b.capacity - a.capacity)[0]!;
    const { requestId } = (await backend.call('request.create', { destination: { lon: 11.975, lat: 57.706, label: '北城' }, items: [{ itemId: 'n95-mask', quantity: 600 }], priority: 'orange', requester: '北城派出所', note: '' }, duty)) as MethodResult<'request.create'>;
    const { dispatchIds } = (await backend.call('dispatch.accept', { requestId, runs: [{ vehicleId: vehicle.id, siteIds: ['depot-central'], pickups: [{ siteId: 'depot-central', itemId: 'n95-mask', quantity: 600 }], arrivalS: 900 }] }, duty)) as MethodResult<'dispatch.accept'>;
    const dispatchId = dispatchIds[0]!;
    // Waiting on this board at once, before the central has seen it: the view applies the rules with the tree it holds.
    const mine = (await list(duty)).dispatches.find((d) => d.id === dispatchId)!;
    expect(mine).toMatchObject({ status: 'awaiting_approval', approval: { level: 'county', unitId: 'unit-centrum', reasons: ['large_allocation'] } });
    expect((await list(duty)).mayDecide).toEqual([]);
    expect((await list(duty)).mayEscalate).toBe(true);
    await waitFor(() => backend.stats().queueDepth === 0, 'uploaded');
    await waitFor(async () => (await list(duty)).dispatches.find((d) => d.id === dispatchId)?.approval?.requestedBy === 'centrum.duty', 'the central’s record');
    // The duty officer holds no approval permission at all.
    await expect(backend.call('dispatch.approve', { dispatchId, note: '' }, duty)).rejects.toMatchObject({ code: 'forbidden' });

    // A station's supervisor, below the approving county: refused here, on his audit chain, nothing queued.
    const station = connection('station');
    await signIn(STATION_SUP, station);
    await waitFor(async () => (await list(station)).dispatches.some((d) => d.id === dispatchId), 'the station sees its request’s order');
    expect((await list(station)).mayDecide).toEqual([]);
    await expect(backend.call('dispatch.approve', { dispatchId, note: '' }, station)).rejects.toMatchObject({ code: 'no_authority' });
    expect(backend.stats().queueDepth).toBe(0);
    const audit = (await backend.call('audit.list', { action: 'command' }, station)) as MethodResult<'audit.list'>;
    const refused = audit.local.filter((e) => e.outcome === 'refused' && e.target === 'command:dispatch.approve');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ username: 'nordstaden.sup', detail: { code: 'no_authority' } });

    // The county's supervisor may decide it, and does.
    const sup = connection('sup');
    await signIn(account('centrum.sup'), sup);
    await waitFor(async () => (await list(sup)).mayDecide.includes(dispatchId), 'Centrum’s supervisor may decide it');
    await backend.call('dispatch.approve', { dispatchId, note: '同意' }, sup);
    // Running on this board at once; applied on the central once uploaded.
    expect((await list(sup)).dispatches.find((d) => d.id === dispatchId)?.status).toBe('enroute');
    await waitFor(() => backend.stats().queueDepth === 0, 'uploaded');
    await waitFor(async () => {
      const res = await fetch(`${central.url}/snapshot?table=dispatch`, { headers: { authorization: 'Bearer demo-ws:demo-workstation-secret-not-for-production' } });
      const d = ((await res.json()) as { rows: { id: string; status: string; approval?: { decision: string; decidedBy: string } }[] }).rows.find((x) => x.id === dispatchId);
      return d?.status === 'enroute' && d.approval?.decision === 'approved' && d.approval.decidedBy === 'centrum.sup';
    }, 'approved on the central');
  }, 120_000);
});
