import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { ItemType, Site } from '../../shared/domain';
import type { VehicleStatus } from '../../shared/domain';
import { cssColor, VEHICLE_STATUS_COLORS } from '../../shared/palette';
import { POSITION_STALE_MS } from '../../shared/vehicle-style';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { formatAge } from '../format/age';
import { formatClock, formatDuration } from '../format/duration';
import { errorText } from '../format/error-text';
import { currentLanguage } from '../i18n';
import { numberFormat } from '../format/number';
import { formatDate } from '../format/timestamp';
import { nextService } from '../../shared/assets/turnout';
import { isPositionStale, readVehicle } from '../map/vehicle-buffers';
import type { VehicleFeed } from '../map/vehicle-feed';
import { useGrant } from '../ui/grant';
import { OdometerForm } from '../ui/OdometerForm';
import { ServiceIntervalForm } from './ServiceIntervalForm';
import type { PendingState } from '../ui/pending-marks';
import { PendingMark } from '../ui/PendingMark';
import { SidePanel, SidePanelPlaceholder } from '../ui/SidePanel';
import { useNow } from '../ui/use-now';
import { useVehicleTask } from './use-vehicle-task';
import { vehicleActions } from './vehicle-actions';
import { arrivalState, type VehicleTask } from './vehicle-task';

type VehicleDetail = MethodResult<'vehicle.detail'>;

type VehiclePanelProps = {
  client: BoardClient;
  vehicleId: string;
  epoch: number;
  feed: VehicleFeed;
  sites: readonly Site[];
  /** Item types, to name what a task carries. */
  items: readonly ItemType[];
  /** A command waiting for the central touches this vehicle (and whether its outcome is unknown). */
  pending: PendingState | null;
  onError(text: string): void;
  onClose(): void;
  /** A neighbouring unit's vehicle (board.snapshot's `neighbour`): shown read-only, no action offered. */
  neighbour?: boolean;
};

