import { useTranslation } from 'react-i18next';
import { useSession } from '../api/session';

/**
 * Who is signed in, in the top bar: name and role, a badge for a demo or offline sign-in,
 * and lock and sign-out one click (or one keystroke) away. It gives way like the rest of the
 * bar (app.css): the role word and the buttons' words go before anything is cut; the name,
 * the badges and the buttons themselves stay.
 */
export function UserBadge() {
  const { t, i18n } = useTranslation('signin');
  const { status, lock, logout } = useSession();
  const s = status.session;
  if (!s) return null;
  const role = t(`format:role.${s.role}`);
  return (
    <div className="user-badge" data-testid="user-badge" data-role={s.role}>
      <span className="user-badge__name" title={`${s.displayName} · ${role} · ${s.username} · ${s.workstation}`}>
        {s.displayName}
        <span className="user-badge__role muted"> · {role}</span>
      </span>
      {s.unit ? (
        // A console below the city: whose scope the board shows (its unit's subtree, and the supply sites it draws from).
        <span className="badge badge--unit" data-testid="unit-badge" data-unit={s.unit.id} title={t('user.unitTitle')}>
          {i18n.language.startsWith('en') ? s.unit.nameEn : s.unit.name}
        </span>
      ) : null}
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
      <button type="button" className="tool-button" data-testid="user-lock" title={`${t('user.lock')} (Ctrl+Shift+K)`} aria-label={t('user.lock')} onClick={lock}>
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
          <rect x="2" y="5.5" width="8" height="6" rx="1" fill="currentColor" />
          <path d="M3.8 5.5V3.8a2.2 2.2 0 0 1 4.4 0v1.7" fill="none" stroke="currentColor" strokeWidth="1.3" />
        </svg>
        <span className="tool-button__text">{t('user.lock')}</span>
      </button>
      <button type="button" className="tool-button" data-testid="user-logout" title={`${t('user.logout')} (Ctrl+Shift+L)`} aria-label={t('user.logout')} onClick={logout}>
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
          <path d="M7 2H2.5v8H7M5 6h6M9 4l2 2-2 2" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="tool-button__text">{t('user.logout')}</span>
      </button>
    </div>
  );
}
