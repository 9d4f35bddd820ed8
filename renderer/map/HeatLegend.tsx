import { useTranslation } from 'react-i18next';
import { cssColor } from '../../shared/palette';
import { formatClock } from '../format/duration';
import { currentLanguage } from '../i18n';
import { HEAT_COLORS, HEAT_HALF_LIFE_MS, HEAT_REFRESH_MS, HEAT_WINDOW_MS, type HeatFrame } from './heat-layer';

/**
 * Key to the request heat map: the colour ramp, how many requests it rests on, and as of
 * when (it is redrawn every 5 minutes, not live).
 */
export function HeatLegend({ frame, now }: { frame: HeatFrame; now: number }) {
  const { t, i18n } = useTranslation('map');
  const language = currentLanguage(i18n);
  const ramp = `linear-gradient(to right, ${HEAT_COLORS.map((c) => cssColor(c)).join(', ')})`;
  return (
    <div className="heat-legend" data-testid="heat-legend" data-map-obstacle="" data-at={frame.at} data-requests={frame.requests}>
      <div className="heat-legend__title">{t('heat.title')}</div>
      <div className="heat-legend__ramp" style={{ background: ramp }} aria-hidden="true" />
      <div className="heat-legend__ends muted small">
        <span>{t('heat.few')}</span>
        <span>{t('heat.many')}</span>
      </div>
      <div className="small" data-testid="heat-legend-as-of">
        {t('heat.asOf', { time: formatClock(frame.at, language, now), count: frame.requests, minutes: HEAT_REFRESH_MS / 60_000 })}
      </div>
      <div className="muted small">{t('heat.note', { hours: HEAT_WINDOW_MS / 3_600_000, half: HEAT_HALF_LIFE_MS / 3_600_000 })}</div>
    </div>
  );
}
