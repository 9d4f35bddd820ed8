import { UserBadge } from '../signin/UserBadge';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkStatus } from '../../shared/board-api';
import { VEHICLE_STATUSES, type Site, type SiteKind, type Vehicle } from '../../shared/domain';
import { cssColor, VEHICLE_STATUS_COLORS } from '../../shared/palette';
import { POSITION_STALE_MS } from '../../shared/vehicle-style';
import { AlertBell } from '../alerts/AlertBell';
import type { BoardClient } from '../api/board-client';
import { ageSeconds, formatAge } from '../format/age';
import type { LayerVisibility } from '../map/board-map';
import { SITE_KIND_STYLE } from '../map/site-style';
import { legendSiteKinds, useLegendCounts } from '../map/MapLegend';
import { VEHICLE_SYMBOLS } from '../map/symbols';
import { SymbolIcon } from '../map/SymbolIcon';
import { useGrant } from '../ui/grant';
import { FitBoundsIcon } from './icons';
import { LayerPanel } from './LayerPanel';
import { layersFor } from './layer-visibility';
import type { DockPanelId } from './panels';
import { Settings } from './Settings';
import { useFitLevel } from './use-fit-level';
import type { ConsoleViews } from './views';

type TopBarProps = {
  client: BoardClient;
  link: LinkStatus | null;
  /** The backend is unreachable: the link state shown is only the last one known. */
  hostLost: boolean;
  now: number;
  /** Newest position batch seen by this window (the link status only updates on events). */
  lastFrameAt: number | null;
  vehicles: readonly Vehicle[];
  sites: readonly Site[];
  visibility: LayerVisibility;
  onToggleLayer(layer: keyof LayerVisibility): void;
  onResetView(): void;
  /** Which dock panel is open, for the buttons' pressed state. */
  dock: DockPanelId | null;
  onOpenLinkHealth(): void;
  onOpenConflicts(): void;
  onNewRequest(): void;
  onOpenKpi(): void;
  /** Opens or closes a dock panel (users, audit log). */
  onToggleDock(id: DockPanelId): void;
  onOpenPalette(): void;
  /** What the signed-in role is offered: buttons for the rest are not shown. */
  views: ConsoleViews;
};

/** Pull older than this is worth a glance (amber); the puller normally runs every few seconds. */
const DATA_AGE_WARN_S = 60;

/** A site kind's dot, as the map draws it: filled, or a police station's ring. */
const siteDotStyle = (kind: SiteKind) => {
  const style = SITE_KIND_STYLE[kind];
  return style.ring ? { background: cssColor(style.fill), boxShadow: `inset 0 0 0 2px ${cssColor(style.ring.color)}` } : { background: cssColor(style.fill) };
};

