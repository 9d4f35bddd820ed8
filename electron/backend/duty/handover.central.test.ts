/**
 * The shift handover against a real central, two officers signed in on one console: the
 * outgoing officer signs the draft as read (sealed by its hash), nobody signs it twice, the
 * same officer cannot take it over, a text changed after the signature cannot be taken over,
 * and another officer takes it over — each signature an audited command, on file centrally.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../../central/auth/demo-users';
import { createCentralServer } from '../../../central/server';
import { totpCode } from '../../../shared/auth/totp';
import type { CallerContext, MethodResult } from '../../../shared/board-api';
import { handoverContentHash } from '../../../shared/duty/handover';
import { createBackend } from '../backend';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cacheKey = testCacheKey();
const cleanups = centralSuite();
const connection = (origin: string): CallerContext => ({ transport: 'port', origin, connection: { sessionId: null } });

describe('the shift handover', () => {
  it('is signed once by the outgoing officer and taken over by another, only as signed', async () => {
    const tmp = tempDir('jb-handover-');
    cleanups.push(() => tmp.remove());
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000, simulate: false, dutyEveryMs: 0 });
    cleanups.push(() => central.close());
    const backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, pushBackoff: { initialDelay: 50, maxDelay: 300 } });
    cleanups.push(() => backend.close());
    backend.start();
    await waitFor(() => backend.stats().link.state === 'connected' && backend.stats().cursor > 290, 'synced with the users');
    const login = async (role: 'duty' | 'supervisor') => {
      const ctx = connection(role);
      const a = DEMO_ACCOUNTS[role];
      await backend.call('auth.login', { username: a.username, password: a.password, code: totpCode(a.totpSecret) }, ctx);
      return ctx;
    };
    const duty = await login('duty');
    const sup = await login('supervisor');

    const { shift, draft, record } = (await backend.call('handover.draft', { lang: 'zh-CN' }, duty)) as MethodResult<'handover.draft'>;
    expect(record).toBeNull();
    expect(draft.text).toContain(shift.name);
    const signed = (await backend.call('handover.sign', { shiftId: shift.id, draft: draft.text, notes: '3号车刹车异响，已报修' }, duty)) as MethodResult<'handover.sign'>;
    expect(signed.contentHash).toBe(handoverContentHash(draft.text, '3号车刹车异响，已报修'));
    // Not twice, by anyone.
    await expect(backend.call('handover.sign', { shiftId: shift.id, draft: draft.text, notes: '' }, sup)).rejects.toMatchObject({ code: 'already_signed' });
    // The officer who handed over does not take over; the outgoing officer does not see it as theirs to take.
    expect(((await backend.call('handover.draft', { lang: 'zh-CN' }, duty)) as MethodResult<'handover.draft'>).toTakeOver).toBeNull();
    await expect(backend.call('handover.takeOver', { handoverId: shift.id, contentHash: signed.contentHash }, duty)).rejects.toMatchObject({ code: 'same_person' });
    // A text other than the one signed (changed after the signature) is refused.
    await expect(backend.call('handover.takeOver', { handoverId: shift.id, contentHash: handoverContentHash(draft.text, '无') }, sup)).rejects.toMatchObject({ code: 'changed_after_signature' });
    const waiting = ((await backend.call('handover.draft', { lang: 'zh-CN' }, sup)) as MethodResult<'handover.draft'>).toTakeOver!;
    expect([waiting.id, waiting.outgoing.username, waiting.contentHash]).toEqual([shift.id, DEMO_ACCOUNTS.duty.username, signed.contentHash]);
    await backend.call('handover.takeOver', { handoverId: shift.id, contentHash: waiting.contentHash }, sup);
    await waitFor(() => backend.stats().queueDepth === 0, 'sent');
    await waitFor(() => backend.stats().cursor >= central.head().cursor, 'pulled');
    // On file centrally, both signatures, with the officers' names from their accounts.
    const [h] = ((await backend.call('handover.list', { officer: DEMO_ACCOUNTS.supervisor.username }, sup)) as MethodResult<'handover.list'>).handovers;
    expect([h!.outgoing.username, h!.incoming?.username, h!.notes, h!.contentHash]).toEqual([DEMO_ACCOUNTS.duty.username, DEMO_ACCOUNTS.supervisor.username, '3号车刹车异响，已报修', signed.contentHash]);
    expect(h!.incoming!.at).toBeGreaterThanOrEqual(h!.outgoing.at);
    expect(((await backend.call('handover.list', { text: '刹车异响' }, sup)) as MethodResult<'handover.list'>).handovers.map((x) => x.id)).toEqual([shift.id]);
    expect(((await backend.call('handover.list', { text: '不存在的内容' }, sup)) as MethodResult<'handover.list'>).handovers).toEqual([]);
    // Each signature is an audited command.
    const audit = (await backend.call('audit.list', { action: 'command', limit: 500 }, sup)) as MethodResult<'audit.list'>;
    const targets = [...audit.local, ...audit.central].map((e) => `${e.username}:${e.target}`);
    expect(targets).toEqual(expect.arrayContaining([`${DEMO_ACCOUNTS.duty.username}:command:handover.sign`, `${DEMO_ACCOUNTS.supervisor.username}:command:handover.takeOver`]));
  }, 60_000);
});
