import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { OdometerForm } from '../ui/OdometerForm';
import { PendingMark } from '../ui/PendingMark';
import { vehicleTarget, type PendingMarks } from '../ui/pending-marks';
import { formatDay } from './asset-view';
import { useLedgerRead } from './use-ledger-read';

type Report = MethodResult<'readiness.service'>;
type Due = Report['due'][number];
type Unrecorded = Report['unrecorded'][number];

/** The list reads again when a vehicle row changes (a service recorded, the odometer gone on). */
const VEHICLE_TABLES = ['vehicle'];

/**
 * 车辆保养: the vehicles whose service is due by mileage or by date (shared/assets/turnout.ts
 * serviceDue), overdue first, each with its odometer, what is left (km, days) and what made it
 * due; then the vehicles with no service on record. A service done is recorded here with the
 * odometer as read (vehicle.recordService, queued offline): the vehicle leaves the list at once,
 * marked until the central has it. A reading that cannot be right is refused in words.
 */
export function VehicleServiceSection({ client, siteName, pending }: { client: BoardClient; siteName(id: string): string; pending: PendingMarks }) {
  const { t, i18n } = useTranslation('assets');
  const num = numberFormat(currentLanguage(i18n));
  const { data, error } = useLedgerRead(client, t, 'readiness.service', {}, VEHICLE_TABLES);
  if (!data) return error ? <div className="inline-error" role="alert">{error}</div> : <div className="panel-empty">{t('readiness.loading')}</div>;
  return (
    <section className="vehicle-service-section" data-testid="vehicle-service-section" aria-label={t('vehicleService.title')}>
      {error ? (
        <div className="inline-error" role="alert">
          {error}
        </div>
      ) : null}
      <p className={`vehicle-service-summary${data.overdue > 0 ? ' danger' : ''}`} data-testid="vehicle-service-summary" data-overdue={data.overdue} data-due-soon={data.dueSoon}>
        {t('vehicleService.summary', { overdue: data.overdue, soon: data.dueSoon, total: data.vehicles })}
      </p>
      <p className="small muted">{t('vehicleService.rule', { km: num.format(data.soon.km), days: data.soon.days })}</p>
      {data.due.length === 0 ? (
        <div className="muted" data-testid="vehicle-service-none">
          {t('vehicleService.none')}
        </div>
      ) : (
        <table className="grid-table readiness-list" data-testid="vehicle-service-list">
          <ServiceCols />
          <thead>
            <tr>
              <th>{t('vehicleService.plate')}</th>
              <th className="num">{t('vehicleService.odometer')}</th>
              <th>{t('vehicleService.left')}</th>
              <th>
                <span className="sr-only">{t('vehicleService.record')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.due.map((d) => (
              <ServiceRow key={d.vehicleId} client={client} vehicle={d} siteName={siteName} waiting={pending.get(vehicleTarget(d.vehicleId)) ?? null} />
            ))}
          </tbody>
        </table>
      )}
      {data.unrecorded.length > 0 ? (
        <details className="vehicle-service-unrecorded" data-testid="vehicle-service-unrecorded">
          <summary>{t('vehicleService.unrecorded', { count: data.unrecorded.length })}</summary>
          <table className="grid-table readiness-list">
            <ServiceCols />
            <tbody>
              {data.unrecorded.map((u) => (
                <ServiceRow key={u.vehicleId} client={client} vehicle={u} siteName={siteName} waiting={pending.get(vehicleTarget(u.vehicleId)) ?? null} />
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}

/** The list's columns (a fixed layout: the dock panel's width is the table's). */
function ServiceCols() {
  return (
    <colgroup>
      <col />
      <col className="vehicle-service-col-odometer" />
      <col className="vehicle-service-col-left" />
      <col className="vehicle-service-col-action" />
    </colgroup>
  );
}

function ServiceRow({ client, vehicle: d, siteName, waiting }: { client: BoardClient; vehicle: Due | Unrecorded; siteName(id: string): string; waiting: ReturnType<PendingMarks['get']> | null }) {
  const { t, i18n } = useTranslation('assets');
  const num = numberFormat(currentLanguage(i18n));
  const grant = useGrant()('vehicle.recordService');
  const due = 'service' in d ? d : null;
  const [open, setOpen] = useState(false);
  const odometer = due ? Math.round(due.service.odometerKm) : null;

  return (
    <>
      <tr data-testid="vehicle-service-row" data-vehicle-id={d.vehicleId} data-status={due?.status ?? 'unrecorded'} className={due?.status === 'overdue' ? 'vehicle-service-row--overdue' : undefined}>
        <td className="vehicle-service-who">
          <strong>{d.plate}</strong>
          <div className="small muted">
            {t(`format:vehicleKind.${d.kind}`)} · {siteName(d.homeSiteId)}
          </div>
        </td>
        <td className="num">{odometer !== null ? t('vehicleService.km', { km: num.format(odometer) }) : '—'}</td>
        <td className="vehicle-service-left">
          {due ? (
            <>
              <div data-testid="vehicle-service-km-left" className={due.kmLeft <= 0 ? 'danger' : due.by.includes('mileage') ? 'warn' : undefined}>
                {due.kmLeft <= 0 ? t('vehicleService.kmOver', { km: num.format(Math.round(-due.kmLeft)) }) : t('vehicleService.kmLeft', { km: num.format(Math.round(due.kmLeft)) })}
              </div>
              <div className={due.daysLeft <= 0 ? 'danger' : due.by.includes('date') ? 'warn' : undefined}>
                {due.daysLeft <= 0 ? t('vehicleService.daysOver', { days: -due.daysLeft }) : t('vehicleService.daysLeft', { days: due.daysLeft })}
                <span className="small muted"> · {formatDay(due.dueAt).slice(0, 10)}</span>
              </div>
            </>
          ) : (
            <span className="muted">{t('vehicleService.noRecord')}</span>
          )}
        </td>
        <td className="vehicle-service-action">
          {waiting ? <PendingMark state={waiting} /> : null}
          <button
            type="button"
            className="action-button"
            data-testid="vehicle-service-record"
            aria-expanded={open}
            aria-label={t('vehicleService.recordFor', { plate: d.plate })}
            disabled={!grant.ok}
            title={grant.title ?? t('vehicleService.recordFor', { plate: d.plate })}
            onClick={() => setOpen(!open)}
          >
            {t('vehicleService.record')}
          </button>
        </td>
      </tr>
      {open ? (
        <tr className="vehicle-service-form-row">
          <td colSpan={4}>
            <OdometerForm client={client} vehicleId={d.vehicleId} initial={odometer} onRecorded={() => setOpen(false)} onClose={() => setOpen(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