export function TopBar(props: TopBarProps) {
  const grant = useGrant();
  const { client, link, hostLost, now, lastFrameAt, vehicles, sites, visibility, views } = props;
  const { t } = useTranslation('app');
  const barRef = useRef<HTMLElement>(null);
  useFitLevel(barRef, 8);

  const { counts, siteCounts } = useLegendCounts(vehicles, sites);
  // Once per site list, not on every tick of the bar's clock.
  const layers = useMemo(() => layersFor(sites), [sites]);

  const lastPosition = Math.max(link?.lastPositionAt ?? 0, lastFrameAt ?? 0) || null;
  const dataAge = ageSeconds(link?.lastPullAt ?? null, now);
  const positionAge = ageSeconds(lastPosition, now);

  return (
    <header className="top-bar" ref={barRef}>
      {/* The page's heading: what this window is (the panels below it are h2). */}
      <h1 className="brand" title={t('app.name')}>
        <span className="brand__mark" aria-hidden="true">◆</span>
        <span className="brand__name">{t('app.name')}</span>
      </h1>

      {views.dispatch ? (
        <button
          type="button"
          className="action-button action-button--primary new-request-button"
          data-testid="new-request"
          aria-expanded={props.dock === 'request'}
          title={`${t('dispatch:request.title')} (N)`}
          onClick={props.onNewRequest}
        >
          + <span>{t('dispatch:request.title')}</span> <kbd>N</kbd>
        </button>
      ) : null}

      {link ? (
        <button
          type="button"
          className={`link-state link-state--${link.state}${hostLost ? ' link-state--stale' : ''}`}
          data-testid="link-state"
          data-state={link.state}
          data-stale={hostLost ? 'true' : 'false'}
          data-endpoint={link.endpointName}
          aria-expanded={props.dock === 'link'}
          aria-haspopup="dialog"
          title={
            hostLost
              ? t('format:link.lastKnown')
              : `${t('link:health.open')} · ${link.lastError && link.state !== 'connected' ? t('format:link.lastError', { message: link.lastError.message }) : link.endpoint}`
          }
          onClick={props.onOpenLinkHealth}
        >
          <span className="dot" aria-hidden="true" />
          <span className="link-state__label">{t('format:link.label')}</span>
          <strong>{t(`format:link.${link.state}`)}</strong>
          {/* On the backup line the officer should know at a glance. */}
          {link.endpointName === 'backup' ? <span className="endpoint-tag endpoint-tag--backup">{t('link:health.backup')}</span> : null}
        </button>
      ) : null}

      {link ? (
        <span
          className={`queue-depth${link.queueDepth > 0 ? ' queue-depth--some' : ''}`}
          data-testid="queue-depth"
          data-count={link.queueDepth}
          title={t('queue.title', { count: link.queueDepth })}
        >
          <span aria-hidden="true">↑</span>
          <span className="queue-depth__label">{t('queue.label')}</span>
          <strong>{link.queueDepth}</strong>
        </span>
      ) : null}

      {views.dockPanels.includes('alerts') ? <AlertBell client={client} open={props.dock === 'alerts'} onToggle={() => props.onToggleDock('alerts')} /> : null}

      {link && link.conflicts > 0 ? (
        <button
          type="button"
          className="conflict-indicator"
          data-testid="conflict-indicator"
          data-count={link.conflicts}
          aria-expanded={props.dock === 'conflicts'}
          aria-haspopup="dialog"
          title={t('link:conflict.indicatorTitle', { count: link.conflicts })}
          onClick={props.onOpenConflicts}
        >
          <span aria-hidden="true">⚠</span> {t('link:conflict.indicator')} <strong>{link.conflicts}</strong>
        </button>
      ) : null}

      <div className="data-age" data-testid="data-age">
        <span className={dataAge !== null && dataAge > DATA_AGE_WARN_S ? 'warn' : undefined} data-testid="data-age-pull">
          {t('format:age.data')} {formatAge(t, link?.lastPullAt ?? null, now)}
        </span>
        <span className="sep" aria-hidden="true">·</span>
        <span
          className={`data-age__positions${positionAge !== null && positionAge * 1000 > POSITION_STALE_MS ? ' warn' : ''}`}
          data-testid="data-age-positions"
        >
          {t('format:age.positions')} {formatAge(t, lastPosition, now)}
        </span>
      </div>

      <div className="legend" data-fit-watch="" data-testid="status-legend" aria-label={t('legend.vehicles')}>
        <span className="legend__title">{t('legend.vehicles')}</span>
        {VEHICLE_STATUSES.map((status) => (
          <span key={status} className="legend__item" data-status={status} data-count={counts[status]} title={t(`format:status.${status}`)}>
            <SymbolIcon def={VEHICLE_SYMBOLS[status]} color={VEHICLE_STATUS_COLORS[status]} sizePx={13} />
            <span className="legend__name">{t(`format:status.${status}`)}</span>
            <span className="legend__count">{counts[status]}</span>
          </span>
        ))}
      </div>

      <div className="legend legend--sites" data-fit-watch="" data-testid="site-legend" aria-label={t('legend.sites')}>
        {legendSiteKinds(siteCounts).map((kind) => (
          <span key={kind} className="legend__item" data-kind={kind} title={t(`format:siteKind.${kind}`)}>
            <span className="dot" style={siteDotStyle(kind)} aria-hidden="true" />
            <span className="legend__name">{t(`format:siteKind.${kind}`)}</span>
            <span className="legend__count">{siteCounts[kind]}</span>
          </span>
        ))}
      </div>

      <div className="spacer" />

      {views.dockPanels.includes('kpi') ? (
        <button type="button" className="tool-button" data-testid="open-kpi" aria-expanded={props.dock === 'kpi'} title={t('dispatch:kpi.title')} onClick={props.onOpenKpi}>
          <span aria-hidden="true">▤</span> <span className="top-action__text">{t('dispatch:kpi.title')}</span>
        </button>
      ) : null}
      {views.dockPanels.includes('readiness') ? (
        <button type="button" className="tool-button" data-testid="open-readiness" aria-expanded={props.dock === 'readiness'} title={t('assets:readiness.title')} onClick={() => props.onToggleDock('readiness')}>
          <span aria-hidden="true">◔</span> <span className="tool-button__text">{t('assets:top.readiness')}</span>
        </button>
      ) : null}
      {/* In the bar for who decides them (a supervisor); everyone else reaches them from 装备完好率 and the palette. */}
      {views.dockPanels.includes('repairs') && grant('repair.decide').ok ? (
        <button type="button" className="tool-button" data-testid="open-repairs" aria-expanded={props.dock === 'repairs'} title={t('assets:repairs.title')} onClick={() => props.onToggleDock('repairs')}>
          <span aria-hidden="true">⚒</span> <span className="tool-button__text">{t('assets:top.repairs')}</span>
        </button>
      ) : null}
      {views.dockPanels.includes('audit') ? (
        <button type="button" className="tool-button" data-testid="open-audit" aria-expanded={props.dock === 'audit'} title={t('people:audit.title')} onClick={() => props.onToggleDock('audit')}>
          <span aria-hidden="true">☰</span> <span className="top-action__text">{t('people:audit.title')}</span>
        </button>
      ) : null}
      {views.dockPanels.includes('site-new') ? (
        <button type="button" className="tool-button" data-testid="new-site" aria-expanded={props.dock === 'site-new'} title={t('sites:newSite.title')} onClick={() => props.onToggleDock('site-new')}>
          <span aria-hidden="true">＋</span> <span className="top-action__text">{t('sites:newSite.title')}</span>
        </button>
      ) : null}
      {views.dockPanels.includes('users') ? (
        <button type="button" className="tool-button" data-testid="open-users" aria-expanded={props.dock === 'users'} title={t('people:users.title')} onClick={() => props.onToggleDock('users')}>
          <span aria-hidden="true">☷</span> <span className="top-action__text">{t('people:users.title')}</span>
        </button>
      ) : null}
      <LayerPanel layers={layers} visibility={visibility} onToggle={props.onToggleLayer} />
      <button type="button" className="tool-button" data-testid="reset-view" title={t('toolbar.resetView')} onClick={props.onResetView}>
        <FitBoundsIcon /> <span className="tool-button__text">{t('toolbar.resetView')}</span>
      </button>
      <button type="button" className="tool-button" data-testid="open-palette" title={t('palette.title')} onClick={props.onOpenPalette}>
        <kbd>Ctrl K</kbd>
      </button>
      <Settings client={client} link={link} views={views} onOpenCities={() => props.onToggleDock('cities')} onOpenDutySettings={() => props.onToggleDock('duty-settings')} />
      <UserBadge />
    </header>
  );
}
