import { describe, expect, it } from 'vitest';
import type { UserAccount } from '../../shared/auth/schema';
import { draftProblems, EMPTY_DRAFT, INITIAL_USERS_STATE, rowActions, sortUsers, usersReducer, type UsersEvent, type UsersState } from './user-admin';

const user = (id: string, username: string, extra: Partial<UserAccount> = {}): UserAccount => ({
  id, username, displayName: username, role: 'duty', disabled: false, enrolled: true, version: 1, updatedAt: 0, ...extra,
});
const SECRET = 'correct horse battery';
const run = (events: UsersEvent[], from: UsersState = INITIAL_USERS_STATE) => events.reduce(usersReducer, from);

describe('a new user’s form', () => {
  const ok = { username: 'li.lei', displayName: '李雷', role: 'duty' as const, password: SECRET, confirm: SECRET };

  it('needs a user name as the central takes it, a name, and a password of 10 or more typed twice alike', () => {
    expect(draftProblems(ok)).toEqual([]);
    expect(draftProblems(EMPTY_DRAFT)).toEqual(['username', 'displayName', 'passwordShort']);
    expect(draftProblems({ ...ok, username: 'Li Lei' })).toEqual(['username']);
    expect(draftProblems({ ...ok, username: '.lei' })).toEqual(['username']);
    expect(draftProblems({ ...ok, displayName: '   ' })).toEqual(['displayName']);
    expect(draftProblems({ ...ok, password: '123456789', confirm: '123456789' })).toEqual(['passwordShort']);
    expect(draftProblems({ ...ok, password: '1234567890', confirm: '1234567890' })).toEqual([]);
    expect(draftProblems({ ...ok, confirm: `${SECRET}!` })).toEqual(['passwordMismatch']);
  });
});

describe('the users panel’s state', () => {
  const created = run([
    { type: 'create' },
    { type: 'editDraft', draft: { username: 'li.lei', displayName: '李雷', password: SECRET, confirm: SECRET } },
    { type: 'send' },
  ]);

  it('keeps nothing of a password once it was sent', () => {
    expect(created.busy).toBe(true);
    const done = usersReducer(created, { type: 'done' });
    expect(done.notice).toEqual({ kind: 'created', username: 'li.lei' });
    expect(JSON.stringify(done)).not.toContain(SECRET);

    const reset = run([{ type: 'setPassword', user: user('u-1', 'han.mei') }, { type: 'editPassword', password: SECRET, confirm: SECRET }, { type: 'send' }, { type: 'done' }]);
    expect(reset.notice).toEqual({ kind: 'passwordSet', user: user('u-1', 'han.mei') });
    expect(JSON.stringify(reset)).not.toContain(SECRET);
  });

  it('keeps nothing of a password given up', () => {
    const given = run([{ type: 'create' }, { type: 'editDraft', draft: { password: SECRET } }, { type: 'cancel' }]);
    expect(JSON.stringify(given)).not.toContain(SECRET);
    // Starting another task drops the one in hand, password and all.
    const other = run([{ type: 'create' }, { type: 'editDraft', draft: { password: SECRET } }, { type: 'setPassword', user: user('u-1', 'x') }]);
    expect(JSON.stringify(other)).not.toContain(SECRET);
  });

  it('keeps the form (masked) with the refusal, so a taken user name is corrected without typing the password again', () => {
    const refused = usersReducer(created, { type: 'refused', error: '该用户名已被占用' });
    expect(refused).toMatchObject({ busy: false, error: '该用户名已被占用', task: { kind: 'create', draft: { username: 'li.lei' } } });
  });

  it('asks before a change, and starts nothing else while one is on its way', () => {
    const u = user('u-2', 'wang.fang');
    const asked = run([{ type: 'ask', change: { kind: 'disabled', user: u, disabled: true } }]);
    expect(asked.task).toEqual({ kind: 'confirm', change: { kind: 'disabled', user: u, disabled: true } });
    const sending = usersReducer(asked, { type: 'send' });
    expect(usersReducer(sending, { type: 'create' })).toBe(sending);
    expect(usersReducer(sending, { type: 'cancel' })).toBe(sending);
    expect(usersReducer(sending, { type: 'done' }).notice).toEqual({ kind: 'changed', change: { kind: 'disabled', user: u, disabled: true } });
    // Nothing in hand, nothing to send.
    expect(usersReducer(INITIAL_USERS_STATE, { type: 'send' })).toBe(INITIAL_USERS_STATE);
  });
});

describe('row actions', () => {
  it('never lets an administrator change their own role or disable themselves', () => {
    expect(rowActions(user('u-1', 'me'), 'u-1')).toEqual({ role: false, disable: false, reset: true, password: true });
    expect(rowActions(user('u-2', 'other'), 'u-1')).toEqual({ role: true, disable: true, reset: true, password: true });
  });

  it('lists users by name, disabled accounts last', () => {
    const list = sortUsers([user('1', 'zhao', { disabled: true }), user('2', 'wang'), user('3', 'an')]);
    expect(list.map((u) => u.username)).toEqual(['an', 'wang', 'zhao']);
  });
});
