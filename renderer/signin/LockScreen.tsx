import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../shared/auth/schema';
import { useAttempt } from './use-attempt';

/**
 * The lock screen: nothing of the board behind it (the map and the panels are unmounted,
 * not covered), the officer's name, and the password to unlock; or sign out, for the next
 * officer at a shift change.
 */
export function LockScreen({ session, onUnlock, onLogout }: { session: SessionUser; onUnlock(password: string): Promise<void>; onLogout(): void }) {
  const { t } = useTranslation('signin');
  const [password, setPassword] = useState('');
  const { busy, error, attempt } = useAttempt();
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void attempt(
      () => onUnlock(password),
      () => {
        setPassword('');
        ref.current?.focus();
      },
    );
  };
  return (
    <main className="signin signin--locked" data-testid="lock-screen">
      <form className="signin__card" onSubmit={submit} noValidate aria-labelledby="lock-heading">
        <h1 id="lock-heading">
          {t('app:app.name')} · {t('lock.heading')}
        </h1>
        <p className="signin__who">{t('lock.who', { name: session.displayName, role: t(`format:role.${session.role}`) })}</p>
        <p className="signin__intro">{t('lock.intro')}</p>
        <label htmlFor="lock-password">{t('lock.password')}</label>
        <input ref={ref} id="lock-password" data-testid="lock-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        {error ? (
          <div className="inline-error" role="alert" data-testid="lock-error">
            {error}
          </div>
        ) : null}
        <div className="button-row">
          <button type="submit" className="action-button action-button--primary" data-testid="lock-submit" disabled={busy}>
            {t('lock.submit')} <kbd>Enter</kbd>
          </button>
          <button type="button" className="action-button" data-testid="lock-logout" onClick={onLogout}>
            {t('lock.logout')}
          </button>
        </div>
      </form>
    </main>
  );
}
