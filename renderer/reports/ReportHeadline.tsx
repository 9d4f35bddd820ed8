import { useTranslation } from 'react-i18next';
import { formatDuration } from '../format/duration';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { formatShare, movedByUnit, type Report } from './report-view';

/**
 * The annual report's headline (年度报告要点), from data: dispatches, the emergency class's
 * average request-to-arrival against its 30 minutes, goods moved, the on-time share; with the
 * ledger, readiness, turnout and the repair cycle against their targets. On screen and on paper.
 */
export function ReportHeadline({ report }: { report: Report }) {
  const { t, i18n } = useTranslation('reports');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const h = report.headline;
  if (!h) return null;
  const minutes = h.targetS / 60;
  const moved = movedByUnit(h.moved, report.itemNames, language);
  const meets = (ok: boolean) => (ok ? t('headline.meets') : t('headline.misses'));
  return (
    <section className="report-headline" data-testid="report-headline" aria-label={t('headline.title', { year: report.period.key })}>
      <h3 className="report-headline__title">{t('headline.title', { year: report.period.key })}</h3>
      <dl>
        <div>
          <dt>{t('headline.dispatches')}</dt>
          <dd data-testid="headline-dispatches">{t('headline.dispatchesValue', { formatted: num.format(h.dispatches) })}</dd>
        </div>
        <div>
          <dt>{t('headline.avg')}</dt>
          <dd data-testid="headline-avg" className={h.withinTarget === false ? 'danger' : undefined}>
            {h.avgRequestToArrivalS === null ? t('figure.none') : formatDuration(t, h.avgRequestToArrivalS * 1000)}
            {h.withinTarget === null ? null : <span className="report-headline__note"> {h.withinTarget ? t('headline.within', { minutes }) : t('headline.over', { minutes })}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('headline.moved')}</dt>
          <dd data-testid="headline-moved">{moved.length === 0 ? t('figure.movedNone') : moved.map((m) => `${num.format(m.quantity)} ${m.unit}`).join(' · ')}</dd>
        </div>
        <div>
          <dt>{t('headline.onTime')}</dt>
          <dd data-testid="headline-ontime">{formatShare(h.onTimeShare)}</dd>
        </div>
        {h.readiness ? (
          <div>
            <dt>{t('headline.readiness')}</dt>
            <dd data-testid="headline-readiness" className={h.readiness.meets ? undefined : 'danger'}>
              {formatShare(h.readiness.rate)} <span className="report-headline__note">≥ {formatShare(h.readiness.target)} · {meets(h.readiness.meets)}</span>
            </dd>
          </div>
        ) : null}
        {h.turnout ? (
          <div>
            <dt>{t('headline.turnout')}</dt>
            <dd data-testid="headline-turnout" className={h.turnout.meets ? undefined : 'danger'}>
              {formatShare(h.turnout.rate)} <span className="report-headline__note">≥ {formatShare(h.turnout.target)} · {meets(h.turnout.meets)}</span>
            </dd>
          </div>
        ) : null}
        {h.repairCycle ? (
          <div>
            <dt>{t('headline.repairCycle')}</dt>
            <dd data-testid="headline-repair" className={h.repairCycle.meets ? undefined : 'danger'}>
              {h.repairCycle.meanDays === null ? t('figure.none') : t('figure.days', { days: num.format(Math.round(h.repairCycle.meanDays * 10) / 10) })}{' '}
              <span className="report-headline__note">≤ {h.repairCycle.targetDays} · {meets(h.repairCycle.meets)}</span>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
