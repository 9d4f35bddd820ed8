import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_LEVELS, SITE_KINDS, VEHICLE_STATUSES, type Site, type SiteKind, type Vehicle, type VehicleStatus } from '../../shared/domain';
import { ALERT_LEVEL_RGBA, cssColor, VEHICLE_STATUS_COLORS } from '../../shared/palette';
import { isNeighbourRow, neighbourFaded, SITE_KIND_STYLE, SITE_OUTLINE } from './site-style';
import { LEVEL_SYMBOLS, VEHICLE_SYMBOLS } from './symbols';
import { SymbolIcon } from './SymbolIcon';

const COLLAPSED_KEY = 'jingbao.legendCollapsed';

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === 'true';
  } catch {
    return false;
  }
}

/** The site kinds a legend lists: the supply sites always, police stations where the city has some. */
export const legendSiteKinds = (siteCounts: Record<SiteKind, number>): SiteKind[] => SITE_KINDS.filter((k) => k !== 'station' || siteCounts[k] > 0);

/** Vehicles per status and sites per kind: the legends' counts (this one and the top bar's); the console's own, not its neighbours'. */
export function useLegendCounts(vehicles: readonly Vehicle[], sites: readonly Site[]) {
  const counts = useMemo(() => {
    const c = Object.fromEntries(VEHICLE_STATUSES.map((s) => [s, 0])) as Record<VehicleStatus, number>;
    for (const v of vehicles) if (!isNeighbourRow(v)) c[v.status]++;
    return c;
  }, [vehicles]);
  const siteCounts = useMemo(() => {
    const c = Object.fromEntries(SITE_KINDS.map((k) => [k, 0])) as Record<SiteKind, number>;
    for (const s of sites) if (!isNeighbourRow(s)) c[s.kind]++;
    return c;
  }, [sites]);
  return { counts, siteCounts };
}

/** A site kind's marker as the map draws it: a filled circle, or a police station's ring; faded as a neighbour's. */
function SiteKindIcon({ kind, faded = false }: { kind: SiteKind; faded?: boolean }) {
  const style = SITE_KIND_STYLE[kind];
  const r = Math.min(11, style.radiusPx + (style.ring ? 2 : 0));
  const look = (c: typeof style.fill) => cssColor(faded ? neighbourFaded(c) : c);
  return (
    <svg className="symbol-icon" width={14} height={14} viewBox="-12 -12 24 24" aria-hidden="true" focusable="false">
      <circle r={r} fill={look(style.fill)} stroke={look(style.ring?.color ?? SITE_OUTLINE)} strokeWidth={style.ring ? 4 : 1.5} />
    </svg>
  );
}

type MapLegendProps = {
  vehicles: readonly Vehicle[];
  sites: readonly Site[];
  /** The wall's legend: always open, nothing to press, sized by the wall's stylesheet. */
  variant?: 'console' | 'wall';
};

/**
 * The key to the map: every vehicle status, site kind and four-colour level with its word,
 * its symbol's shape and its colour, so no meaning rests on colour alone (orange is both
 * 在现场 and 紧急; here one is a target, the other a diamond). Counts for vehicles and sites.
 */
export function MapLegend({ vehicles, sites, variant = 'console' }: MapLegendProps) {
  const { t } = useTranslation('map');
  const [collapsed, setCollapsed] = useState(() => variant === 'console' && readCollapsed());
  const { counts, siteCounts } = useLegendCounts(vehicles, sites);
  // Neighbouring units' sites and vehicles (held when the central shows them): how they look here.
  const neighbours = useMemo(() => sites.filter(isNeighbourRow).length + vehicles.filter(isNeighbourRow).length, [sites, vehicles]);
  const toggle = () => {
    setCollapsed((was) => {
      try {
        localStorage.setItem(COLLAPSED_KEY, String(!was));
      } catch {
        // Not remembered; it still toggles.
      }
      return !was;
    });
  };
  const wall = variant === 'wall';

  return (
    <section className={`map-legend map-legend--${variant}${collapsed ? ' map-legend--collapsed' : ''}`} data-testid="map-legend" data-map-obstacle="" aria-label={t('legend.title')}>
      {wall ? null : (
        <button type="button" className="map-legend__toggle" data-testid="map-legend-toggle" aria-expanded={!collapsed} onClick={toggle} title={collapsed ? t('legend.show') : t('legend.hide')}>
          {t('legend.title')} <span aria-hidden="true">{collapsed ? '▴' : '▾'}</span>
        </button>
      )}
      {collapsed ? null : (
        <div className="map-legend__body">
          <div className="map-legend__group" data-testid="legend-vehicles">
            <h3 className="map-legend__heading">{t('legend.vehicles')}</h3>
            {VEHICLE_STATUSES.map((s) => (
              <span key={s} className="map-legend__item" data-status={s} data-count={counts[s]}>
                <SymbolIcon def={VEHICLE_SYMBOLS[s]} color={VEHICLE_STATUS_COLORS[s]} />
                <span className="map-legend__word">{t(`format:status.${s}`)}</span>
                <span className="map-legend__count">{counts[s]}</span>
              </span>
            ))}
          </div>
          <div className="map-legend__group" data-testid="legend-sites">
            <h3 className="map-legend__heading">{t('legend.sites')}</h3>
            {legendSiteKinds(siteCounts).map((k) => (
              <span key={k} className="map-legend__item" data-kind={k}>
                <SiteKindIcon kind={k} />
                <span className="map-legend__word">{t(`format:siteKind.${k}`)}</span>
                <span className="map-legend__count">{siteCounts[k]}</span>
              </span>
            ))}
            {neighbours > 0 ? (
              <span className="map-legend__item" data-testid="legend-neighbours" data-count={neighbours} title={t('legend.neighboursTitle')}>
                <SiteKindIcon kind="regional" faded />
                <span className="map-legend__word">{t('legend.neighbours')}</span>
                <span className="map-legend__count">{neighbours}</span>
              </span>
            ) : null}
          </div>
          <div className="map-legend__group" data-testid="legend-levels">
            <h3 className="map-legend__heading">{t(wall ? 'legend.levelsWall' : 'legend.levels')}</h3>
            {ALERT_LEVELS.map((l) => (
              <span key={l} className="map-legend__item" data-level={l}>
                <SymbolIcon def={LEVEL_SYMBOLS[l]} color={ALERT_LEVEL_RGBA[l]} variant={wall ? 'solid' : 'hollow'} />
                <span className="map-legend__word">{t(`format:priority.${l}`)}</span>
              </span>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
