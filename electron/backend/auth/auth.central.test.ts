/**
 * Who is at the board, against a real central: sign-in with password and TOTP, its
 * refusals (wrong, replayed, throttled, disabled), offline sign-in against the cached
 * verifier after a cut, the central obeyed at the next contact, the idle lock, every
 * method's permission checked for the session's role, and the audit chain: written with
 * each action, uploaded, held by the central, verified, and an edited row named.
 */
import { randomUUID } from 'node:crypto';
import { openCacheFile } from '../store/cache-file';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../../central/auth/demo-users';
import { createCentralServer, type CentralServer } from '../../../central/server';
import { centralFetch } from '../../../central/test-support';
import { ROLE_PERMISSIONS } from '../../../shared/auth/roles';
import { totpCode } from '../../../shared/auth/totp';
import { allBoardMethods, isDemoMethod, type BoardMethod, type CallerContext, type MethodResult } from '../../../shared/board-api';
import { COMMANDS } from '../../../shared/commands/registry';
import { PERMISSIONS } from '../../../shared/permissions';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { createBackend, type Backend } from '../backend';
import { tempDir, refusal, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();

const baseMapPath = DEMO_BASE_MAP;
const cleanups = centralSuite();

async function stack(): Promise<{ central: CentralServer; backend: Backend; dir: string }> {
  const tmp = tempDir('jb-auth-');
  cleanups.push(() => tmp.remove());
  const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000 });
  cleanups.push(() => central.close());
  const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath, log: () => {}, demo: true, pushBackoff: { initialDelay: 50, maxDelay: 300 } });
  cleanups.push(() => backend.close());
  backend.start();
  await waitFor(async () => (await backend.call('audit.list', {})) && backend.stats().cursor > 290, 'synced with the users');
  return { central, backend, dir: tmp.dir };
}

/** A connection as a transport makes one: its calls share the session it signs in. */
const connection = (origin = 'test-window'): CallerContext => ({ transport: 'port', origin, connection: { sessionId: null } });
const duty = DEMO_ACCOUNTS.duty;

describe('signing in', () => {
  it('takes password and code, refuses a wrong code, a replayed code, and throttles a guesser', async () => {
    const { backend } = await stack();
    const ctx = connection();
    expect((await refusal(backend.call('board.snapshot', {}, ctx))).code).toBe('unauthenticated');
    expect((await refusal(backend.call('auth.login', { username: duty.username, password: duty.password, code: '000000' }, ctx))).code).toBe('bad_credentials');
    const code = totpCode(duty.totpSecret);
    const r = (await backend.call('auth.login', { username: duty.username, password: duty.password, code }, ctx)) as MethodResult<'auth.login'>;
    expect(r).toMatchObject({ status: 'signed_in', session: { username: duty.username, role: 'duty', offline: false } });
    expect(((await backend.call('auth.status', {}, ctx)) as MethodResult<'auth.status'>).permissions).toContain('dispatch.write');
    // The same code on another window: a replay.
    expect((await refusal(backend.call('auth.login', { username: duty.username, password: duty.password, code }, connection('other')))).code).toBe('code_replayed');
    // A guesser: five free tries, then a growing wait.
    for (let i = 0; i < 5; i++) await refusal(backend.call('auth.login', { username: 'demo.supervisor', password: `guess-${i}-xxxxxx`, code: '123456' }, connection()));
    const throttled = await refusal(backend.call('auth.login', { username: 'demo.supervisor', password: DEMO_ACCOUNTS.supervisor.password, code: totpCode(DEMO_ACCOUNTS.supervisor.totpSecret) }, connection()));
    expect(throttled.code).toBe('rate_limited');
    expect(throttled.params?.retryAfterS).toBeGreaterThan(0);
  }, 60_000);

  it('signs in offline against the verifier after a cut, refuses a stranger there, and obeys a disable at the next contact', async () => {
    const { central, backend } = await stack();
    await backend.call('auth.login', { username: duty.username, password: duty.password, code: totpCode(duty.totpSecret) }, connection());
    backend.setCut(true);
    // The next step's code (this step's was used online a moment ago).
    const next = totpCode(duty.totpSecret, Date.now() + 30_000);
    expect((await refusal(backend.call('auth.login', { username: duty.username, password: 'wrong-password-0', code: next }, connection()))).code).toBe('bad_credentials');
    const offCtx = connection('offline-window');
    const off = (await backend.call('auth.login', { username: duty.username, password: duty.password, code: next }, offCtx)) as MethodResult<'auth.login'>;
    expect(off).toMatchObject({ status: 'signed_in', session: { offline: true, role: 'duty' } });
    // The same code again offline: a replay here too.
    expect((await refusal(backend.call('auth.login', { username: duty.username, password: duty.password, code: next }, connection()))).code).toBe('code_replayed');
    // Never signed in here: no verifier, no offline sign-in.
    const sup = DEMO_ACCOUNTS.supervisor;
    expect((await refusal(backend.call('auth.login', { username: sup.username, password: sup.password, code: totpCode(sup.totpSecret) }, connection()))).code).toBe('offline_login_unavailable');
    // Disabled at the central meanwhile: obeyed at the next contact (the session ends, the verifier goes).
    const users = central.users();
    const admin = users.list().find((u) => u.username === DEMO_ACCOUNTS.admin.username)!;
    const dutyAccount = users.list().find((u) => u.username === duty.username)!;
    await users.change(admin, { kind: 'disabled', userId: dutyAccount.id, disabled: true });
    backend.setCut(false);
    await waitFor(async () => ((await backend.call('auth.status', {}, offCtx)) as MethodResult<'auth.status'>).session === null, 'the session ended after the next pull', 20_000);
    backend.setCut(true);
    expect((await refusal(backend.call('auth.login', { username: duty.username, password: duty.password, code: totpCode(duty.totpSecret, Date.now() + 30_000) }, connection()))).code).toBe('offline_login_unavailable');
    backend.setCut(false);
  }, 60_000);
});

