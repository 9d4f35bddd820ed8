import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { allBoardMethods, type BoardMethod } from '../../shared/board-api';
import type { Permission } from '../../shared/permissions';
import { useSession, type SessionView } from '../api/session';
import { roleText, rolesWith } from '../format/roles';

/**
 * Whether the signed-in role may take an action (call a board method), and when it may
 * not, the tooltip for its disabled control: which roles may. The permission is the one
 * the method declares (shared/<domain>/api.ts), so a view cannot disagree with the
 * backend about who may; the backend checks every call anyway: this only spares the
 * officer a refusal.
 */
export type Grant = { ok: true; title: undefined } | { ok: false; title: string };

export function methodPermission(method: BoardMethod): Permission {
  return allBoardMethods[method].permission;
}

/** 'public' and 'session' describe callers, not rights: anyone, or anyone signed in. */
function holds(session: Pick<SessionView, 'status' | 'can'>, permission: Permission): boolean {
  if (permission === 'public') return true;
  if (permission === 'session') return session.status.session !== null;
  return session.can(permission);
}

export function grantFor(t: TFunction, session: Pick<SessionView, 'status' | 'can'>, method: BoardMethod): Grant {
  const permission = methodPermission(method);
  if (holds(session, permission)) return { ok: true, title: undefined };
  const roles = rolesWith(permission).map((r) => roleText(t, r));
  return { ok: false, title: t('ui:grant.only', { roles: roles.join(t('ui:grant.separator')) }) };
}

/** `grant('stock.adjust')` in a component: `disabled={!g.ok}`, `title={g.title}`. */
export function useGrant(): (method: BoardMethod) => Grant {
  const session = useSession();
  const { t } = useTranslation('ui');
  return useCallback((method: BoardMethod) => grantFor(t, session, method), [t, session]);
}
