import { useTranslation } from 'react-i18next';
import type { LinkStatus } from '../../shared/board-api';
import { ALERT_LEVELS, type DispatchOrder, type SupplyRequest, type Vehicle } from '../../shared/domain';
import { arrivalOf } from '../../shared/dispatch/arrival';
import { formatAge } from '../format/age';
import { arrivalWords } from '../format/arrival';
import { formatClock, formatDuration } from '../format/duration';
import type { PlaceNamer } from '../format/place';
import type { Language } from '../i18n';
import { WALL_NAMESPACE } from '../i18n/wall';
import { formatCountdown, formatMinutesSeconds } from './countdown';
import type { WallAlert } from './rotation';
import type { LinkHealth, WallKpi, WallReadiness } from './use-wall-data';
import { formatRate } from '../format/number';

/** Rows a list shows before "N more": the rest would be too small to read from the hall. */
export const MAX_ROWS = 6;
/** The division's promise: request to arrival within 30 minutes (MISSION.md). */
const TARGET_ARRIVAL_S = 30 * 60;

type KpiTilesProps = {
  kpi: WallKpi | null;
  active: number;
  openRequests: number;
  vehicles: readonly Vehicle[];
  alerts: readonly WallAlert[];
};

/**
 * The overview's big figures, in a column beside the map: the city is about as tall as it
 * is wide, so on a 16:9 (or wider) wall the height limits the map and the side is free.
 */
export function KpiTiles({ kpi, active, openRequests, vehicles, alerts }: KpiTilesProps) {
  const { t } = useTranslation(WALL_NAMESPACE);
  const available = vehicles.filter((v) => v.status === 'available').length;
  const enroute = vehicles.filter((v) => v.status === 'enroute').length;
  const open = alerts.filter((a) => a.state === 'open');
  const openRed = open.filter((a) => a.level === 'red').length;
  const avg = kpi?.avgRequestToArrivalS ?? null;
  const onTime = kpi?.onTimeShare ?? null;
  return (
    <div className="wall-panel wall-panel--right wall-kpis" data-testid="wall-kpis">
      <Tile label={t('kpi.activeDispatches')} value={String(active)} note={t('kpi.openRequests', { count: openRequests })} />
      <Tile label={t('kpi.shiftDispatches')} value={kpi ? String(kpi.dispatches) : '—'} note={t('kpi.delivered', { count: kpi?.delivered ?? 0 })} />
      <Tile
        label={t('kpi.avgArrival')}
        value={formatMinutesSeconds(avg)}
        note={t('kpi.target', { target: formatMinutesSeconds(TARGET_ARRIVAL_S) })}
        tone={avg === null ? undefined : avg <= TARGET_ARRIVAL_S ? 'ok' : 'bad'}
      />
      <Tile label={t('kpi.onTime')} value={onTime === null ? '—' : `${Math.round(onTime * 1000) / 10}%`} note={t('kpi.onTimeNote')} tone={onTime === null ? undefined : onTime >= 0.95 ? 'ok' : 'warn'} />
      <Tile label={t('kpi.vehiclesAvailable')} value={String(available)} note={t('kpi.vehiclesTotal', { count: vehicles.length, enroute })} />
      <Tile label={t('kpi.alerts')} value={String(open.length)} note={t('kpi.alertsRed', { count: openRed })} tone={openRed > 0 ? 'bad' : open.length > 0 ? 'warn' : 'ok'} />
    </div>
  );
}

function Tile({ label, value, note, tone }: { label: string; value: string; note?: string; tone?: 'ok' | 'warn' | 'bad' }) {
  return (
    <div className={`wall-tile${tone ? ` wall-tile--${tone}` : ''}`} data-testid="wall-tile">
      <div className="wall-tile__label">{label}</div>
      <div className="wall-tile__value" data-testid="wall-tile-value">
        {value}
      </div>
      {note ? <div className="wall-tile__note">{note}</div> : null}
    </div>
  );
}

/**
 * 装备完好率 on the wall: the figures the division measures itself by, each against its target
 * — equipment readiness (≥ 98%), vehicle turnout (≥ 99%), drone batteries aged against the 5%
 * red line (with when it would cross), vehicles overdue for service — then readiness per
 * equipment class. A rate is floored to one decimal, as the division reports it (98.96% is
 * 98.9%, short of 99%).
 */
