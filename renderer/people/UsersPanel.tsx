import type { BoardSite, BoardVehicle } from '../../shared/board/api';
import type { TFunction } from 'i18next';
import { useEffect, useId, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserAccount } from '../../shared/auth/schema';
import type { Unit } from '../../shared/scope/schema';
import { BoardError } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { useSession } from '../api/session';
import { errorText } from '../format/error-text';
import { roleText } from '../format/roles';
import { DockPanel } from '../ui/DockPanel';
import { useGrant } from '../ui/grant';
import { currentLanguage } from '../i18n';
import { ConfirmBox, CreateUserForm, PasswordForm, RoleSelect } from './UserForms';
import { unitName, unitRows } from './unit-admin';
import { UnitsSection } from './UnitsSection';
import { draftProblems, INITIAL_USERS_STATE, passwordProblems, rowActions, sortUsers, usersReducer, type Notice, type Task, type UserChange } from './user-admin';

type UsersPanelProps = {
  client: BoardClient;
  /** Changes when replica data changed (accounts come from the central): read the list again. */
  epoch: number;
  /** The board's sites and vehicles: what the command tree's tab may hand to a unit. */
  sites: readonly BoardSite[];
  vehicles: readonly BoardVehicle[];
  onClose(): void;
};

/** "张三（zhangsan）": how a user is named in questions and notices. */
export function userName(t: TFunction, u: Pick<UserAccount, 'displayName' | 'username'>): string {
  return u.displayName ? t('people:users.name', { displayName: u.displayName, username: u.username }) : u.username;
}

/** Refusals in words; without the central nothing about users can be done, and that is said plainly. */
export function userRefusalText(t: TFunction, error: unknown): string {
  if (error instanceof BoardError && error.code === 'central_unreachable') return t('people:users.needsCentral');
  return errorText(t, error);
}

/** Sends the task in hand to the board. */
async function sendTask(client: BoardClient, task: Task): Promise<void> {
  switch (task.kind) {
    case 'create': {
      const { username, displayName, role, password } = task.draft;
      await client.call('user.create', { username, displayName: displayName.trim(), role, password });
      return;
    }
    case 'password':
      await client.call('user.setPassword', { userId: task.user.id, password: task.password });
      return;
    case 'confirm': {
      const c = task.change;
      if (c.kind === 'role') await client.call('user.setRole', { userId: c.user.id, role: c.role });
      else if (c.kind === 'unit') await client.call('user.setUnit', { userId: c.user.id, unitId: c.unitId });
      else if (c.kind === 'reset_second_factor') await client.call('user.resetSecondFactor', { userId: c.user.id });
      else await client.call('user.setDisabled', { userId: c.user.id, disabled: c.disabled });
      return;
    }
    case 'none':
      return;
  }
}

/** A unit by id in the board's language; the city's for an officer with none (shared/auth/schema.ts). */
type UnitNames = { of(unitId: string | undefined): string };

function noticeText(t: TFunction, n: Notice, units: UnitNames): string {
  switch (n.kind) {
    case 'created':
      return t('users.created', { username: n.username });
    case 'passwordSet':
      return t('users.passwordSet', { name: userName(t, n.user) });
    case 'changed': {
      const c = n.change;
      const name = userName(t, c.user);
      if (c.kind === 'role') return t('users.roleChanged', { name, role: roleText(t, c.role) });
      if (c.kind === 'unit') return t('units.userUnitDone', { name, unit: units.of(c.unitId) });
      if (c.kind === 'reset_second_factor') return t('users.resetDone', { name });
      return c.disabled ? t('users.disabledDone', { name }) : t('users.enabledDone', { name });
    }
  }
}

function confirmWords(t: TFunction, c: UserChange, units: UnitNames): { title: string; hint: string; confirmLabel: string; danger: boolean } {
  const name = userName(t, c.user);
  if (c.kind === 'unit')
    return { title: t('units.userUnitConfirm', { name, from: units.of(c.user.unitId), to: units.of(c.unitId) }), hint: t('units.userUnitHint'), confirmLabel: t('units.userUnitYes'), danger: false };
  if (c.kind === 'role')
    return { title: t('users.roleConfirm', { name, from: roleText(t, c.user.role), to: roleText(t, c.role) }), hint: t('users.roleHint'), confirmLabel: t('users.roleYes'), danger: false };
  if (c.kind === 'reset_second_factor') return { title: t('users.resetConfirm', { name }), hint: t('users.resetHint'), confirmLabel: t('users.resetYes'), danger: true };
  return c.disabled
    ? { title: t('users.disableConfirm', { name }), hint: t('users.disableHint'), confirmLabel: t('users.disable'), danger: true }
    : { title: t('users.enableConfirm', { name }), hint: t('users.enableHint'), confirmLabel: t('users.enable'), danger: false };
}

/**
 * 用户管理, for the system administrator: the accounts (from the central), a new user, a
 * role changed, a second factor reset (a lost phone), an account disabled or enabled, a
 * new password. Every change is made at the central with the administrator's session and
 * audited; it is asked for first, and nothing typed as a password is shown or kept after.
 */
