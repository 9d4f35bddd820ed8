import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALERT_LEVELS } from '../../shared/alerts/levels';
import { PERIOD_KINDS, type PeriodKind } from '../../shared/duty/periods';
import type { BoardClient } from '../api/board-client';
import { formatDuration } from '../format/duration';
import { errorText } from '../format/error-text';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { DockPanel } from '../ui/DockPanel';
import { downloadText, exportAudited } from '../ui/export-file';
import { useGrant } from '../ui/grant';
import { printReport } from './print';
import { ReportChart } from './ReportChart';
import { ReportHeadline } from './ReportHeadline';
import { ReportRollup } from './ReportRollup';
import { formatShare, movedItems, reportCharts, reportCsv, reportExportRecord, reportFileName, reportTitle, type Report } from './report-view';

type ReportsPanelProps = {
  client: BoardClient;
  /** Changes when the board's data changed: read the report again. */
  epoch: number;
  onClose(): void;
};

/**
 * The division's reports (业务报表): a shift, day, month, quarter, half-year or year, stepped
 * back and forth; its figures as tiles, each figure over the period's buckets as a chart, the
 * annual report's headline for a year, the roll-up over the console's unit and the units under
 * it; exported as CSV or printed to PDF, both audited.
 */
export function ReportsPanel({ client, epoch, onClose }: ReportsPanelProps) {
  const { t, i18n } = useTranslation('reports');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const [kind, setKind] = useState<PeriodKind>('month');
  /** The period shown; undefined: the one now. */
  const [key, setKey] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const mayExport = useGrant()('audit.recordExport');

  useEffect(() => {
    let live = true;
    client.call('report.figures', key === undefined ? { kind } : { kind, key }).then(
      (r) => {
        if (!live) return;
        setReport(r);
        setError(null);
      },
      (e: unknown) => {
        if (!live) return;
        setReport(null);
        setError(errorText(t, e));
      },
    );
    return () => {
      live = false;
    };
  }, [client, kind, key, epoch, t]);

  const shown = report && report.period.kind === kind && (key === undefined || report.period.key === key) ? report : null;
  const charts = useMemo(() => (shown ? reportCharts(shown, t, language) : []), [shown, t, language]);
  const seconds = (s: number | null) => (s === null ? t('figure.none') : formatDuration(t, s * 1000));

  const exportAs = async (what: 'report_csv' | 'report_pdf') => {
    if (!shown) return;
    setExportError(null);
    try {
      await exportAudited(client, reportExportRecord(shown, what), () => {
        if (what === 'report_csv') downloadText(reportFileName(t('csv.filePrefix'), shown.period, 'csv'), reportCsv(shown, { t, language, timeZone: shown.timeZone }));
        else void printReport(shown, { i18n });
      });
    } catch (e) {
      setExportError(t('panel.exportError', { message: errorText(t, e) }));
    }
  };

  const range = (r: Report) => {
    const f = new Intl.DateTimeFormat(language, { timeZone: r.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return t('panel.range', { from: f.format(r.period.from), to: f.format(r.period.to) });
  };

  return (
    <DockPanel testId="reports-panel" title={t('panel.title')} onClose={onClose}>
      <div className="report-toolbar">
        <div className="segmented" role="group" aria-label={t('panel.kind')}>
          {PERIOD_KINDS.map((k) => (
            <button
              key={k}
              type="button"
              className="toggle"
              aria-pressed={kind === k}
              data-testid={`report-kind-${k}`}
              onClick={() => {
                setKind(k);
                setKey(undefined);
              }}
            >
              {t(`panel.kinds.${k}`)}
            </button>
          ))}
        </div>
      </div>
      <div className="report-step">
        <button type="button" className="icon-button" data-testid="report-previous" aria-label={t('panel.previous')} title={t('panel.previous')} disabled={!shown} onClick={() => shown && setKey(shown.previous)}>
          ‹
        </button>
        <strong className="report-step__key" data-testid="report-period" aria-live="polite">
          {shown ? t(`periodName.${shown.period.kind}`, { key: shown.period.key }) : '…'}
        </strong>
        <button
          type="button"
          className="icon-button"
          data-testid="report-next"
          aria-label={t('panel.next')}
          title={t('panel.next')}
          // The next period is the future while this one is still running.
          disabled={!shown || shown.current}
          onClick={() => shown && setKey(shown.next)}
        >
          ›
        </button>
        {key !== undefined ? (
          <button type="button" className="link-button small" data-testid="report-now" onClick={() => setKey(undefined)}>
            {t('panel.now')}
          </button>
        ) : null}
        <span className="spacer" />
        <button type="button" className="action-button" data-testid="report-export-csv" disabled={!shown || !mayExport.ok} title={mayExport.title} onClick={() => void exportAs('report_csv')}>
          {t('panel.exportCsv')}
        </button>
        <button type="button" className="action-button" data-testid="report-export-pdf" disabled={!shown || !mayExport.ok} title={mayExport.title} onClick={() => void exportAs('report_pdf')}>
          {t('panel.exportPdf')}
        </button>
      </div>
      {exportError ? (
        <div className="inline-error" role="alert" data-testid="report-export-error">
          {exportError}
        </div>
      ) : null}
      {error ? (
        <div className="inline-error" role="alert" data-testid="report-error">
          {t('panel.error', { message: error })}
        </div>
      ) : null}
      {!shown ? (
        error ? null : <div className="panel-empty">{t('panel.loading')}</div>
      ) : (
        <>
          {shown.rollup ? (
            <div className="report-title" data-testid="report-title">
              {reportTitle(shown, t, language)}
            </div>
          ) : null}
          <div className="panel-note muted small">
            {range(shown)}
            {shown.current ? ` · ${t('panel.current')}` : ''}
          </div>
          {shown.headline ? <ReportHeadline report={shown} /> : null}
          {shown.figures.empty ? (
            <div className="panel-note report-empty" data-testid="report-empty">
              {t('panel.empty')}
            </div>
          ) : (
            <div className="report-grid" data-testid="report-figures">
              <Tile testId="report-dispatches" label={t('figure.dispatches')} value={num.format(shown.figures.dispatches)} note={t('figure.requestsNote', { count: shown.figures.requests })} />
              <Tile testId="report-delivered" label={t('figure.delivered')} value={num.format(shown.figures.delivered)} />
              <Tile
                testId="report-avg"
                label={t('figure.avg')}
                value={seconds(shown.figures.avgRequestToArrivalS)}
                note={t('figure.target', { minutes: shown.figures.arrivalTargetS / 60 })}
                tone={shown.figures.avgRequestToArrivalS !== null && shown.figures.avgRequestToArrivalS > shown.figures.arrivalTargetS ? 'danger' : undefined}
              />
              <Tile
                testId="report-p90"
                label={t('figure.p90')}
                value={seconds(shown.figures.p90RequestToArrivalS)}
                tone={shown.figures.p90RequestToArrivalS !== null && shown.figures.p90RequestToArrivalS > shown.figures.arrivalTargetS ? 'warn' : undefined}
              />
              <Tile
                testId="report-ontime"
                label={t('figure.onTime')}
                value={formatShare(shown.figures.onTimeShare)}
                note={t('figure.onTimeNote', { onTime: shown.figures.onTime, late: shown.figures.late })}
                tone={shown.figures.onTimeShare !== null && shown.figures.onTimeShare < 1 ? 'warn' : undefined}
              />
              {shown.figures.alerts ? (
                <Tile
                  testId="report-alerts"
                  label={t('figure.alerts')}
                  value={num.format(shown.figures.alerts.raised)}
                  note={[
                    ...ALERT_LEVELS.filter((l) => shown.figures.alerts!.byLevel[l].raised > 0).map((l) => `${t(`level.${l}`)} ${shown.figures.alerts!.byLevel[l].raised}`),
                    t('figure.alertsNote', { overdue: shown.figures.alerts.overdue }),
                  ].join(' · ')}
                  tone={shown.figures.alerts.overdue > 0 ? 'warn' : undefined}
                />
              ) : null}
              {shown.figures.drills ? (
                <Tile testId="report-drills" label={t('figure.drills')} value={num.format(shown.figures.drills.started)} note={t('figure.drillsNote', { reconciled: shown.figures.drills.byResult.reconciled })} />
              ) : null}
            </div>
          )}
          <ReportRollup report={shown} />
          <LedgerTiles report={shown} />
          {shown.figures.moved.length > 0 ? (
            <div className="report-moved" data-testid="report-moved">
              <span className="report-tile__label">{t('figure.moved')}</span>
              <ul>
                {movedItems(shown.figures.moved, shown.itemNames, language).map((m) => (
                  <li key={m.itemId}>
                    {m.name} <strong>{num.format(m.quantity)}</strong> {m.unit}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {shown.figures.empty ? null : (
            <>
              <h3 className="dock-section">{t('panel.charts')}</h3>
              <div className="report-charts">
                {charts.map((c) => (
                  <ReportChart key={c.id} chart={c} title={t(`chart.${c.id}`)} format={(n) => num.format(n)} />
                ))}
              </div>
            </>
          )}
        </>
      )}
    </DockPanel>
  );
}

/** Readiness, turnout and the repair cycle, where the board knows them for this period. */
function LedgerTiles({ report }: { report: Report }) {
  const { t, i18n } = useTranslation('reports');
  const language = currentLanguage(i18n);
  const f = report.figures;
  if (!f.readiness && !f.turnout && !f.repairCycle) return null;
  const pct = (x: number) => formatShare(x);
  return (
    <>
      <div className="report-grid" data-testid="report-ledger">
        {f.readiness ? (
          <Tile testId="report-readiness" label={t('figure.readiness')} value={formatShare(f.readiness.rate)} note={t('figure.rateTarget', { target: pct(f.readiness.target) })} tone={f.readiness.meets ? undefined : 'danger'} />
        ) : null}
        {f.turnout ? (
          <Tile testId="report-turnout" label={t('figure.turnout')} value={formatShare(f.turnout.rate)} note={t('figure.rateTarget', { target: pct(f.turnout.target) })} tone={f.turnout.meets ? undefined : 'danger'} />
        ) : null}
        {f.repairCycle ? (
          <Tile
            testId="report-repair"
            label={t('figure.repairCycle')}
            value={f.repairCycle.meanDays === null ? t('figure.none') : t('figure.days', { days: numberFormat(language).format(Math.round(f.repairCycle.meanDays * 10) / 10) })}
            note={t('figure.repairNote', { count: f.repairCycle.count, target: f.repairCycle.targetDays })}
            tone={f.repairCycle.meets ? undefined : 'danger'}
          />
        ) : null}
      </div>
      <div className="panel-note muted small">
        {report.ledgerAt !== null
          ? t('panel.ledgerAt', { at: new Intl.DateTimeFormat(language, { timeZone: report.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(report.ledgerAt) })
          : f.repairCycle
            ? t('panel.noLedger')
            : null}
      </div>
    </>
  );
}

function Tile({ testId, label, value, note, tone }: { testId: string; label: string; value: string; note?: string; tone?: string | undefined }) {
  return (
    <div className="report-tile" data-testid={testId}>
      <div className="report-tile__label">{label}</div>
      <div className={`report-tile__value ${tone ?? ''}`} data-testid={`${testId}-value`}>
        {value}
      </div>
      {note ? <div className="report-tile__note muted small">{note}</div> : null}
    </div>
  );
}
