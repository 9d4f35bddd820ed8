import { useTranslation } from 'react-i18next';
import { useSession } from '../api/session';

/** Who is signed in, in the top bar: name and role, a badge for a demo or offline sign-in, and lock and sign-out one click (or one keystroke) away. */
export function UserBadge() {
  const { t } = useTranslation('signin');
  const { status, lock, logout } = useSession();
  const s = status.session;
  if (!s) return null;
  return (
    <div className="user-badge" data-testid="user-badge" data-role={s.role}>
      <span className="user-badge__name" title={`${s.username} · ${s.workstation}`}>
        {s.displayName} · {t(`format:role.${s.role}`)}
      </span>
      {s.demo ? (
        <span className="badge badge--demo" data-testid="demo-badge" title={t('user.demoTitle')}>
          {t('user.demo')}
        </span>
      ) : null}
      {s.offline ? (
        <span className="badge" data-testid="offline-badge">
          {t('user.offline')}
        </span>
      ) : null}
      <button type="button" className="tool-button" data-testid="user-lock" title="Ctrl+Shift+K" onClick={lock}>
        {t('user.lock')}
      </button>
      <button type="button" className="tool-button" data-testid="user-logout" title="Ctrl+Shift+L" onClick={logout}>
        {t('user.logout')}
      </button>
    </div>
  );
}
