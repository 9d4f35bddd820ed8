import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { Site } from '../../shared/domain';
import { cssColor } from '../../shared/palette';
import type { BoardClient } from '../api/board-client';
import { errorText } from '../format/error-text';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { SITE_KIND_STYLE } from '../map/site-style';
import { useGrant } from '../ui/grant';
import { siteTarget, stockTarget, type PendingMarks } from '../ui/pending-marks';
import { PendingMark } from '../ui/PendingMark';
import { SidePanel, SidePanelPlaceholder } from '../ui/SidePanel';
import { isShort, orderStockLines } from './stock';
import { StockAdjustForm } from './StockAdjustForm';

type SiteDetail = MethodResult<'site.detail'>;

type SitePanelProps = {
  client: BoardClient;
  siteId: string;
  /** Changes when replica data changed: re-read the detail. */
  epoch: number;
  /** Targets with a command waiting for the central (pending-marks.ts). */
  pending: PendingMarks;
  onError(text: string): void;
  onClose(): void;
  /** Starts moving this site on the map (SitePickBanner); `moving` while that pick is on. */
  onMove(site: Site): void;
  moving: boolean;
  /** The site's equipment readiness, a section the shell supplies (renderer/assets/: a feature this one may not import). */
  readiness?: ReactNode;
  /** A neighbouring unit's site (board.snapshot's `neighbour`): shown read-only, no action offered. */
  neighbour?: boolean;
};

export function SitePanel({ client, siteId, epoch, pending, onError, onClose, onMove, moving, readiness, neighbour = false }: SitePanelProps) {
  const { t, i18n } = useTranslation('sites');
  const language = currentLanguage(i18n);
  const [detail, setDetail] = useState<SiteDetail | null>(null);
  const [failed, setFailed] = useState(false);
  const mayMove = useGrant()('site.move');

  useEffect(() => {
    let live = true;
    setFailed(false);
    client
      .call('site.detail', { siteId })
      .then((d) => live && setDetail(d))
      .catch((error: unknown) => {
        if (!live) return;
        setFailed(true);
        onError(t('errors:error.call', { message: errorText(t, error) }));
      });
    return () => {
      live = false;
    };
    // Only what is read from the backend is a dependency: onError and t change identity on re-render.
  }, [client, siteId, epoch]);

  // Keep showing the previous detail of the same site while it refreshes (no flicker).
  const current = detail?.site.id === siteId ? detail : null;
  const lines = useMemo(() => (current ? orderStockLines(current.stock, language) : []), [current, language]);
  const shortCount = lines.filter(isShort).length;

  if (!current) {
    return (
      <SidePanelPlaceholder testId="site-panel" failed={failed} onClose={onClose} />
    );
  }

  const { site } = current;
  const name = language === 'en' ? site.nameEn : site.name;
  const num = numberFormat(language);
  const placeWaiting = pending.get(siteTarget(site.id));
  return (
    <SidePanel
      testId="site-panel"
      title={name}
      chip={{ label: t(`format:siteKind.${site.kind}`), color: cssColor(SITE_KIND_STYLE[site.kind].ring?.color ?? SITE_KIND_STYLE[site.kind].fill) }}
      onClose={onClose}
    >
      <dl className="facts">
        {site.address ? (
          <>
            <dt>{t('site.address')}</dt>
            <dd>{site.address}</dd>
          </>
        ) : null}
        <dt>ID</dt>
        <dd className="mono">{site.id}</dd>
        <dt>{t('site.position')}</dt>
        <dd className={placeWaiting ? 'mono provisional' : 'mono'} data-testid="site-position" data-lon={site.lon} data-lat={site.lat} title={placeWaiting ? t('ui:pending.title') : undefined}>
          {site.lat.toFixed(5)}, {site.lon.toFixed(5)}
          {placeWaiting ? <PendingMark state={placeWaiting} /> : null}
        </dd>
      </dl>
      {neighbour ? (
        <div className="panel-note" role="note" data-testid="site-neighbour">
          {t('site.neighbourReadOnly')}
        </div>
      ) : null}
      <div className="button-row site-actions">
        <button
          type="button"
          className={`action-button${moving ? ' action-button--primary' : ''}`}
          data-testid="site-move"
          aria-pressed={moving}
          disabled={neighbour || !mayMove.ok}
          title={neighbour ? t('site.neighbourReadOnly') : (mayMove.title ?? t('site.moveTitle'))}
          onClick={() => onMove(site)}
        >
          {t('site.move')}
        </button>
      </div>
      {readiness}
      <div className={shortCount > 0 ? 'stock-summary stock-summary--short' : 'stock-summary'} data-testid="stock-summary">
        {lines.length === 0 ? t('site.empty') : shortCount > 0 ? t('site.shortCount', { count: shortCount }) : t('site.allOk')}
      </div>
      {lines.length > 0 ? (
        <table className="stock-table" data-testid="stock-table">
          <thead>
            <tr>
              <th>{t('site.item')}</th>
              <th className="num">{t('site.quantity')}</th>
              <th className="num">{t('site.safetyLevel')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const short = isShort(line);
              const waiting = pending.get(stockTarget(site.id, line.item.id));
              const unit = language === 'en' ? line.item.unitEn : line.item.unit;
              return (
                <tr
                  key={line.item.id}
                  data-item-id={line.item.id}
                  data-quantity={line.quantity}
                  data-short={short ? 'true' : 'false'}
                  data-pending={waiting ? 'true' : 'false'}
                  className={short ? 'short' : undefined}
                >
                  <td>
                    {language === 'en' ? line.item.nameEn : line.item.name}
                    {line.item.category === 'equipment' ? <span className="tag">{t('site.equipment')}</span> : null}
                    {waiting ? <PendingMark state={waiting} /> : null}
                  </td>
                  <td className={waiting ? 'num provisional' : 'num'} title={waiting ? t('ui:pending.title') : undefined}>
                    {num.format(line.quantity)} <span className="unit">{unit}</span>
                    {short ? <span className="badge badge--short">{t('site.short')}</span> : null}
                  </td>
                  <td className="num muted">{num.format(line.safetyLevel)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {neighbour ? null : <StockAdjustForm key={site.id} client={client} siteId={site.id} lines={lines} pending={pending} />}
    </SidePanel>
  );
}
