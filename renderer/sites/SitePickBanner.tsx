import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { errorText } from '../format/error-text';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { insideBounds, siteCommandOf, type Bounds, type PickedPosition, type SitePickIntent } from './site-pick';

type SitePickBannerProps = {
  client: BoardClient;
  pick: SitePickIntent;
  /** The position clicked on the map; null until the first click. */
  at: PickedPosition | null;
  bounds: Bounds;
  /** The command is queued: the site stands where it was put (pending upload). */
  onDone(siteId: string): void;
  onCancel(): void;
};

/**
 * Over the map while an administrator places or moves a site: what to do (click the new
 * position), the position chosen, and confirming or cancelling it. Enter confirms and Esc
 * cancels from anywhere on the board: the pick owns the keyboard while it lasts (Esc must
 * not also close the site panel behind it).
 */
export function SitePickBanner({ client, pick, at, bounds, onDone, onCancel }: SitePickBannerProps) {
  const { t, i18n } = useTranslation('sites');
  const language = currentLanguage(i18n);
  const commandIds = useCommandIds();
  const grant = useGrant();
  const may = pick.kind === 'move' ? grant('site.move') : grant('site.place');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inside = at ? insideBounds(at, bounds) : false;
  const name = language === 'en' ? pick.site.nameEn : pick.site.name;

  // A new click is a new position: the last refusal was about the old one.
  useEffect(() => setError(null), [at?.lon, at?.lat]);

  const confirm = async () => {
    if (!at || !inside || busy || !may.ok) return;
    setBusy(true);
    setError(null);
    try {
      const c = siteCommandOf(pick, at);
      if (c.method === 'site.move') await sendCommand(client, commandIds, 'site.move', c.arg);
      else await sendCommand(client, commandIds, 'site.place', c.arg);
      onDone(pick.site.id);
    } catch (e) {
      setError(t('pick.failed', { message: errorText(t, e) }));
    } finally {
      setBusy(false);
    }
  };

  const latest = useRef({ confirm, onCancel });
  latest.current = { confirm, onCancel };
  useEffect(() => {
    // Capture, before the board's own shortcuts: Esc here ends the pick and nothing else.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        latest.current.onCancel();
      } else if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        e.stopPropagation();
        void latest.current.confirm();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const fmt = (x: number) => x.toFixed(5);
  return (
    <div className="site-pick-banner" role="status" data-testid="site-pick-banner" data-pick={pick.kind} data-picked={at ? 'true' : 'false'}>
      <div className="site-pick-banner__what">
        <strong>{t(pick.kind === 'move' ? 'pick.moveTitle' : 'pick.placeTitle', { name })}</strong>
        <span>{at ? t('pick.again') : t('pick.click')}</span>
      </div>
      {at ? (
        <div className={inside ? 'site-pick-banner__at mono' : 'site-pick-banner__at mono warn'} data-testid="site-pick-position">
          {inside ? t('pick.position', { lon: fmt(at.lon), lat: fmt(at.lat) }) : t('pick.outside')}
        </div>
      ) : null}
      {error ? (
        <div className="inline-error" role="alert" data-testid="site-pick-error">
          {error}
        </div>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="action-button action-button--primary"
          data-testid="site-pick-confirm"
          disabled={!at || !inside || busy || !may.ok}
          title={may.title}
          onClick={() => void confirm()}
        >
          {busy ? t('pick.sending') : t(pick.kind === 'move' ? 'pick.confirmMove' : 'pick.confirmPlace')} <kbd>Enter</kbd>
        </button>
        <button type="button" className="action-button" data-testid="site-pick-cancel" onClick={onCancel}>
          {t('pick.cancel')} <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
