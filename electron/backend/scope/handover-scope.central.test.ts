/**
 * Each level hands over its own shift (multi-level command), against a real central: two
 * district bureaus' consoles sign the same shift's handover, each its own (before, the second
 * was refused "already signed" by the first's); each sees its own only, the city sees both and
 * takes neither over as its own; a bureau's next officer takes over his bureau's.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_UNIT_ACCOUNTS } from '../../../central/auth/demo-users';
import { createCentralServer } from '../../../central/server';
import { totpCode } from '../../../shared/auth/totp';
import type { CallerContext, MethodResult } from '../../../shared/board-api';
import { checkUnitTree, inSubtree } from '../../../shared/scope/tree';
import { createBackend } from '../backend';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();
const cleanups = centralSuite();

describe('each level hands over its own shift', () => {
  it('two bureaus sign the same shift each their own; each sees its own, the city both; the bureau’s next officer takes over', async () => {
    const tmp = tempDir('jb-handover-scope-');
    cleanups.push(() => tmp.remove());
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000, simulate: false, dutyEveryMs: 0 });
    cleanups.push(() => central.close());
    const checked = checkUnitTree(central.units().list());
    if (!checked.ok) throw new Error('tree');
    const tree = checked.tree;

    /** A console of its own (cache and all), the officer signed in, and its scope synchronised. */
    const consoleOf = async (name: string, account: { username: string; password: string; totpSecret: string }, unitId: string) => {
      const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, `${name}.sqlite`), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, pushBackoff: { initialDelay: 50, maxDelay: 300 } });
      cleanups.push(() => backend.close());
      backend.start();
      await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 290, `${name} synced`);
      const ctx: CallerContext = { transport: 'port', origin: name, connection: { sessionId: null } };
      expect(await backend.call('auth.login', { username: account.username, password: account.password, code: totpCode(account.totpSecret) }, ctx)).toMatchObject({ status: 'signed_in' });
      await waitFor(async () => {
        const b = (await backend.call('board.snapshot', {}, ctx)) as MethodResult<'board.snapshot'>;
        return b.sites.length > 0 && b.sites.every((s) => s.unitId !== undefined && inSubtree(tree, unitId, s.unitId));
      }, `${name}: its scope`);
      return { backend, ctx };
    };
    const unitAccount = (username: string) => DEMO_UNIT_ACCOUNTS.find((a) => a.username === username)!;
    const centrum = await consoleOf('centrum', unitAccount('centrum.duty'), 'unit-centrum');
    const hisingen = await consoleOf('hisingen', unitAccount('hisingen.duty'), 'unit-hisingen');
    const city = await consoleOf('city', DEMO_ACCOUNTS.duty, tree.rootId);

    const draft = async (c: { backend: typeof centrum.backend; ctx: CallerContext }) => (await c.backend.call('handover.draft', { lang: 'zh-CN' }, c.ctx)) as MethodResult<'handover.draft'>;
    const sign = async (c: typeof centrum, notes: string) => {
      const d = await draft(c);
      return (await c.backend.call('handover.sign', { shiftId: d.shift.id, draft: d.draft.text, notes }, c.ctx)) as MethodResult<'handover.sign'>;
    };
    const shift = (await draft(centrum)).shift;
    // A bureau's draft names the bureau first; the city's names none.
    expect((await draft(centrum)).draft.text.split('\n')[0]).toMatch(/^中心区分局 /);
    expect((await draft(city)).draft.text.split('\n')[0]).not.toContain('分局');
    const a = await sign(centrum, '中心区：3号车刹车异响');
    const b = await sign(hisingen, '希辛恩：无');
    expect([a.handoverId, b.handoverId]).toEqual([`${shift.id}@unit-centrum`, `${shift.id}@unit-hisingen`]);
    for (const c of [centrum, hisingen]) {
      await waitFor(() => c.backend.stats().queueDepth === 0 && c.backend.stats().cursor >= central.head().cursor, 'sent and pulled');
      // Neither was refused: no conflict anywhere.
      expect(c.backend.stats().conflicts).toBe(0);
    }
    await waitFor(() => city.backend.stats().cursor >= central.head().cursor, 'the city pulled');
    const listed = async (c: typeof centrum) => ((await c.backend.call('handover.list', {}, c.ctx)) as MethodResult<'handover.list'>).handovers.map((h) => h.id).sort();
    expect(await listed(centrum)).toEqual([a.handoverId]);
    expect(await listed(hisingen)).toEqual([b.handoverId]);
    expect(await listed(city)).toEqual([a.handoverId, b.handoverId].sort());
    // The city's list names whose shifts they were.
    expect(((await city.backend.call('handover.list', {}, city.ctx)) as MethodResult<'handover.list'>).units).toEqual({
      'unit-centrum': { name: expect.any(String), nameEn: expect.stringContaining('Centrum') },
      'unit-hisingen': { name: expect.any(String), nameEn: expect.stringContaining('Hisingen') },
    });
    // Each bureau's console finds its own signed; the city's shift is not signed, and a bureau's is not the city's to take over.
    expect((await draft(centrum)).record?.id).toBe(a.handoverId);
    // …with its unit's name, which its printed file is called by.
    expect((await draft(centrum)).units).toEqual({ 'unit-centrum': { name: '中心区分局', nameEn: expect.stringContaining('Centrum') } });
    expect(await draft(city)).toMatchObject({ record: null, toTakeOver: null });
    expect((await draft(city)).units).toBeUndefined();

    // Centrum's supervisor, at Centrum's console, takes over Centrum's.
    const sup = unitAccount('centrum.sup');
    const supCtx: CallerContext = { transport: 'port', origin: 'centrum-sup', connection: { sessionId: null } };
    expect(await centrum.backend.call('auth.login', { username: sup.username, password: sup.password, code: totpCode(sup.totpSecret) }, supCtx)).toMatchObject({ status: 'signed_in' });
    const waiting = (await draft({ backend: centrum.backend, ctx: supCtx })).toTakeOver!;
    expect([waiting.id, waiting.outgoing.username]).toEqual([a.handoverId, 'centrum.duty']);
    await centrum.backend.call('handover.takeOver', { handoverId: waiting.id, contentHash: waiting.contentHash }, supCtx);
    await waitFor(() => centrum.backend.stats().queueDepth === 0, 'taken over');
    expect(centrum.backend.stats().conflicts).toBe(0);
  }, 90_000);
});
