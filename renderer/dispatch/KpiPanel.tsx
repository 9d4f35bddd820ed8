import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiReport } from '../../shared/board-api';
import type { ItemType, Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { formatClock, formatDuration } from '../format/duration';
import { errorText } from '../format/error-text';
import { joinList } from '../format/list';
import { numberFormat } from '../format/number';
import { placeNamer } from '../format/place';
import { currentLanguage } from '../i18n';
import { DockPanel } from '../ui/DockPanel';
import { downloadText, exportAudited } from '../ui/export-file';
import { useGrant } from '../ui/grant';
import { formatShare, inItemOrder, kpiCsv, kpiExportRecord, kpiFileName, movedByUnit } from './kpi-view';

const PERIODS = ['shift', 'day', 'month'] as const;
type Period = (typeof PERIODS)[number];
/** The division's promise, for colouring the averages. */
const TARGET_S = 30 * 60;

type KpiPanelProps = {
  client: BoardClient;
  /** Changes when requests or dispatches changed: read the figures again. */
  epoch: number;
  now: number;
  /** To name the goods and their units, and the destinations, in the officer's language. */
  items: readonly ItemType[];
  sites: readonly Site[];
  onClose(): void;
};

/**
 * Dispatch figures the division reports (调拨统计) per shift, day or month: dispatches,
 * request-to-arrival average and 90th percentile, on-time share, items moved; the
 * delivered requests as rows, exportable as CSV.
 */
export function KpiPanel({ client, epoch, now, items, sites, onClose }: KpiPanelProps) {
  const { t, i18n } = useTranslation('dispatch');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const place = useMemo(() => placeNamer(t, language, sites), [t, language, sites]);
  const perUnit = (moved: KpiReport['moved']) =>
    moved.length === 0 ? '0' : joinList(t, movedByUnit(moved, items, language).map((u) => `${num.format(u.quantity)} ${u.unit}`));
  const perItem = (moved: KpiReport['moved']) =>
    joinList(
      t,
      inItemOrder(moved, items).map((m) => {
        const item = items.find((i) => i.id === m.itemId);
        return `${item ? (language === 'en' ? item.nameEn : item.name) : m.itemId} ${num.format(m.quantity)}`;
      }),
    );
  const [period, setPeriod] = useState<Period>('shift');
  const [report, setReport] = useState<KpiReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const mayExport = useGrant()('audit.recordExport');

  useEffect(() => {
    let live = true;
    client.call('kpi.report', { period }).then(
      (r) => {
        if (!live) return;
        setReport(r);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [client, period, epoch]);

  const shown = report?.period === period ? report : null;

  // Recorded in the audit log first; a refused record exports nothing and says why.
  const exportCsv = async () => {
    if (!shown) return;
    setExportError(null);
    try {
      await exportAudited(client, kpiExportRecord(shown), () => downloadText(kpiFileName(t('kpi.filePrefix'), shown.period, Date.now()), kpiCsv(shown, { t, language, items, place })));
    } catch (e) {
      setExportError(t('kpi.exportError', { message: errorText(t, e) }));
    }
  };

  const seconds = (s: number | null) => (s === null ? '—' : formatDuration(t, s * 1000));
  const overTarget = (s: number | null) => (s !== null && s > TARGET_S ? 'danger' : undefined);

  return (
    <DockPanel testId="kpi-panel" title={t('kpi.title')} onClose={onClose}>
      <div className="kpi-toolbar">
        <div className="segmented" role="group" aria-label={t('kpi.period')}>
          {PERIODS.map((p) => (
            <button key={p} type="button" className="toggle" aria-pressed={period === p} data-testid={`kpi-period-${p}`} onClick={() => setPeriod(p)}>
              {t(`kpi.periods.${p}`)}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <button type="button" className="action-button" data-testid="kpi-export" disabled={!shown || !mayExport.ok} title={mayExport.title} onClick={() => void exportCsv()}>
          {t('kpi.export')}
        </button>
      </div>
      {exportError ? (
        <div className="inline-error" role="alert" data-testid="kpi-export-error">
          {exportError}
        </div>
      ) : null}
      {error ? (
        <div className="inline-error" role="alert">
          {t('kpi.error', { message: error })}
        </div>
      ) : null}
      {!shown ? (
        <div className="panel-empty">{t('ui:panel.loading')}</div>
      ) : (
        <>
          <div className="panel-note muted">{t('kpi.range', { from: formatClock(shown.from, language, now), to: formatClock(shown.to, language, now) })}</div>
          <div className="kpi-grid" data-testid="kpi-figures">
            <Figure testId="kpi-dispatches" label={t('kpi.dispatches')} value={num.format(shown.dispatches)} note={t('kpi.requestsNote', { count: shown.requests })} />
            <Figure testId="kpi-delivered" label={t('kpi.delivered')} value={num.format(shown.delivered)} />
            <Figure testId="kpi-avg" label={t('kpi.avg')} value={seconds(shown.avgRequestToArrivalS)} tone={overTarget(shown.avgRequestToArrivalS)} />
            <Figure testId="kpi-p90" label={t('kpi.p90')} value={seconds(shown.p90RequestToArrivalS)} tone={overTarget(shown.p90RequestToArrivalS)} />
            <Figure
              testId="kpi-ontime"
              label={t('kpi.onTime')}
              value={formatShare(shown.onTimeShare)}
              tone={shown.onTimeShare !== null && shown.onTimeShare < 1 ? 'warn' : undefined}
            />
            <Figure testId="kpi-items" label={t('kpi.itemsMoved')} value={perUnit(shown.moved)} title={perItem(shown.moved)} />
          </div>
          <div className="panel-note muted">{t('kpi.target')}</div>
          <h3 className="dock-section">{t('kpi.rows', { count: shown.rows.length })}</h3>
          {shown.rows.length === 0 ? (
            <div className="panel-note muted">{t('kpi.noRows')}</div>
          ) : (
            <table className="grid-table" data-testid="kpi-rows">
              <thead>
                <tr>
                  <th>{t('kpi.colDelivered')}</th>
                  <th>{t('kpi.colDestination')}</th>
                  <th className="num">{t('kpi.colDuration')}</th>
                  <th className="num">{t('kpi.colItems')}</th>
                  <th className="num">{t('kpi.colVehicles')}</th>
                </tr>
              </thead>
              <tbody>
                {[...shown.rows]
                  .reverse()
                  .slice(0, 50)
                  .map((r) => (
                    <tr key={r.requestId}>
                      <td>{formatClock(r.deliveredAt, language, now)}</td>
                      <td className="kpi-dest" title={place(r.destination)}>
                        <span className={`level-dot level--${r.priority}`} aria-hidden="true" /> {place(r.destination)}
                      </td>
                      <td className={`num ${r.onTime ? '' : 'danger'}`}>{formatDuration(t, r.durationS * 1000)}</td>
                      <td className="num" title={perItem(r.moved)}>
                        {perUnit(r.moved)}
                      </td>
                      <td className="num">{r.vehicles}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </DockPanel>
  );
}

function Figure({ testId, label, value, note, tone, title }: { testId: string; label: string; value: string; note?: string; tone?: string | undefined; title?: string }) {
  return (
    <div className="kpi-figure" data-testid={testId} title={title}>
      <div className="kpi-figure__label">{label}</div>
      <div className={`kpi-figure__value ${tone ?? ''}`}>{value}</div>
      {note ? <div className="kpi-figure__note muted small">{note}</div> : null}
    </div>
  );
}