export function UsersPanel({ client, epoch, sites, vehicles, onClose }: UsersPanelProps) {
  const { t, i18n } = useTranslation('people');
  const session = useSession();
  const grant = useGrant()('user.list');
  const [users, setUsers] = useState<UserAccount[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [state, dispatch] = useReducer(usersReducer, INITIAL_USERS_STATE);
  const [tried, setTried] = useState(false);
  const [tab, setTab] = useState<'users' | 'units'>('users');
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [unitsError, setUnitsError] = useState<string | null>(null);
  const selfId = session.status.session?.userId ?? null;
  const tabsId = useId();
  const language = currentLanguage(i18n);
  const unitNames: UnitNames = {
    of: (unitId) => {
      const u = units?.find((x) => (unitId === undefined ? x.parentId === null : x.id === unitId));
      return u ? unitName(u, language) : (unitId ?? t('units.cityDefault'));
    },
  };

  // The accounts and the tree (for the units tab and each user's unit), both from the central.
  useEffect(() => {
    let live = true;
    const read = <T,>(call: Promise<T>, set: (value: T) => void, setError: (message: string | null) => void) =>
      call.then(
        (value) => {
          if (!live) return;
          set(value);
          setError(null);
        },
        (e: unknown) => live && setError(userRefusalText(t, e)),
      );
    void read(client.call('user.list', {}), (r) => setUsers(sortUsers(r.users)), setLoadError);
    void read(client.call('unit.list', {}), (r) => setUnits(r.units), setUnitsError);
    return () => {
      live = false;
    };
    // t only words the error; a language switch need not reload.
  }, [client, epoch, reload]);

  const { task } = state;
  // Keyboard first: once a task is done or given up, the focus goes back where it started it.
  const returnTo = useRef<HTMLElement | null>(null);
  const start = (open: () => void) => {
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setTried(false);
    open();
  };
  useEffect(() => {
    if (task.kind === 'none' && returnTo.current?.isConnected) returnTo.current.focus();
  }, [task.kind]);
  const submit = async () => {
    const problems = task.kind === 'create' ? draftProblems(task.draft) : task.kind === 'password' ? passwordProblems(task.password, task.confirm) : [];
    if (problems.length > 0) {
      setTried(true);
      return;
    }
    dispatch({ type: 'send' });
    try {
      await sendTask(client, task);
      dispatch({ type: 'done' });
      setReload((n) => n + 1);
    } catch (e) {
      dispatch({ type: 'refused', error: userRefusalText(t, e) });
    }
  };
  const cancel = () => dispatch({ type: 'cancel' });

  return (
    <DockPanel testId="users-panel" title={t('users.title')} onClose={onClose}>
      <div className="panel-tabs" role="tablist" aria-label={t('users.title')}>
        {(['users', 'units'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`${tabsId}-${k}`}
            aria-selected={tab === k}
            aria-controls={`${tabsId}-${k}-panel`}
            className={`panel-tab${tab === k ? ' panel-tab--current' : ''}`}
            data-testid={`people-tab-${k}`}
            disabled={state.busy}
            onClick={() => setTab(k)}
          >
            {t(k === 'users' ? 'units.usersTab' : 'units.tab')}
          </button>
        ))}
      </div>
      {tab === 'units' ? (
        <div role="tabpanel" id={`${tabsId}-units-panel`} aria-labelledby={`${tabsId}-units`}>
          <UnitsSection client={client} units={units} loadError={unitsError} onChanged={() => setReload((n) => n + 1)} refusalText={(e) => userRefusalText(t, e)} sites={sites} vehicles={vehicles} />
        </div>
      ) : (
        <div className="people-users" role="tabpanel" id={`${tabsId}-users-panel`} aria-labelledby={`${tabsId}-users`}>
          <div className="button-row people-toolbar">
            <button
              type="button"
              className="action-button action-button--primary"
              data-testid="user-create"
              disabled={!grant.ok || state.busy}
              title={grant.title}
              onClick={() => start(() => dispatch({ type: 'create' }))}
            >
              + {t('users.create')}
            </button>
            {users ? <span className="muted small">{t('users.count', { count: users.length })}</span> : null}
          </div>
          {session.status.session?.offline ? <div className="panel-note warn">{t('users.offlineNote')}</div> : null}
          {state.notice ? (
            <div className="panel-note ok" role="status" data-testid="user-notice">
              {noticeText(t, state.notice, unitNames)}
            </div>
          ) : null}

          {task.kind === 'create' ? (
            <CreateUserForm
              draft={task.draft}
              busy={state.busy}
              error={state.error}
              tried={tried}
              onEdit={(draft) => dispatch({ type: 'editDraft', draft })}
              onSubmit={() => void submit()}
              onCancel={cancel}
            />
          ) : task.kind === 'password' ? (
            <PasswordForm
              name={userName(t, task.user)}
              password={task.password}
              confirm={task.confirm}
              busy={state.busy}
              error={state.error}
              tried={tried}
              onEdit={(edit) => dispatch({ type: 'editPassword', ...edit })}
              onSubmit={() => void submit()}
              onCancel={cancel}
            />
          ) : task.kind === 'confirm' ? (
            <ConfirmBox {...confirmWords(t, task.change, unitNames)} busy={state.busy} error={state.error} onConfirm={() => void submit()} onCancel={cancel} />
          ) : null}

          {loadError ? (
            <div className="inline-error" role="alert" data-testid="users-error">
              {t('users.loadError', { message: loadError })}
            </div>
          ) : null}
          {users === null ? (
            loadError ? null : <div className="panel-empty">{t('ui:panel.loading')}</div>
          ) : (
            <UsersTable users={users} units={units} selfId={selfId} busy={state.busy || task.kind !== 'none'} onTask={(event) => start(() => dispatch(event))} />
          )}
        </div>
      )}
    </DockPanel>
  );
}