export function ReadinessBoard({ data }: { data: WallReadiness | null }) {
  const { t } = useTranslation(WALL_NAMESPACE);
  const { t: tc } = useTranslation();
  if (!data) return <div className="wall-panel wall-panel--right wall-readiness" data-testid="wall-readiness"><div className="wall-empty">…</div></div>;
  const { summary, turnout, batteries: b, service } = data;
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  return (
    <div className="wall-panel wall-panel--right wall-readiness" data-testid="wall-readiness">
      <div className="wall-readiness__tiles">
        <Tile label={t('readiness.equipment')} value={formatRate(summary.overall.rate)} note={t('readiness.target', { target: pct(summary.overall.target) })} tone={summary.overall.rate === null ? undefined : summary.overall.meets ? 'ok' : 'bad'} />
        <Tile label={t('readiness.turnout')} value={formatRate(turnout.overall.rate)} note={t('readiness.target', { target: pct(turnout.overall.target) })} tone={turnout.overall.rate === null ? undefined : turnout.overall.meets ? 'ok' : 'bad'} />
        <Tile
          label={t('readiness.batteries')}
          value={b.count === 0 ? '—' : pct(b.share)}
          note={b.crossesInDays === null ? t('readiness.redLineHolds', { line: pct(b.redLine), days: b.horizonDays }) : b.crossesInDays === 0 ? t('readiness.redLineOver', { line: pct(b.redLine), n: b.replaceToHold }) : t('readiness.redLineIn', { line: pct(b.redLine), days: b.crossesInDays })}
          tone={b.level === 'over' ? 'bad' : b.level === 'warning' ? 'warn' : 'ok'}
        />
        <Tile label={t('readiness.service')} value={String(service.overdue)} note={t('readiness.serviceSoon', { count: service.dueSoon })} tone={service.overdue > 0 ? 'warn' : 'ok'} />
      </div>
      <table className="wall-readiness__classes" data-testid="wall-readiness-classes">
        <tbody>
          {/* byClass comes in the ledger's own order (shared/assets/readiness.ts: ASSET_CLASSES). */}
          {summary.byClass.map((c) => (
            <tr key={c.key} data-key={c.key} data-rate={c.rate ?? ''} className={c.meets ? undefined : 'wall-bad'}>
              <th scope="row">{tc(`format:assetClass.${c.key}`, { defaultValue: c.key })}</th>
              <td>{formatRate(c.rate)}</td>
              <td className="wall-readiness__mark">{c.rate === null ? '' : c.meets ? '✓' : '✗'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type DispatchBoardProps = {
  active: readonly DispatchOrder[];
  /** Live predicted arrival by dispatch id (request.list `etas`). */
  etas: ReadonlyMap<string, number>;
  language: Language;
  requests: ReadonlyMap<string, SupplyRequest>;
  vehicles: ReadonlyMap<string, Vehicle>;
  placeName: PlaceNamer;
  now: number;
};

/** Dispatches en route, soonest first, numbered like their destinations on the map. */
export function DispatchBoard({ active, etas, language, requests, vehicles, placeName, now }: DispatchBoardProps) {
  const { t } = useTranslation(WALL_NAMESPACE);
  return (
    <div className="wall-panel wall-panel--right" data-testid="wall-dispatches">
      {active.length === 0 ? <div className="wall-empty">{t('dispatches.none')}</div> : null}
      <ol className="wall-list">
        {active.slice(0, MAX_ROWS).map((d, i) => {
          const request = requests.get(d.requestId);
          // Re-predicted from the vehicle's live position; late against its promise or past the deadline, in words.
          const arrival = arrivalOf(d, request?.deadlineAt ?? Infinity, now, etas.get(d.id));
          const words = arrivalWords(t, arrival, language, now);
          return (
            <li
              key={d.id}
              className={`wall-row${words.state === 'past_deadline' ? ' wall-row--bad' : words.state === 'late' ? ' wall-row--late' : ''}`}
              data-testid="wall-dispatch"
              data-dispatch-id={d.id}
              data-arrival={words.state}
            >
              <span className="wall-row__mark">{i + 1}</span>
              <div className="wall-row__main">
                <div className="wall-row__title">{request ? placeName(request.destination.label) : '—'}</div>
                <div className="wall-row__sub">
                  {vehicles.get(d.vehicleId)?.plate ?? d.vehicleId}
                  {words.flag ? (
                    <strong className={words.state === 'past_deadline' ? 'wall-bad' : 'wall-late'} data-testid="wall-dispatch-late">
                      {' · '}
                      {words.flag}
                    </strong>
                  ) : null}
                </div>
              </div>
              <div className="wall-row__figure">
                <div className="wall-row__figure-label">{t('dispatches.eta')}</div>
                <div className={`wall-countdown${words.state === 'past_deadline' ? ' wall-bad' : words.state === 'late' ? ' wall-late' : ''}`}>{formatCountdown(arrival.etaAt - now)}</div>
              </div>
              {request ? (
                <div className="wall-row__figure">
                  <div className="wall-row__figure-label">{t('dispatches.deadline')}</div>
                  <div className={`wall-countdown${request.deadlineAt < now ? ' wall-bad' : ''}`}>{formatCountdown(request.deadlineAt - now)}</div>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {active.length > MAX_ROWS ? <div className="wall-more">{t('dispatches.more', { count: active.length - MAX_ROWS })}</div> : null}
    </div>
  );
}

/** What the hall counts down to: a request's deadline, else the alert's own next deadline. */
const dueOf = (a: WallAlert): number | null => a.request?.deadlineAt ?? (a.state === 'open' ? a.respondBy : a.closeBy);

type AlertBoardProps = { alerts: readonly WallAlert[]; alertName: (a: WallAlert) => string; now: number; language: Language };

/** Alerts by colour: the four counts, then the list, red first. */
export function AlertBoard({ alerts, alertName, now, language }: AlertBoardProps) {
  const { t } = useTranslation(WALL_NAMESPACE);
  const levels = [...ALERT_LEVELS].reverse();
  return (
    <div className="wall-panel wall-panel--right" data-testid="wall-alerts">
      <div className="wall-levels">
        {levels.map((level) => (
          <div key={level} className={`wall-level wall-level--${level}`} data-testid={`wall-level-${level}`}>
            <span className="wall-level__name">{t(`alerts.level.${level}`)}</span>
            <span className="wall-level__count">{alerts.filter((a) => a.level === level && a.state === 'open').length}</span>
          </div>
        ))}
      </div>
      {alerts.length === 0 ? <div className="wall-empty">{t('alerts.none')}</div> : null}
      <ol className="wall-list">
        {alerts.slice(0, MAX_ROWS).map((a) => (
          <li key={a.id} className={`wall-row wall-row--level-${a.level}${a.state !== 'open' ? ' wall-row--done' : ''}`} data-testid="wall-alert">
            <span className={`wall-row__swatch wall-swatch--${a.level}`} aria-hidden="true" />
            <div className="wall-row__main">
              <div className="wall-row__title">{alertName(a)}</div>
              <div className="wall-row__sub">
                {t(`alerts.kind.${a.kind}`)} ·{' '}
                {a.acknowledged ? `${t('alerts.acknowledged')} ${formatClock(a.acknowledged.at, language, now)}` : t('alerts.open')}
              </div>
            </div>
            {dueOf(a) !== null ? <div className={`wall-countdown${dueOf(a)! < now ? ' wall-bad' : ''}`}>{formatCountdown(dueOf(a)! - now)}</div> : null}
          </li>
        ))}
      </ol>
      {alerts.length > MAX_ROWS ? <div className="wall-more">{t('alerts.more', { count: alerts.length - MAX_ROWS })}</div> : null}
    </div>
  );
}

type LinkBoardProps = { link: LinkStatus | null; health: LinkHealth | null; lastFrameAt: number | null; now: number; language: Language };

/** Link health for the hall: state, how old the data is, what waits, this shift's outages. */
export function LinkBoard({ link, health, lastFrameAt, now, language }: LinkBoardProps) {
  const { t } = useTranslation(WALL_NAMESPACE);
  const { t: tc } = useTranslation();
  const outages = (health?.outages ?? []).slice(0, 4);
  return (
    <div className="wall-panel wall-panel--right" data-testid="wall-link">
      <div className={`wall-link-state wall-link-state--${link?.state ?? 'unknown'}`}>
        <span className="wall-dot" aria-hidden="true" />
        {link ? tc(`format:link.${link.state}`) : '—'}
      </div>
      <dl className="wall-facts">
        <dt>{t('link.endpoint')}</dt>
        <dd>{link ? t(`link.${link.endpointName}`) : '—'}</dd>
        <dt>{t('link.dataAge')}</dt>
        <dd data-testid="wall-link-age">{formatAge(tc, link?.lastPullAt ?? null, now)}</dd>
        <dt>{t('link.positionsAge')}</dt>
        <dd>{formatAge(tc, lastFrameAt, now)}</dd>
        <dt>{t('link.queue')}</dt>
        <dd className={link && link.queueDepth > 0 ? 'wall-warn' : undefined}>{link?.queueDepth ?? '—'}</dd>
        <dt>{t('link.conflicts')}</dt>
        <dd className={link && link.conflicts > 0 ? 'wall-bad' : undefined}>{link?.conflicts ?? '—'}</dd>
      </dl>
      <div className="wall-section-title">{t('link.outages')}</div>
      {outages.length === 0 ? <div className="wall-empty wall-empty--small">{t('link.noOutages')}</div> : null}
      <ol className="wall-list wall-list--compact">
        {outages.map((o) => (
          <li key={o.startedAt} className={`wall-row${o.endedAt === null ? ' wall-row--bad' : ''}`}>
            <div className="wall-row__main">
              <div className="wall-row__title">
                {formatClock(o.startedAt, language, now)} – {o.endedAt === null ? t('link.ongoing') : formatClock(o.endedAt, language, now)}
              </div>
              <div className="wall-row__sub">{t('link.queuedDuring', { count: o.commandsQueued })}</div>
            </div>
            <div className="wall-row__figure-text">{formatDuration(tc, o.endedAt === null ? now - o.startedAt : o.durationMs)}</div>
          </li>
        ))}
      </ol>
    </div>
  );
}

type InterruptPanelProps = { alert: WallAlert; others: number; request: SupplyRequest | null; alertName: (a: WallAlert) => string; now: number };

/** An alert that holds the wall until a console acknowledges it. */
export function InterruptPanel({ alert, others, request, alertName, now }: InterruptPanelProps) {
  const { t } = useTranslation(WALL_NAMESPACE);
  const left = (alert.request?.deadlineAt ?? alert.respondBy ?? now) - now;
  // A vehicle past its predicted time is still on its way: expected now at best, never "-6:57".
  const predicted = alert.request?.predictedArrivalAt ?? null;
  const eta = predicted === null ? null : Math.max(now, predicted);
  return (
    <div className={`wall-panel wall-panel--right wall-interrupt wall-interrupt--${alert.level}`} role="alert" data-testid="wall-interrupt" data-alert={alert.id}>
      <div className="wall-interrupt__kind">{alert.kind === 'red_request' ? t('interrupt.red') : t('interrupt.deadline')}</div>
      <div className="wall-interrupt__title">{alertName(alert)}</div>
      <div className="wall-interrupt__sub">
        {t(`alerts.kind.${alert.kind}`)}
        {request ? ` · ${request.requester}` : ''}
      </div>
      <div className="wall-interrupt__figures">
        <div>
          <div className="wall-row__figure-label">{left >= 0 ? t('interrupt.deadlineIn') : t('interrupt.lateBy')}</div>
          <div className="wall-countdown wall-countdown--big">{formatCountdown(Math.abs(left))}</div>
        </div>
        {eta !== null ? (
          <div>
            <div className="wall-row__figure-label">{t('interrupt.eta')}</div>
            <div className="wall-countdown wall-countdown--big">{formatCountdown(eta - now)}</div>
          </div>
        ) : null}
      </div>
      <div className="wall-interrupt__hint">{t('interrupt.hint')}</div>
      {others > 0 ? <div className="wall-more">{t('interrupt.more', { count: others })}</div> : null}
    </div>
  );
}
