/**
 * The command tree administered from a board, against a real central: the backend passes an
 * administrator's changes to /units with their central session, refuses the rest of the roles
 * itself, turns a broken tree into `bad_tree` with its problems, and audits every change and
 * every refusal on this workstation's chain, which the central then holds.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../../central/auth/demo-users';
import { createCentralServer } from '../../../central/server';
import { totpCode } from '../../../shared/auth/totp';
import { BoardError, decodeTreeProblems, type CallerContext, type MethodResult } from '../../../shared/board-api';
import { DEMO_CITY_UNIT_ID } from '../../../shared/scope/demo-tree';
import type { Unit } from '../../../shared/scope/schema';
import { centralSuite, DEMO_BASE_MAP } from '../testing/central-suite';
import { createBackend } from '../backend';
import { tempDir, testCacheKey, waitFor } from '../test-support';

const cleanups = centralSuite();
const connection = (origin: string): CallerContext => ({ transport: 'port', origin, connection: { sessionId: null } });
const refusal = async (p: Promise<unknown>): Promise<BoardError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof BoardError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('the command tree from the board', () => {
  it('an administrator adds, renames, moves and removes a unit and moves an officer; a broken tree and a unit still in use are refused in words; all audited and held by the central', async () => {
    const tmp = tempDir('jb-units-');
    cleanups.push(() => tmp.remove());
    const central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 1000, simulate: false });
    cleanups.push(() => central.close());
    const backend = createBackend({ cacheKey: testCacheKey(), dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath: DEMO_BASE_MAP, log: () => {}, demo: true });
    cleanups.push(() => backend.close());
    backend.start();
    await waitFor(() => backend.stats().cursor > 290, 'synced with the users');

    // A duty officer is refused by the backend before the central is asked.
    const duty = connection('duty-window');
    await backend.call('auth.login', { username: DEMO_ACCOUNTS.duty.username, password: DEMO_ACCOUNTS.duty.password, code: totpCode(DEMO_ACCOUNTS.duty.totpSecret) }, duty);
    expect((await refusal(backend.call('unit.list', {}, duty))).code).toBe('forbidden');

    const admin = connection('admin-window');
    const a = DEMO_ACCOUNTS.admin;
    await backend.call('auth.login', { username: a.username, password: a.password, code: totpCode(a.totpSecret) }, admin);
    const { units } = (await backend.call('unit.list', {}, admin)) as MethodResult<'unit.list'>;
    expect(units).toEqual(central.units().list());

    // Under its own child, and a cycle: refused with the tree's problems, nothing written.
    const under = await refusal(backend.call('unit.move', { unitId: 'unit-centrum', parentId: 'unit-nordstaden' }, admin));
    expect(under.code).toBe('bad_tree');
    expect(decodeTreeProblems(under.params?.problems)).toEqual([{ code: 'move_under_descendant', unitId: 'unit-centrum' }]);
    const centrum = units.find((u) => u.id === 'unit-centrum')!;
    const cycle = await refusal(backend.call('unit.save', { unit: { ...centrum, parentId: 'unit-nordstaden' } }, admin));
    expect(decodeTreeProblems(cycle.params?.problems).map((p) => p.code)).toContain('cycle');
    expect(central.units().list()).toEqual(units);

    // Added under a station, renamed, moved to another; an officer moved to it.
    const post: Unit = { id: 'unit-post-board', kind: 'post', name: '看板警务站', nameEn: 'Board Street Post', parentId: 'unit-nordstaden', area: null };
    await backend.call('unit.save', { unit: post }, admin);
    await backend.call('unit.save', { unit: { ...post, name: '看板新警务站' } }, admin);
    expect(((await backend.call('unit.move', { unitId: post.id, parentId: 'unit-lundby' }, admin)) as MethodResult<'unit.move'>).unit).toMatchObject({ parentId: 'unit-lundby', name: '看板新警务站' });
    const officer = central.users().list().find((u) => u.username === DEMO_ACCOUNTS.duty.username)!;
    await backend.call('user.setUnit', { userId: officer.id, unitId: post.id }, admin);
    expect(central.users().list().find((u) => u.id === officer.id)!.unitId).toBe(post.id);
    expect((await refusal(backend.call('user.setUnit', { userId: officer.id, unitId: 'unit-nowhere' }, admin))).code).toBe('not_found');

    // The post holds an officer: its removal is refused for that, and nothing is written. The
    // officer moved back, the post goes.
    const holding = await refusal(backend.call('unit.remove', { unitId: post.id }, admin));
    expect(holding.code).toBe('bad_tree');
    expect(decodeTreeProblems(holding.params?.problems)).toEqual([{ code: 'holds_users', unitId: post.id }]);
    expect(central.units().list().some((u) => u.id === post.id)).toBe(true);
    await backend.call('user.setUnit', { userId: officer.id, unitId: officer.unitId ?? DEMO_CITY_UNIT_ID }, admin);
    expect(((await backend.call('unit.remove', { unitId: post.id }, admin)) as MethodResult<'unit.remove'>).unit).toMatchObject({ id: post.id, name: '看板新警务站' });
    expect(central.units().list().some((u) => u.id === post.id)).toBe(false);

    // The board's replica follows by the change feed: the removed unit is gone from the cache too.
    await waitFor(() => backend.stats().cursor >= central.head().cursor, 'pulled the changes');
    const digests = await backend.reconcile();
    expect(digests.find((r) => r.table === 'unit')?.result).toBe('match');

    // Every change and every refusal on this workstation's chain, then the central's.
    await backend.uploadAudit();
    const ours = (e: { action: string }) => e.action === 'unit_change' || e.action === 'user_unit_change';
    const list = await waitFor(
      async () => {
        const l = (await backend.call('audit.list', { username: a.username })) as MethodResult<'audit.list'>;
        return l.local.length === 0 && l.central.filter(ours).length >= 10 ? l : null;
      },
      'uploaded to the central and pulled back as its chain',
      20_000,
      200,
    );
    const entries = list.central.filter(ours).reverse();
    expect(entries.map((e) => `${e.action}:${e.target}:${e.outcome}`)).toEqual([
      'unit_change:unit:unit-centrum:refused',
      'unit_change:unit:unit-centrum:refused',
      'unit_change:unit:unit-post-board:ok',
      'unit_change:unit:unit-post-board:ok',
      'unit_change:unit:unit-post-board:ok',
      `user_unit_change:user:${officer.id}:ok`,
      `user_unit_change:user:${officer.id}:refused`,
      'unit_change:unit:unit-post-board:refused',
      `user_unit_change:user:${officer.id}:ok`,
      'unit_change:unit:unit-post-board:ok',
    ]);
    expect(entries[0]!.detail).toMatchObject({ kind: 'move', code: 'bad_tree', problems: [{ code: 'move_under_descendant', unitId: 'unit-centrum' }] });
    expect(entries[2]!.detail).toMatchObject({ kind: 'save', before: null, after: { id: post.id } });
    expect(entries[3]!.detail).toMatchObject({ before: { name: '看板警务站' }, after: { name: '看板新警务站' } });
    expect(entries[5]!.detail).toMatchObject({ after: { unitId: post.id } });
    expect(entries[7]!.detail).toMatchObject({ kind: 'remove', code: 'bad_tree', problems: [{ code: 'holds_users', unitId: post.id }] });
    expect(entries[9]!.detail).toMatchObject({ kind: 'remove', before: { id: post.id }, after: null });
  }, 90_000);
});
