import { useTranslation } from 'react-i18next';
import { formatDuration } from '../format/duration';
import { joinList } from '../format/list';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { ReportHeadline } from './ReportHeadline';
import { ReportRollup } from './ReportRollup';
import { formatShare, movedItems, reportTitle, type Figures, type Report } from './report-view';

/**
 * The report on paper (A4, reports.css's print rules): title (the unit and the period), span,
 * the annual headline for a year, the roll-up over the unit and those under it, and every
 * figure per bucket as a table (paper is read, not hovered), the total last.
 */
export function ReportDocument({ report, printedAt }: { report: Report; printedAt: number }) {
  const { t, i18n } = useTranslation('reports');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const when = new Intl.DateTimeFormat(language, { timeZone: report.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const s = (x: number | null) => (x === null ? '—' : formatDuration(t, x * 1000));
  const row = (label: string, f: Figures, total = false) => (
    <tr key={label} className={total ? 'report-doc__total' : undefined}>
      <th scope="row">{label}</th>
      <td>{num.format(f.requests)}</td>
      <td>{num.format(f.dispatches)}</td>
      <td>{num.format(f.delivered)}</td>
      <td>{s(f.avgRequestToArrivalS)}</td>
      <td>{s(f.p90RequestToArrivalS)}</td>
      <td>{formatShare(f.onTimeShare)}</td>
      <td>{f.alerts ? `${num.format(f.alerts.raised)} / ${num.format(f.alerts.overdue)}` : '—'}</td>
    </tr>
  );
  return (
    <article className="report-doc" data-testid="report-document">
      <h1>{reportTitle(report, t, language)}</h1>
      <p className="report-doc__meta">
        {t('panel.range', { from: when.format(report.period.from), to: when.format(report.period.to) })} · {t('print.printed', { at: when.format(printedAt) })}
      </p>
      <ReportHeadline report={report} />
      {report.figures.empty ? <p>{t('panel.empty')}</p> : null}
      {report.figures.moved.length > 0 ? (
        <p>
          <strong>{t('figure.moved')}</strong>{' '}
          {joinList(
            t,
            movedItems(report.figures.moved, report.itemNames, language).map((m) => `${m.name} ${num.format(m.quantity)} ${m.unit}`),
          )}
        </p>
      ) : null}
      <ReportRollup report={report} paper />
      <h2>{t('print.table')}</h2>
      <table className="report-doc__table">
        <thead>
          <tr>
            <th scope="col">{t('csv.bucket')}</th>
            <th scope="col">{t('csv.requests')}</th>
            <th scope="col">{t('csv.dispatches')}</th>
            <th scope="col">{t('csv.delivered')}</th>
            <th scope="col">{t('figure.avg')}</th>
            <th scope="col">{t('figure.p90')}</th>
            <th scope="col">{t('csv.onTimeShare')}</th>
            <th scope="col">
              {t('csv.alerts')} / {t('csv.alertsOverdue')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.series.map((b) => row(b.bucketKey, b.figures))}
          {row(t('csv.total', { key: report.period.key }), report.figures, true)}
        </tbody>
      </table>
    </article>
  );
}
