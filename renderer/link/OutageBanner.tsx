import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkStatus } from '../../shared/board-api';
import { POSITION_STALE_MS } from '../../shared/vehicle-style';
import { formatAge } from '../format/age';
import { errorText } from '../format/error-text';
import type { BoardClient } from '../api/board-client';
import { useGrant } from '../ui/grant';

type OutageBannerProps = {
  link: LinkStatus;
  now: number;
  onDetails(): void;
  /** Restores a link cut by the demo control (the button shows only while it is cut). */
  client?: Pick<BoardClient, 'call'>;
};

/**
 * A full-width strip under the top bar while the central link is down: says so, how old
 * the data is (ticking), that the board goes on working, and how much waits to upload.
 * In the page flow rather than over the map, so it never hides a panel or a marker.
 */
export function OutageBanner({ link, now, onDetails, client }: OutageBannerProps) {
  const { t } = useTranslation('link');
  const mayRestore = useGrant()('link.setCut');
  const [restoring, setRestoring] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const restore = async () => {
    if (!client) return;
    setRestoring({ busy: true, error: null });
    try {
      await client.call('link.setCut', { cut: false });
      setRestoring({ busy: false, error: null });
    } catch (error) {
      setRestoring({ busy: false, error: errorText(t, error) });
    }
  };
  return (
    <div className={`outage-banner outage-banner--${link.state}`} role="alert" data-testid="outage-banner" data-cut={link.cut ? 'true' : 'false'}>
      <span className="outage-banner__icon" aria-hidden="true">⚠</span>
      <strong>{link.cut ? t('outage.titleCut') : t('outage.title')}</strong>
      <span className="sep" aria-hidden="true">·</span>
      <span data-testid="outage-age">{t('outage.lastSync', { age: formatAge(t, link.lastPullAt, now) })}</span>
      <span className="sep" aria-hidden="true">·</span>
      <span>
        {t('outage.local')}
        <span className={link.queueDepth > 0 ? 'outage-banner__queued outage-banner__queued--some' : 'outage-banner__queued'} data-testid="outage-queued">
          {t('outage.queued', { count: link.queueDepth })}
        </span>
      </span>
      <span className="outage-banner__stale muted">{t('outage.stale', { seconds: Math.round(POSITION_STALE_MS / 1000) })}</span>
      <span className="spacer" />
      {restoring.error ? (
        <span className="inline-error" role="alert">
          {t('outage.restoreFailed', { message: restoring.error })}
        </span>
      ) : null}
      {/* The way back stays in the banner, always in view: not at the bottom of a scrolled panel. */}
      {link.cut && client ? (
        <button type="button" className="action-button outage-banner__restore" data-testid="outage-restore" disabled={restoring.busy || !mayRestore.ok} title={mayRestore.title} onClick={() => void restore()}>
          {t('outage.restore')}
        </button>
      ) : null}
      <button type="button" className="link-button" onClick={onDetails}>
        {t('outage.details')}
      </button>
    </div>
  );
}