describe('permissions', () => {
  it('every method and every command declares a permission', () => {
    for (const [name, spec] of Object.entries(allBoardMethods)) expect(PERMISSIONS, name).toContain(spec.permission);
    for (const m of COMMANDS) expect(PERMISSIONS, m.type).toContain(m.permission);
  });

  it('refuses the wall viewer every method its role lacks, and lets it read', async () => {
    const { backend } = await stack();
    const wall = connection('wall');
    await backend.call('auth.login', { username: 'demo.wall', password: DEMO_ACCOUNTS.wall.password, code: totpCode(DEMO_ACCOUNTS.wall.totpSecret) }, wall);
    const lacking = (Object.keys(allBoardMethods) as BoardMethod[]).filter((m) => {
      const p = allBoardMethods[m].permission;
      return p !== 'public' && p !== 'session' && !ROLE_PERMISSIONS.wall.includes(p);
    });
    // Every mutating method is among them (reads are board.read).
    expect(lacking).toEqual(expect.arrayContaining(['vehicle.setStatus', 'stock.adjust', 'request.create', 'dispatch.accept', 'request.cancel', 'dispatch.cancel', 'alert.acknowledge', 'conflict.resolve', 'wall.setSchedule', 'user.create', 'settings.set', 'audit.list']));
    for (const m of lacking) {
      if (isDemoMethod(m)) continue;
      // Even a malformed argument is refused for the role first: the role is checked before anything else.
      expect((await refusal(backend.call(m, {}, wall))).code, m).toBe('forbidden');
    }
    expect(((await backend.call('board.snapshot', {}, wall)) as MethodResult<'board.snapshot'>).sites.length).toBe(14);
    const refusedList = (await backend.call('audit.list', { action: 'forbidden', limit: 500 })) as MethodResult<'audit.list'>;
    const refused = [...refusedList.local, ...refusedList.central].filter((e) => e.username === 'demo.wall').map((e) => e.target);
    expect(refused.sort()).toEqual(lacking.filter((m) => !isDemoMethod(m)).sort());
  }, 60_000);

  it('leaves the duty settings and drills to a supervisor: refused for the duty officer, on the board and again on the central', async () => {
    const { backend, central } = await stack();
    const officer = connection('duty-window');
    await backend.call('auth.login', { username: duty.username, password: duty.password, code: totpCode(duty.totpSecret) }, officer);
    const { config } = (await backend.call('duty.settings', {}, officer)) as MethodResult<'duty.settings'>;
    const changed = { ...config, classes: { ...config.classes, public_help: 9 } };
    expect((await refusal(backend.call('duty.configure', { config: changed }, officer))).code).toBe('forbidden');
    expect((await refusal(backend.call('drill.start', { note: '' }, officer))).code).toBe('forbidden');
    // The central checks the role the officer holds, not what a command claims: a duty officer's duty.configure is refused there too.
    const dutyUser = central.users().list().find((u) => u.role === 'duty')!;
    const forged = (await (
      await centralFetch(`${central.url}/commands`, {
        method: 'POST',
        body: JSON.stringify({ id: randomUUID(), type: 'duty.configure', issuedAt: Date.now(), payload: { config: changed }, actor: { userId: dutyUser.id, username: dutyUser.username, role: 'supervisor', workstation: 'demo-ws' } }),
      })
    ).json()) as { status: string; code?: string };
    expect(forged).toMatchObject({ status: 'rejected', code: 'forbidden' });
    const sup = connection('supervisor-window');
    await backend.call('auth.login', { username: 'demo.supervisor', password: DEMO_ACCOUNTS.supervisor.password, code: totpCode(DEMO_ACCOUNTS.supervisor.totpSecret) }, sup);
    await backend.call('duty.configure', { config: changed }, sup);
    await waitFor(() => backend.stats().queueDepth === 0, 'sent');
    expect(((await backend.call('duty.settings', {}, sup)) as MethodResult<'duty.settings'>).config.classes.public_help).toBe(9);
  }, 60_000);

  it('locks after the idle time without the officer’s activity, and unlocks with the password only', async () => {
    const { backend } = await stack();
    const ctx = connection();
    await backend.call('auth.login', { username: duty.username, password: duty.password, code: totpCode(duty.totpSecret) }, ctx);
    await backend.call('settings.set', { lockAfterMinutes: 1 });
    await backend.call('auth.lock', {}, ctx);
    expect((await refusal(backend.call('board.snapshot', {}, ctx))).code).toBe('locked');
    expect((await refusal(backend.call('auth.unlock', { password: 'not-it-at-all' }, ctx))).code).toBe('bad_credentials');
    await backend.call('auth.unlock', { password: duty.password }, ctx);
    expect(((await backend.call('board.snapshot', {}, ctx)) as MethodResult<'board.snapshot'>).sites.length).toBe(14);
  }, 60_000);
});

