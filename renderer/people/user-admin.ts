import { passwordSchema, usernameSchema, type UserAccount } from '../../shared/auth/schema';
import type { Role } from '../../shared/auth/roles';

/**
 * The administrator's work on users (用户管理), as state: the list, and at most one thing
 * in hand (a new user's form, a new password, a change waiting for its confirmation).
 * Pure, so the promises hold without a screen: a password is never kept once it was sent
 * or given up, and a change is confirmed before it is made.
 */

export type NewUserDraft = { username: string; displayName: string; role: Role; password: string; confirm: string };

/** A change that needs the administrator's "yes" first (it takes effect at once). */
export type UserChange =
  | { kind: 'role'; user: UserAccount; role: Role }
  | { kind: 'reset_second_factor'; user: UserAccount }
  | { kind: 'disabled'; user: UserAccount; disabled: boolean }
  /** Moved to another unit of the command: their console's scope follows. */
  | { kind: 'unit'; user: UserAccount; unitId: string };

export type Task =
  | { kind: 'none' }
  | { kind: 'create'; draft: NewUserDraft }
  | { kind: 'password'; user: UserAccount; password: string; confirm: string }
  | { kind: 'confirm'; change: UserChange };

/** Done: what to say (never a secret). */
export type Notice = { kind: 'created'; username: string } | { kind: 'changed'; change: UserChange } | { kind: 'passwordSet'; user: UserAccount };

export type UsersState = { task: Task; busy: boolean; error: string | null; notice: Notice | null };

export type UsersEvent =
  | { type: 'create' }
  | { type: 'editDraft'; draft: Partial<NewUserDraft> }
  | { type: 'setPassword'; user: UserAccount }
  | { type: 'editPassword'; password?: string; confirm?: string }
  | { type: 'ask'; change: UserChange }
  | { type: 'send' }
  | { type: 'done' }
  | { type: 'refused'; error: string }
  | { type: 'cancel' };

export const EMPTY_DRAFT: NewUserDraft = { username: '', displayName: '', role: 'duty', password: '', confirm: '' };
export const INITIAL_USERS_STATE: UsersState = { task: { kind: 'none' }, busy: false, error: null, notice: null };

function noticeFor(task: Task): Notice | null {
  switch (task.kind) {
    case 'create':
      return { kind: 'created', username: task.draft.username };
    case 'password':
      return { kind: 'passwordSet', user: task.user };
    case 'confirm':
      return { kind: 'changed', change: task.change };
    default:
      return null;
  }
}

export function usersReducer(state: UsersState, event: UsersEvent): UsersState {
  // Nothing else starts while a change is on its way (its answer decides what is shown).
  if (state.busy && event.type !== 'done' && event.type !== 'refused') return state;
  const { task } = state;
  switch (event.type) {
    case 'create':
      return { task: { kind: 'create', draft: EMPTY_DRAFT }, busy: false, error: null, notice: null };
    case 'editDraft':
      return task.kind === 'create' ? { ...state, task: { ...task, draft: { ...task.draft, ...event.draft } }, error: null } : state;
    case 'setPassword':
      return { task: { kind: 'password', user: event.user, password: '', confirm: '' }, busy: false, error: null, notice: null };
    case 'editPassword':
      return task.kind === 'password'
        ? { ...state, task: { ...task, password: event.password ?? task.password, confirm: event.confirm ?? task.confirm }, error: null }
        : state;
    case 'ask':
      return { task: { kind: 'confirm', change: event.change }, busy: false, error: null, notice: null };
    case 'send':
      return task.kind === 'none' ? state : { ...state, busy: true, error: null };
    case 'done':
      // The password went to the central: nothing of it stays in the panel.
      return { task: { kind: 'none' }, busy: false, error: null, notice: noticeFor(task) };
    case 'refused':
      // Kept (masked) so the officer can correct the user name without typing them again.
      return { ...state, busy: false, error: event.error };
    case 'cancel':
      return INITIAL_USERS_STATE;
  }
}

export type DraftProblem = 'username' | 'displayName' | 'passwordShort' | 'passwordMismatch';

/** What stops a new user's form from being sent, in the order of its fields. */
export function draftProblems(d: NewUserDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  if (!usernameSchema.safeParse(d.username).success) out.push('username');
  if (d.displayName.trim() === '' || d.displayName.length > 64) out.push('displayName');
  out.push(...passwordProblems(d.password, d.confirm));
  return out;
}

export function passwordProblems(password: string, confirm: string): DraftProblem[] {
  if (!passwordSchema.safeParse(password).success) return ['passwordShort'];
  return password === confirm ? [] : ['passwordMismatch'];
}

/**
 * What an administrator may do to an account from here. Not to their own: a role
 * changed or an account disabled by mistake would lock the last administrator out.
 */
export function rowActions(user: UserAccount, selfId: string | null): { role: boolean; disable: boolean; reset: boolean; password: boolean } {
  const self = user.id === selfId;
  return { role: !self, disable: !self, reset: true, password: true };
}

/** Users by user name, disabled accounts last. */
export function sortUsers(users: readonly UserAccount[]): UserAccount[] {
  return [...users].sort((a, b) => Number(a.disabled) - Number(b.disabled) || a.username.localeCompare(b.username));
}
