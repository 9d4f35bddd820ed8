import { useTranslation } from 'react-i18next';
import type { LinkStatus } from '../../shared/board-api';
import { formatClock } from '../format/duration';
import { currentLanguage } from '../i18n';

type RewindBannerProps = {
  link: LinkStatus;
  mode: 'running' | 'done';
  now: number;
  onDetails(): void;
  onDismiss(): void;
};

/**
 * The central came back with older data than this board had seen (restored from a backup,
 * a lagging backup endpoint took over): the board says so while it re-synchronises, then
 * how many of the officers' confirmed actions it had to send again.
 */
export function RewindBanner({ link, mode, now, onDetails, onDismiss }: RewindBannerProps) {
  const { t, i18n } = useTranslation('link');
  const language = currentLanguage(i18n);
  const r = link.lastRewind;
  // Another officer's unit (multi-level command): the board took that unit's scope, nothing was wrong with the central.
  const scope = (mode === 'running' ? link.resync?.reason : r?.reason) === 'scope_changed';
  if (scope) {
    return (
      <div className={`rewind-banner rewind-banner--${mode}`} role="status" aria-live="polite" data-testid="rewind-banner" data-mode={mode} data-reason="scope_changed">
        <span className="rewind-banner__icon" aria-hidden="true">⟲</span>
        <strong>{mode === 'running' ? t('rewind.scopeRunning') : t('rewind.scopeDone', { time: r ? formatClock(r.at, language, now) : '' })}</strong>
        {mode === 'done' && r && r.requeued > 0 ? (
          <>
            <span className="sep" aria-hidden="true">·</span>
            <span data-testid="rewind-requeued">{t('rewind.requeued', { count: r.requeued })}</span>
          </>
        ) : null}
        <span className="spacer" />
        {mode === 'done' ? (
          <button type="button" className="link-button" onClick={onDismiss} aria-label={t('rewind.dismiss')}>
            ✕
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <div className={`rewind-banner rewind-banner--${mode}`} role="status" aria-live="polite" data-testid="rewind-banner" data-mode={mode}>
      <span className="rewind-banner__icon" aria-hidden="true">⟲</span>
      {mode === 'running' ? (
        <>
          <strong>{t('rewind.running')}</strong>
          <span className="sep" aria-hidden="true">·</span>
          <span>{t('rewind.runningHint')}</span>
        </>
      ) : (
        <>
          <strong>{t('rewind.done', { time: r ? formatClock(r.at, language, now) : '' })}</strong>
          <span className="sep" aria-hidden="true">·</span>
          <span data-testid="rewind-requeued">{t('rewind.requeued', { count: r?.requeued ?? 0 })}</span>
        </>
      )}
      <span className="spacer" />
      <button type="button" className="link-button" onClick={onDetails}>
        {t('outage.details')}
      </button>
      {mode === 'done' ? (
        <button type="button" className="link-button" onClick={onDismiss} aria-label={t('rewind.dismiss')}>
          ✕
        </button>
      ) : null}
    </div>
  );
}
