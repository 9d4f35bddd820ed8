import { useTranslation } from 'react-i18next';
import { cssColor } from '../../shared/palette';
import { coverageFill, isOutsideServiceCircle, SERVICE_CIRCLE_MIN, type CoverageBands } from './coverage-layer';

/**
 * Key to the coverage layer: each drive-time band with its share of the city, ">30 min"
 * and "no road" as two classes, and how much of the roads lie outside the 15-minute
 * service circle (the figure the division reports).
 */
export function CoverageLegend({ bands }: { bands: CoverageBands | null }) {
  const { t } = useTranslation('map');
  const features = bands?.features ?? [];
  // "No road" (water, rail yards, parks) is not a failure of service: the figure is of
  // the city's roads only.
  const noRoad = features.find((f) => f.properties.kind === 'no_road')?.properties.cellShare ?? 0;
  const outsideRoads = features.filter((f) => isOutsideServiceCircle(f.properties)).reduce((n, f) => n + f.properties.cellShare, 0);
  const roadShare = Math.max(1e-9, 1 - noRoad);
  return (
    <div className="coverage-legend" data-testid="coverage-legend" data-map-obstacle="">
      <div className="coverage-legend__title">{t('coverage.title')}</div>
      {features.length === 0 ? <div className="muted small">{t('ui:panel.loading')}</div> : null}
      {features.map((f) => {
        const p = f.properties;
        // Stronger swatch than the map's wash so the key is readable on its own.
        const [r, g, b] = coverageFill(p);
        return (
          <div key={p.label} className="coverage-legend__row" data-kind={p.kind} data-outside={isOutsideServiceCircle(p) ? 'true' : 'false'}>
            <span className={`coverage-legend__swatch coverage-legend__swatch--${p.kind}`} style={{ background: cssColor([r, g, b, 200]) }} aria-hidden="true" />
            <span>{p.kind === 'no_road' ? t('coverage.noRoad') : p.kind === 'beyond' ? t('coverage.beyond', { min: p.fromMin }) : t('coverage.band', { from: p.fromMin, to: p.toMin })}</span>
            <span className="muted small coverage-legend__share">{Math.round(p.cellShare * 100)}%</span>
          </div>
        );
      })}
      {features.length > 0 ? (
        <div className={`small coverage-legend__outside${outsideRoads > 0 ? ' coverage-legend__outside--some' : ''}`} data-testid="coverage-outside">
          {t('coverage.outside', { min: SERVICE_CIRCLE_MIN, share: Math.round((outsideRoads / roadShare) * 100), none: Math.round(noRoad * 100) })}
        </div>
      ) : null}
      <div className="muted small">{t('coverage.note')}</div>
    </div>
  );
}