describe('the central', () => {
  it('refuses an unauthenticated request, and a command whose officer may not issue it', async () => {
    const { central } = await stack();
    const cmd = { id: crypto.randomUUID(), type: 'vehicle.setStatus', issuedAt: Date.now(), payload: { vehicleId: 'veh-001', status: 'maintenance' } };
    for (const auth of [undefined, 'Bearer demo-ws:wrong-secret-0000000', 'Bearer someone:demo-workstation-secret-not-for-production']) {
      const r = await fetch(`${central.url}/commands`, { method: 'POST', headers: auth ? { authorization: auth } : {}, body: JSON.stringify(cmd) });
      expect(r.status, String(auth)).toBe(401);
      expect(((await r.json()) as { code: string }).code).toBe('unauthenticated');
    }
    expect((await fetch(`${central.url}/changes`)).status).toBe(401);
    const send = async (actor: unknown) =>
      (await (await centralFetch(`${central.url}/commands`, { method: 'POST', body: JSON.stringify({ ...cmd, id: crypto.randomUUID(), actor }) })).json()) as { status: string; code?: string };
    const wallUser = central.users().list().find((u) => u.role === 'wall')!;
    const dutyUser = central.users().list().find((u) => u.role === 'duty')!;
    expect(await send({ userId: wallUser.id, username: wallUser.username, role: 'duty', workstation: 'demo-ws' })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await send({ userId: 'u-nobody', username: 'nobody', role: 'duty', workstation: 'demo-ws' })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await send({ userId: dutyUser.id, username: dutyUser.username, role: 'duty', workstation: 'elsewhere' })).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(await send({ userId: dutyUser.id, username: dutyUser.username, role: 'duty', workstation: 'demo-ws' })).toMatchObject({ status: 'applied' });
  }, 60_000);
});

describe('the audit chain', () => {
  it('is written with every action, held by the central, verified, and an edited row is named', async () => {
    const { backend, dir } = await stack();
    const ctx = connection();
    await backend.call('auth.login', { username: duty.username, password: duty.password, code: totpCode(duty.totpSecret) }, ctx);
    for (const status of ['maintenance', 'available', 'maintenance'] as const) await backend.call('vehicle.setStatus', { vehicleId: 'veh-002', status }, ctx);
    await waitFor(() => backend.stats().queueDepth === 0, 'commands applied');
    await backend.uploadAudit();
    const list = await waitFor(
      async () => {
        const l = (await backend.call('audit.list', { username: duty.username })) as MethodResult<'audit.list'>;
        return l.local.length === 0 && l.central.length >= 4 ? l : null;
      },
      'all uploaded to the central and held here as its chain',
      20_000,
      200,
    );
    // Newest first: the three commands under this officer, after the sign-in, each with before and after.
    expect(list.central.slice(0, 4).map((e) => e.action)).toEqual(['command', 'command', 'command', 'login']);
    expect(list.central[0]!.detail).toMatchObject({ before: { status: 'available' }, after: { vehicleId: 'veh-002', status: 'maintenance' } });
    expect((await backend.call('audit.verify', {})) as MethodResult<'audit.verify'>).toEqual({
      local: expect.objectContaining({ ok: true, firstBroken: null }),
      central: expect.objectContaining({ ok: true, firstBroken: null }),
      mismatch: null,
    });

    // Someone edits one row of the workstation's chain in the database: named at that row.
    const local = (await backend.call('audit.list', {})) as MethodResult<'audit.list'>;
    const victim = local.central.find((e) => e.action === 'command')!.wsSeq;
    const raw = openCacheFile(join(dir, 'cache.sqlite'), cacheKey);
    raw.prepare(`UPDATE audit_log SET detail = json_set(detail, '$.after.status', 'available') WHERE seq = ?`).run(victim);
    raw.close();
    const broken = (await backend.call('audit.verify', {})) as MethodResult<'audit.verify'>;
    expect(broken.local).toMatchObject({ ok: false, firstBroken: victim });
    expect(broken.central.ok).toBe(true);
  }, 60_000);
});