type UsersTableProps = {
  users: readonly UserAccount[];
  /** The command tree, for each user's unit (null: not read yet, or not readable: the unit is shown, not offered). */
  units: readonly Unit[] | null;
  selfId: string | null;
  /** Something is in hand: the row actions wait. */
  busy: boolean;
  onTask(event: { type: 'ask'; change: UserChange } | { type: 'setPassword'; user: UserAccount }): void;
};

/** The accounts, one row each, with what may be done to each. */
export function UsersTable({ users, units, selfId, busy, onTask }: UsersTableProps) {
  const { t, i18n } = useTranslation('people');
  const language = currentLanguage(i18n);
  const rows = units ? unitRows(units) : [];
  const rootId = rows[0]?.unit.id;
  return (
    <table className="grid-table people-table" data-testid="users-table">
      <thead>
        <tr>
          <th>{t('users.colUsername')}</th>
          <th>{t('users.colDisplayName')}</th>
          <th>{t('users.colRole')}</th>
          <th>{t('units.colUnit')}</th>
          <th>{t('users.colSecondFactor')}</th>
          <th>{t('users.colStatus')}</th>
          <th>{t('users.colActions')}</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => {
          const may = rowActions(u, selfId);
          const name = userName(t, u);
          const selfTitle = u.id === selfId ? t('users.notYourself') : undefined;
          return (
            <tr key={u.id} data-testid="user-row" data-username={u.username} data-disabled={u.disabled} className={u.disabled ? 'people-row--disabled' : undefined}>
              <td className="mono">{u.username}</td>
              <td>
                {u.displayName}
                {u.id === selfId ? <span className="muted"> {t('users.you')}</span> : null}
              </td>
              <td>
                <RoleSelect
                  value={u.role}
                  label={t('users.roleOf', { name })}
                  disabled={busy || !may.role}
                  title={selfTitle}
                  onChange={(role) => role !== u.role && onTask({ type: 'ask', change: { kind: 'role', user: u, role } })}
                />
              </td>
              <td>
                {units ? (
                  <select
                    data-testid="user-unit"
                    value={u.unitId ?? rootId}
                    aria-label={t('units.unitOf', { name })}
                    disabled={busy}
                    onChange={(e) => e.target.value !== (u.unitId ?? rootId) && onTask({ type: 'ask', change: { kind: 'unit', user: u, unitId: e.target.value } })}
                  >
                    {rows.map(({ unit, depth }) => (
                      <option key={unit.id} value={unit.id}>
                        {'\u3000'.repeat(depth)}
                        {unitName(unit, language)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="mono small">{u.unitId ?? t('units.cityDefault')}</span>
                )}
              </td>
              <td data-testid="user-enrolled" data-enrolled={u.enrolled}>
                {u.enrolled ? t('users.enrolled') : <span className="warn">{t('users.notEnrolled')}</span>}
              </td>
              <td data-testid="user-status">{u.disabled ? <span className="danger">{t('users.disabled')}</span> : t('users.active')}</td>
              <td className="people-actions">
                <button
                  type="button"
                  className="action-button"
                  data-testid="user-reset-second-factor"
                  disabled={busy || !may.reset || !u.enrolled}
                  title={u.enrolled ? t('users.resetTitle') : t('users.notEnrolledTitle')}
                  onClick={() => onTask({ type: 'ask', change: { kind: 'reset_second_factor', user: u } })}
                >
                  {t('users.resetSecondFactor')}
                </button>
                <button type="button" className="action-button" data-testid="user-set-password" disabled={busy || !may.password} onClick={() => onTask({ type: 'setPassword', user: u })}>
                  {t('users.setPassword')}
                </button>
                <button
                  type="button"
                  className={`action-button${u.disabled ? '' : ' action-button--danger'}`}
                  data-testid="user-toggle-disabled"
                  disabled={busy || !may.disable}
                  title={selfTitle}
                  onClick={() => onTask({ type: 'ask', change: { kind: 'disabled', user: u, disabled: !u.disabled } })}
                >
                  {u.disabled ? t('users.enable') : t('users.disable')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
