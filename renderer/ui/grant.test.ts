import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Role } from '../../shared/auth/roles';
import { sessionView, type AuthStatus } from '../api/session';
import { createI18n } from '../i18n';
import { grantFor, methodPermission } from './grant';

const status = (role: Role | null): AuthStatus => ({
  session: role
    ? { userId: `u-${role}`, username: role, displayName: role, role, workstation: 'ws-1', signedInAt: 0, offline: false, demo: false }
    : null,
  locked: false,
  lockAfterS: 900,
  permissions: role ? [...ROLE_PERMISSIONS[role]] : [],
  demo: false,
  demoLogin: null,
});

describe('grantFor', () => {
  const { t } = createI18n('zh-CN');

  it('reads the permission the method declares', () => {
    expect(methodPermission('stock.adjust')).toBe('stock.write');
    expect(methodPermission('wall.setSchedule')).toBe('wall.write');
    expect(methodPermission('audit.recordExport')).toBe('data.export');
  });

  it('lets a role do what it holds, and says who may when it does not', () => {
    expect(grantFor(t, sessionView(status('duty')), 'stock.adjust')).toEqual({ ok: true, title: undefined });
    expect(grantFor(t, sessionView(status('wall')), 'stock.adjust')).toEqual({ ok: false, title: '仅值班员、值班领导可操作' });
    expect(grantFor(t, sessionView(status('duty')), 'wall.setSchedule')).toEqual({ ok: false, title: '仅值班领导可操作' });
    expect(grantFor(t, sessionView(status('admin')), 'settings.set').ok).toBe(true);
    expect(grantFor(t, sessionView(status('duty')), 'settings.set').title).toBe('仅值班领导、系统管理员可操作');
    expect(grantFor(createI18n('en').t, sessionView(status('auditor')), 'dispatch.accept').title).toBe('Only for: Duty officer, Supervisor');
  });

  it('lets anyone signed in call what needs only a session, and nobody else', () => {
    expect(grantFor(t, sessionView(status('wall')), 'settings.get').ok).toBe(true);
    expect(grantFor(t, sessionView(status(null)), 'settings.get').ok).toBe(false);
    expect(grantFor(t, sessionView(status(null)), 'auth.login').ok).toBe(true);
  });
});
