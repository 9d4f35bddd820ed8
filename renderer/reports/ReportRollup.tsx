import { useTranslation } from 'react-i18next';
import { formatDuration } from '../format/duration';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { EQUIPMENT_READINESS_TARGET } from '../../shared/assets/schema';
import { formatShare, rollupLines, unitName, type Report } from './report-view';

/**
 * The roll-up (本级及下级汇总): the console's unit's own figures, one line per unit directly
 * under it, and their total, for the division's monthly and quarterly reviews. On screen the
 * figures a review compares; on paper (`paper`) the dispatches and the 90th percentile too.
 */
export function ReportRollup({ report, paper = false }: { report: Report; paper?: boolean }) {
  const { t, i18n } = useTranslation('reports');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const rollup = report.rollup;
  if (!rollup) return null;
  const lines = rollupLines(report, t, language);
  const s = (x: number | null) => (x === null ? '—' : formatDuration(t, x * 1000));
  const target = report.figures.arrivalTargetS;
  const over = (x: number | null) => (x !== null && x > target ? 'danger' : undefined);
  const Heading = paper ? 'h2' : 'h3';
  // Equipment readiness now, by where the assets are kept: only in the period that holds now.
  const readiness = rollup.total.readiness !== null;
  return (
    <section className="report-rollup" data-testid="report-rollup" aria-labelledby="report-rollup-title">
      <Heading id="report-rollup-title" className={paper ? undefined : 'dock-section'}>
        {t('rollup.title')}
      </Heading>
      <div className="report-rollup__scroll">
        <table className={paper ? 'report-doc__table' : 'report-rollup__table'}>
          <caption className="report-rollup__caption">{t('rollup.caption', { unit: unitName(rollup.unit, language) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rollup.unit')}</th>
              <th scope="col">{t('rollup.requests')}</th>
              {paper ? <th scope="col">{t('rollup.dispatches')}</th> : null}
              <th scope="col">{t('rollup.delivered')}</th>
              <th scope="col">{t('rollup.onTimeShare')}</th>
              <th scope="col">{t('rollup.avg')}</th>
              {paper ? <th scope="col">{t('rollup.p90')}</th> : null}
              <th scope="col" title={t('rollup.emergencyAvgTitle', { minutes: target / 60 })}>
                {t('rollup.emergencyAvg')}
              </th>
              <th scope="col">{t('rollup.alerts')}</th>
              {readiness ? (
                <th scope="col" title={t('rollup.readinessTitle', { target: formatShare(EQUIPMENT_READINESS_TARGET) })}>
                  {t('rollup.readiness')}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => {
              const f = l.figures;
              return (
                <tr key={l.key} className={l.part === 'total' ? 'report-doc__total' : l.part === 'own' ? 'report-rollup__own' : undefined} data-testid={`rollup-row-${l.part === 'child' ? l.unitId : l.part}`}>
                  <th scope="row">{l.label}</th>
                  <td data-testid="rollup-requests">{num.format(f.requests)}</td>
                  {paper ? <td>{num.format(f.dispatches)}</td> : null}
                  <td>{num.format(f.delivered)}</td>
                  <td className={f.onTimeShare !== null && f.onTimeShare < 1 ? 'warn' : undefined}>{formatShare(f.onTimeShare)}</td>
                  <td>{s(f.avgRequestToArrivalS)}</td>
                  {paper ? <td>{s(f.p90RequestToArrivalS)}</td> : null}
                  <td className={over(f.emergency.avgRequestToArrivalS)}>{s(f.emergency.avgRequestToArrivalS)}</td>
                  <td>{f.alerts ? `${num.format(f.alerts.raised)} / ${num.format(f.alerts.overdue)}` : '—'}</td>
                  {readiness ? (
                    <td data-testid="rollup-readiness" className={f.readiness?.rate != null && f.readiness.rate < EQUIPMENT_READINESS_TARGET ? 'danger' : undefined}>
                      {formatShare(f.readiness?.rate ?? null)}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="report-rollup__note muted small">
        {t('rollup.unitless')}
        {rollup.outside > 0 ? ` ${t('rollup.outside', { count: rollup.outside })}` : ''}
      </p>
    </section>
  );
}
