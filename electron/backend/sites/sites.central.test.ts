/**
 * An administrator places or moves a site: a command like any officer's, through the
 * outbox and the audit, against the real central. The board shows the site at its new
 * place at once (queued, link cut), the central applies it once when the link returns, and
 * plans start from the new place. Only the administrator may: a duty officer and a
 * supervisor are refused by the board, and an officer without the right by the central.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCentralServer, type CentralServer } from '../../../central/server';
import { centralFetch } from '../../../central/test-support';
import { haversineM } from '../../../shared/city/roads';
import type { CallerContext, MethodResult } from '../../../shared/board-api';
import type { Site } from '../../../shared/domain';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { createBackend, type Backend } from '../backend';
import { demoSignedIn, tempDir, refusal, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();
const baseMapPath = DEMO_BASE_MAP;
const cleanups = centralSuite();

async function stack(): Promise<{ central: CentralServer; backend: Backend }> {
  const tmp = tempDir('jb-sites-');
  cleanups.push(() => tmp.remove());
  const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, simulate: false, routeSliceMs: Infinity });
  cleanups.push(() => central.close());
  const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath, log: () => {}, demo: true, pushBackoff: { initialDelay: 50, maxDelay: 500 } });
  cleanups.push(() => backend.close());
  backend.start();
  // Synced with the demo accounts (they follow the city in the change log).
  await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor >= central.head().cursor, 'synced');
  return { central, backend };
}

const signedIn = demoSignedIn;
const snapshot = async (b: Backend, ctx?: CallerContext) => (await b.call('board.snapshot', {}, ctx)) as MethodResult<'board.snapshot'>;
const centralSite = async (central: CentralServer, id: string): Promise<Site | undefined> => {
  const r = (await (await centralFetch(`${central.url}/snapshot?table=site`)).json()) as { rows: Site[] };
  return r.rows.find((s) => s.id === id);
};

// Inside the demo city, a few hundred metres from where qp-03 stands.
const NEW_PLACE = { lon: 11.9652, lat: 57.6921 };

describe('moving a site', () => {
  it('queued while cut: the board shows it at once, audited; applied once when the link returns', async () => {
    const { central, backend } = await stack();
    const admin = await signedIn(backend, 'admin');
    const before = (await snapshot(backend, admin)).sites.find((s) => s.id === 'qp-03')!;
    const applied = central.stats().commandsApplied;

    backend.setCut(true);
    const commandId = randomUUID();
    await backend.call('site.move', { siteId: 'qp-03', ...NEW_PLACE, commandId }, admin);
    // The officer's retry of the same intent (a lost answer) is the same command.
    await backend.call('site.move', { siteId: 'qp-03', ...NEW_PLACE, commandId }, admin);
    const shown = await snapshot(backend, admin);
    expect(shown.sites.find((s) => s.id === 'qp-03')).toEqual({ ...before, ...NEW_PLACE });
    expect(shown.pending.filter((p) => p.target === 'site:qp-03')).toHaveLength(1);
    expect(((await backend.call('site.detail', { siteId: 'qp-03' }, admin)) as MethodResult<'site.detail'>).site).toMatchObject(NEW_PLACE);
    // In the audit log, with who did it and where the site was before.
    const audit = (await backend.call('audit.list', { action: 'command' })) as MethodResult<'audit.list'>;
    const moved = [...audit.central, ...audit.local].filter((e) => e.target === 'command:site.move');
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ username: 'demo.admin', role: 'admin', detail: { commandId, before: { lon: before.lon, lat: before.lat }, after: { siteId: 'qp-03', ...NEW_PLACE } } });
    // Nothing reached the central yet.
    expect((await centralSite(central, 'qp-03'))?.lon).toBe(before.lon);

    backend.setCut(false);
    await waitFor(() => backend.stats().queueDepth === 0, 'drained');
    await waitFor(async () => (await snapshot(backend, admin)).pending.length === 0, 'reflected');
    expect(central.stats().commandsApplied - applied).toBe(1);
    expect(await centralSite(central, 'qp-03')).toEqual({ ...before, ...NEW_PLACE });
    // The mirror now holds what the overlay showed.
    expect((await snapshot(backend, admin)).sites.find((s) => s.id === 'qp-03')).toEqual({ ...before, ...NEW_PLACE });
  }, 60_000);

  it('is the administrator’s: a duty officer, a supervisor and the wall are refused by the board', async () => {
    const { backend } = await stack();
    for (const role of ['duty', 'supervisor', 'wall'] as const) {
      const ctx = await signedIn(backend, role);
      expect((await refusal(backend.call('site.move', { siteId: 'qp-03', ...NEW_PLACE }, ctx))).code, role).toBe('forbidden');
      expect((await refusal(backend.call('site.place', { siteId: 'qp-new', kind: 'quickpick', name: '新快取点', nameEn: 'New', address: '', ...NEW_PLACE }, ctx))).code, role).toBe('forbidden');
    }
    expect(backend.stats().queueDepth).toBe(0);
    expect((await snapshot(backend)).sites.find((s) => s.id === 'qp-03')).not.toMatchObject(NEW_PLACE);
  }, 60_000);

  it('refuses an unknown site, a taken id and a position off the base map, naming the problem', async () => {
    const { backend } = await stack();
    const admin = await signedIn(backend, 'admin');
    expect(await refusal(backend.call('site.move', { siteId: 'qp-99', ...NEW_PLACE }, admin))).toMatchObject({ code: 'not_found', params: { site: 'qp-99' } });
    // Swapped lon and lat: a valid WGS-84 point, far off this city.
    expect(await refusal(backend.call('site.move', { siteId: 'qp-03', lon: NEW_PLACE.lat, lat: NEW_PLACE.lon }, admin))).toMatchObject({
      code: 'outside_map',
      params: { lon: NEW_PLACE.lat.toFixed(5), lat: NEW_PLACE.lon.toFixed(5) },
    });
    const place = { siteId: 'qp-21', kind: 'quickpick' as const, name: '快取点21', nameEn: 'Quick-pick 21', address: '', ...NEW_PLACE };
    expect(await refusal(backend.call('site.place', { ...place, siteId: 'depot-central' }, admin))).toMatchObject({ code: 'site_exists', params: { siteId: 'depot-central' } });
    expect((await refusal(backend.call('site.place', { ...place, lon: 13.5 }, admin))).code).toBe('outside_map');
    expect(backend.stats().queueDepth).toBe(0);
  }, 60_000);

  it('places a new site: shown at once, applied by the central, and its id then taken', async () => {
    const { central, backend } = await stack();
    const admin = await signedIn(backend, 'admin');
    const place = { siteId: 'qp-21', kind: 'quickpick' as const, name: '快取点21', nameEn: 'Quick-pick 21', address: '测试街 1 号', ...NEW_PLACE };
    await backend.call('site.place', { ...place, commandId: randomUUID() }, admin);
    const expected = { id: 'qp-21', kind: 'quickpick', name: '快取点21', nameEn: 'Quick-pick 21', address: '测试街 1 号', ...NEW_PLACE };
    // Shown at once as placed; the central then files it under the unit whose area holds it (multi-level command).
    expect((await snapshot(backend, admin)).sites.find((s) => s.id === 'qp-21')).toMatchObject(expected);
    await waitFor(async () => (await centralSite(central, 'qp-21')) !== undefined, 'at the central');
    expect(await centralSite(central, 'qp-21')).toEqual({ ...expected, unitId: expect.stringMatching(/^unit-/) });
    expect((await refusal(backend.call('site.place', place, admin))).code).toBe('site_exists');
  }, 60_000);

  it('plans start from where the site is now: the routing follows the move', async () => {
    const { backend } = await stack();
    const admin = await signedIn(backend, 'admin');
    const destination = { lon: 11.9262, lat: 57.6957 };
    const plan = async () => {
      const r = (await backend.call('dispatch.plan', { destination, items: [{ itemId: 'life-jacket', quantity: 5 }], priority: 'red' })) as MethodResult<'dispatch.plan'>;
      if (!r.ok) throw new Error(`no plan: ${r.reason}`);
      return r.plans[0]!;
    };
    const pickupSiteOf = (p: Awaited<ReturnType<typeof plan>>) => p.runs[0]!.siteIds[0]!;
    const first = await plan();
    const siteId = pickupSiteOf(first);
    const leg = (p: Awaited<ReturnType<typeof plan>>) => p.runs[0]!.legs.find((l) => l.to.kind === 'site' && l.to.id === siteId)!;
    const end = (l: ReturnType<typeof leg>) => l.path![l.path!.length - 1]!;
    const site = (await snapshot(backend, admin)).sites.find((s) => s.id === siteId)!;
    expect(haversineM(end(leg(first))[0], end(leg(first))[1], site.lon, site.lat)).toBeLessThan(300);

    // Moved next to the destination (closer still, so the planner keeps taking from it): the next plan's leg to it ends there.
    const to = { lon: destination.lon + 0.006, lat: destination.lat - 0.004 };
    expect(haversineM(to.lon, to.lat, site.lon, site.lat), siteId).toBeGreaterThan(1200);
    await backend.call('site.move', { siteId, ...to }, admin);
    const second = await plan();
    expect(second.runs.some((r) => r.siteIds.includes(siteId))).toBe(true);
    const l2 = second.runs.flatMap((r) => r.legs).find((l) => l.to.kind === 'site' && l.to.id === siteId)!;
    const e2 = l2.path![l2.path!.length - 1]!;
    expect(haversineM(e2[0], e2[1], to.lon, to.lat)).toBeLessThan(300);
    expect(haversineM(e2[0], e2[1], site.lon, site.lat)).toBeGreaterThan(1000);
  }, 90_000);
});

describe('the central', () => {
  it('refuses a move from an officer without the right, and one outside its city', async () => {
    const { central } = await stack();
    const user = (role: string) => central.users().list().find((u) => u.role === role)!;
    const send = async (role: string, payload: unknown) => {
      const u = user(role);
      const cmd = { id: randomUUID(), type: 'site.move', issuedAt: Date.now(), payload, actor: { userId: u.id, username: u.username, role: u.role, workstation: 'demo-ws' } };
      return (await (await centralFetch(`${central.url}/commands`, { method: 'POST', body: JSON.stringify(cmd) })).json()) as { status: string; code?: string };
    };
    expect(await send('duty', { siteId: 'qp-03', ...NEW_PLACE })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await send('supervisor', { siteId: 'qp-03', ...NEW_PLACE })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    // Swapped: a real position, far from this city.
    expect(await send('admin', { siteId: 'qp-03', lon: NEW_PLACE.lat, lat: NEW_PLACE.lon })).toMatchObject({ status: 'rejected', code: 'outside_city' });
    expect(await send('admin', { siteId: 'qp-99', ...NEW_PLACE })).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect(await send('admin', { siteId: 'qp-03', ...NEW_PLACE })).toMatchObject({ status: 'applied' });
    expect(await centralSite(central, 'qp-03')).toMatchObject(NEW_PLACE);
  }, 60_000);
});