export function VehiclePanel({ client, vehicleId, epoch, feed, sites, items, pending, onError, onClose, neighbour = false }: VehiclePanelProps) {
  const { t, i18n } = useTranslation('fleet');
  const commandIds = useCommandIds();
  const may = useGrant()('vehicle.setStatus');
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const now = useNow(1000);
  const [detail, setDetail] = useState<VehicleDetail | null>(null);
  const [failed, setFailed] = useState(false);
  const [action, setAction] = useState<{ busy: boolean; done: VehicleStatus | null; error: string | null }>({ busy: false, done: null, error: null });
  const task = useVehicleTask(client, vehicleId, epoch);

  // 保养登记 from here too: the reading field, and whether a service was just queued.
  const mayService = useGrant()('vehicle.recordService');
  const mayInterval = useGrant()('vehicle.setServiceInterval');
  const [servicing, setServicing] = useState(false);
  const [editingInterval, setEditingInterval] = useState(false);
  const [serviced, setServiced] = useState(false);

  // Feedback belongs to the vehicle it was given for.
  useEffect(() => {
    setAction({ busy: false, done: null, error: null });
    setServicing(false);
    setServiced(false);
    setEditingInterval(false);
  }, [vehicleId]);

  useEffect(() => {
    let live = true;
    setFailed(false);
    client
      .call('vehicle.detail', { vehicleId })
      .then((d) => live && setDetail(d))
      .catch((error: unknown) => {
        if (!live) return;
        setFailed(true);
        onError(t('errors:error.call', { message: errorText(t, error) }));
      });
    return () => {
      live = false;
    };
  }, [client, vehicleId, epoch]);

  const current = detail?.vehicle.id === vehicleId ? detail : null;
  if (!current) {
    return (
      <SidePanelPlaceholder testId="vehicle-panel" failed={failed} onClose={onClose} />
    );
  }

  const { vehicle, position } = current;
  // The stream is newer than the detail call; re-read every second (useNow re-renders).
  const liveNow = readVehicle(feed.buffers, vehicle.no);
  const reportedAt = Math.max(liveNow?.ts ?? 0, position?.ts ?? 0) || null;
  const speed = liveNow && (!position || liveNow.ts >= position.ts) ? liveNow.speedKmh : position?.speedKmh;
  const stale = isPositionStale(reportedAt, now);
  const actions = vehicleActions(vehicle.status);
  const setStatus = async (status: VehicleStatus) => {
    setAction({ busy: true, done: null, error: null });
    try {
      await sendCommand(client, commandIds, 'vehicle.setStatus', { vehicleId: vehicle.id, status });
      setAction({ busy: false, done: status, error: null });
    } catch (error) {
      setAction({ busy: false, done: null, error: errorText(t, error) });
    }
  };
  const home = sites.find((s) => s.id === vehicle.homeSiteId);
  const service = vehicle.service ? nextService(vehicle.service, now) : null;
  const statusColor = cssColor(VEHICLE_STATUS_COLORS[vehicle.status]);

  return (
    <SidePanel
      testId="vehicle-panel"
      title={vehicle.plate}
      chip={{ label: t(`format:status.${vehicle.status}`), color: statusColor, testId: 'vehicle-status', status: vehicle.status }}
      marks={pending ? <PendingMark state={pending} /> : null}
      onClose={onClose}
    >
      <dl className="facts">
        <dt>{t('vehicle.plate')}</dt>
        <dd>{vehicle.plate}</dd>
        <dt>{t('vehicle.kind')}</dt>
        <dd>{t(`format:vehicleKind.${vehicle.kind}`)}</dd>
        <dt>{t('vehicle.status')}</dt>
        <dd>{t(`format:status.${vehicle.status}`)}</dd>
        <dt>{t('vehicle.crew')}</dt>
        <dd>{vehicle.crew.length > 0 ? vehicle.crew.join('、') : <span className="muted">{t('vehicle.noCrew')}</span>}</dd>
        <dt>{t('vehicle.speed')}</dt>
        {/* A stale speed is the last one known, not the current one. */}
        <dd data-testid="vehicle-speed" className={stale ? 'muted' : undefined}>
          {speed === undefined ? '—' : t('vehicle.speedValue', { value: Math.round(speed) })}
        </dd>
        <dt>{t('vehicle.lastReport')}</dt>
        <dd
          data-testid="vehicle-last-report"
          data-stale={stale ? 'true' : 'false'}
          className={stale ? 'warn' : undefined}
          title={stale ? t('vehicle.staleTitle', { seconds: Math.round(POSITION_STALE_MS / 1000) }) : undefined}
        >
          {reportedAt === null ? t('vehicle.noReport') : formatAge(t, reportedAt, now)}
          {stale ? (
            <span className="badge badge--stale" data-testid="vehicle-stale">
              {t('vehicle.staleBadge')}
            </span>
          ) : null}
        </dd>
        <dt>{t('vehicle.home')}</dt>
        <dd>{home ? (language === 'en' ? home.nameEn : home.name) : <span className="mono">{vehicle.homeSiteId}</span>}</dd>
        <dt>{t('vehicle.capacity')}</dt>
        <dd>{t('vehicle.capacityValue', { value: vehicle.capacity })}</dd>
        <dt>{t('vehicle.odometer')}</dt>
        <dd data-testid="vehicle-odometer">{vehicle.service ? t('vehicle.odometerValue', { km: num.format(Math.round(vehicle.service.odometerKm)) }) : <span className="muted">{t('vehicle.noServiceRecord')}</span>}</dd>
        {service ? (
          <>
            <dt>{t('vehicle.nextService')}</dt>
            <dd data-testid="vehicle-next-service" data-status={service.status} className={service.status === 'overdue' ? 'danger' : service.status === 'due_soon' ? 'warn' : undefined}>
              {service.kmLeft <= 0 ? t('vehicle.serviceKmOver', { km: num.format(Math.round(-service.kmLeft)) }) : t('vehicle.serviceKmLeft', { km: num.format(Math.round(service.kmLeft)) })}
              {' · '}
              {service.daysLeft < 0 ? t('vehicle.serviceDaysOver', { date: formatDate(service.dueAt), days: -service.daysLeft }) : t('vehicle.serviceBy', { date: formatDate(service.dueAt) })}
            </dd>
            <dt>{t('vehicle.serviceInterval')}</dt>
            <dd data-testid="vehicle-service-interval" data-km={vehicle.service!.intervalKm} data-months={vehicle.service!.intervalMonths}>
              {t('vehicle.serviceIntervalValue', { km: num.format(vehicle.service!.intervalKm), months: vehicle.service!.intervalMonths })}{' '}
              {mayInterval.ok && !neighbour ? (
                <button type="button" className="link-button" data-testid="vehicle-service-interval-edit" aria-expanded={editingInterval} onClick={() => setEditingInterval(!editingInterval)}>
                  {t('vehicle.serviceIntervalEdit')}
                </button>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      {editingInterval && vehicle.service && !neighbour ? (
        <section className="panel-section" aria-label={t('vehicle.serviceInterval')}>
          <ServiceIntervalForm
            client={client}
            vehicleId={vehicle.id}
            km={vehicle.service.intervalKm}
            months={vehicle.service.intervalMonths}
            onSet={() => setEditingInterval(false)}
            onClose={() => setEditingInterval(false)}
          />
        </section>
      ) : null}
      {task && task.dispatch.vehicleId === vehicle.id ? <TaskSection task={task} sites={sites} items={items} now={now} /> : null}
      <section className="panel-section" aria-label={t('vehicleAction.title')}>
        <h3 className="panel-section__title">{t('vehicleAction.title')}</h3>
        {neighbour ? (
          <div className="panel-note" role="note" data-testid="vehicle-neighbour">
            {t('vehicle.neighbourReadOnly')}
          </div>
        ) : null}
        <div className="button-row">
          <button
            type="button"
            className="action-button action-button--warn"
            data-testid="vehicle-action-maintenance"
            disabled={neighbour || action.busy || !actions.maintenance || !may.ok}
            title={may.title}
            onClick={() => void setStatus('maintenance')}
          >
            {t('vehicleAction.maintenance')}
          </button>
          <button
            type="button"
            className="action-button"
            data-testid="vehicle-action-available"
            disabled={neighbour || action.busy || !actions.available || !may.ok}
            title={may.title}
            onClick={() => void setStatus('available')}
          >
            {t('vehicleAction.available')}
          </button>
          <button
            type="button"
            className="action-button"
            data-testid="vehicle-action-service"
            aria-expanded={servicing}
            disabled={neighbour || !mayService.ok}
            title={mayService.title}
            onClick={() => setServicing(!servicing)}
          >
            {t('vehicleAction.service')}
          </button>
        </div>
        {servicing && !neighbour ? (
          <OdometerForm
            client={client}
            vehicleId={vehicle.id}
            initial={vehicle.service?.odometerKm ?? null}
            onRecorded={() => {
              setServicing(false);
              setServiced(true);
            }}
            onClose={() => setServicing(false)}
          />
        ) : null}
        {serviced && pending ? (
          <div className="panel-note ok" role="status" data-testid="vehicle-service-done">
            {t('vehicleAction.serviceDone')}
          </div>
        ) : null}
        {/* Only while it waits: once the central has it, the mark and this note go together. */}
        {action.done && pending ? (
          <div className="panel-note ok" role="status">
            {t('vehicleAction.done', { status: t(`format:status.${action.done}`) })}
          </div>
        ) : null}
        {action.error ? (
          <div className="inline-error" role="alert" data-testid="vehicle-action-error">
            {t('vehicleAction.failed', { message: action.error })}
          </div>
        ) : null}
      </section>
    </SidePanel>
  );
}

/**
 * What a vehicle en route is doing: where it goes, what it carries, where it loads, and
 * when it arrives by its live position: late against the promise in words and in the
 * danger colour, "past deadline" once it cannot make the request's deadline.
 */
function TaskSection({ task, sites, items, now }: { task: VehicleTask; sites: readonly Site[]; items: readonly ItemType[]; now: number }) {
  const { t, i18n } = useTranslation('fleet');
  const language = currentLanguage(i18n);
  const arrival = arrivalState(task, now);
  const itemName = (id: string) => {
    const item = items.find((i) => i.id === id);
    return item ? (language === 'en' ? item.nameEn : item.name) : id;
  };
  const siteName = (id: string) => {
    const site = sites.find((s) => s.id === id);
    return site ? (language === 'en' ? site.nameEn : site.name) : id;
  };
  const clock = (at: number) => formatClock(at, language, now);
  const due = arrival.expectedAt <= now;
  const verdict = arrival.pastDeadline ? 'pastDeadline' : arrival.lateMs > 0 ? 'late' : 'onTime';
  return (
    <section className="panel-section vehicle-task" data-testid="vehicle-task" data-dispatch-id={task.dispatch.id} aria-label={t('task.title')}>
      <h3 className="panel-section__title">{t('task.title')}</h3>
      <dl className="facts">
        <dt>{t('task.destination')}</dt>
        <dd data-testid="vehicle-task-destination">{task.request.destination.label}</dd>
        <dt>{t('task.items')}</dt>
        <dd data-testid="vehicle-task-items">
          {task.request.items.map((i) => t('task.itemValue', { name: itemName(i.itemId), quantity: i.quantity })).join(t('task.separator'))}
        </dd>
        <dt>{t('task.pickup')}</dt>
        <dd>
          {task.dispatch.siteIds.map(siteName).join(t('task.separator'))}
          <span className="muted"> · {task.dispatch.pickedUpAt !== null ? t('task.loaded') : t('task.toLoad')}</span>
        </dd>
        <dt>{t('task.arrival')}</dt>
        <dd data-testid="vehicle-task-arrival" data-verdict={verdict} data-late-s={Math.round(arrival.lateMs / 1000)} data-expected-at={arrival.expectedAt} data-live={arrival.live ? 'true' : 'false'}>
          <div>
            {due ? t('task.arrivalNow', { time: clock(arrival.expectedAt) }) : t('task.arrivalIn', { time: clock(arrival.expectedAt), left: formatDuration(t, arrival.expectedAt - now) })}{' '}
            <strong className={verdict === 'onTime' ? 'ok' : 'danger'} data-testid="vehicle-task-verdict">
              {verdict === 'pastDeadline' ? t('task.pastDeadline') : verdict === 'late' ? t('task.late', { duration: formatDuration(t, arrival.lateMs) }) : t('task.onTime')}
            </strong>
            {verdict === 'pastDeadline' && arrival.lateMs > 0 ? <span className="danger"> · {t('task.late', { duration: formatDuration(t, arrival.lateMs) })}</span> : null}
          </div>
          <div className="muted small">
            {t('task.promised', { time: clock(arrival.promisedAt) })} · {t('task.deadline', { time: clock(arrival.deadlineAt) })} · {arrival.live ? t('task.live') : t('task.notLive')}
          </div>
        </dd>
      </dl>
    </section>
  );
}
