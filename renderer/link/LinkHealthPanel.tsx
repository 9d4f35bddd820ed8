import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkStatus, MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { formatAge } from '../format/age';
import { formatClock, formatDuration } from '../format/duration';
import { errorText } from '../format/error-text';
import { currentLanguage } from '../i18n';
import { DockPanel } from '../ui/DockPanel';
import { useGrant } from '../ui/grant';
import { DrillSection } from './DrillSection';
import { describeAction, type ConflictNames } from './conflict-text';

type LinkHealth = MethodResult<'link.health'>;

/** While open, the panel re-reads endpoint health this often (the probes run every second). */
export const HEALTH_POLL_MS = 2000;

type LinkHealthPanelProps = {
  client: BoardClient;
  /** Pushed by link.changed events: fresher than the last poll for state and queue. */
  link: LinkStatus | null;
  /** To name the queued commands' sites, items and vehicles as officers know them. */
  names: ConflictNames;
  now: number;
  onClose(): void;
};

/** Link event kinds with words of their own (anything else shows its kind as is). */
const EVENT_KINDS = ['rewind', 'rewind_detected', 'rewind_retry', 'outcome_unknown', 'retry_after', 'failover', 'clock_skew', 'clock_ahead', 'page_rejected', 'empty_page', 'digest_rejected', 'reconcile_resynced'] as const;

/** "+1 天 0 小时"-style clock difference, or null when it is under a second. */
export function skewText(t: (k: string, o?: Record<string, unknown>) => string, ms: number | null): string | null {
  if (ms === null || Math.abs(ms) < 1000) return null;
  const s = Math.round(Math.abs(ms) / 1000);
  const amount = s >= 3600 ? t('link:health.skewHours', { hours: (s / 3600).toFixed(1) }) : s >= 60 ? t('link:health.skewMinutes', { minutes: Math.round(s / 60) }) : t('link:health.skewSeconds', { seconds: s });
  return t(ms > 0 ? 'link:health.skewAhead' : 'link:health.skewBehind', { amount });
}

const hostOf = (url: string) => url.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');

/**
 * The figures a shift handover needs about the central link: which endpoint serves,
 * how each endpoint is, what waits to upload, when data last came and went, and this
 * shift's outages. Also the demo/developer control that cuts and restores the link.
 */
export function LinkHealthPanel({ client, link, names, now, onClose }: LinkHealthPanelProps) {
  const { t, i18n } = useTranslation('link');
  const mayCut = useGrant()('link.setCut');
  const mayDrill = useGrant()('drill.start');
  const language = currentLanguage(i18n);
  const [health, setHealth] = useState<LinkHealth | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [cutError, setCutError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const h = await client.call('link.health', {});
      setHealth(h);
      setLoadError(null);
    } catch (error) {
      setLoadError(errorText(t, error));
    }
  }, [client]);

  useEffect(() => {
    let live = true;
    const poll = () => {
      if (live) void refresh();
    };
    poll();
    const timer = setInterval(poll, HEALTH_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [refresh]);

  const setCut = async (cut: boolean) => {
    setBusy(true);
    setCutError(null);
    try {
      await client.call('link.setCut', { cut });
      await refresh();
    } catch (error) {
      setCutError(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  const status = link ?? health?.status ?? null;
  const clock = (at: number | null) => (at === null ? t('format:age.never') : `${formatClock(at, language, now)} · ${formatAge(t, at, now)}`);

  // The cut and restore control stays below the scrolling figures: during an outage the
  // queue and event lists grow, and the way back must not be at the bottom of them.
  const demoControls =
    health?.demo && status ? (
      <div className="link-demo" data-testid="link-demo-controls">
        <div className="link-demo__head">
          <strong>{t('health.demo')}</strong> <span className="muted small">{t('health.demoHint')}</span>
        </div>
        <div className="button-row">
          <button type="button" className="action-button action-button--danger" data-testid="link-cut" disabled={busy || status.cut || !mayCut.ok} title={mayCut.title} onClick={() => void setCut(true)}>
            {t('health.cut')}
          </button>
          <button type="button" className="action-button" data-testid="link-restore" disabled={busy || !status.cut || !mayCut.ok} title={mayCut.title} onClick={() => void setCut(false)}>
            {t('health.restore')}
          </button>
        </div>
        {cutError ? (
          <div className="inline-error" role="alert">
            {t('errors:error.call', { message: cutError })}
          </div>
        ) : null}
      </div>
    ) : null;

  return (
    <DockPanel
      testId="link-health-panel"
      title={t('health.title')}
      onClose={onClose}
      footer={
        <>
          {mayDrill.ok ? <DrillSection client={client} now={now} queueDepth={status?.queueDepth ?? 0} /> : null}
          {demoControls}
        </>
      }
    >
      {loadError ? (
        <div className="inline-error" role="alert">
          {t('health.error', { message: loadError })}
        </div>
      ) : null}
      {!status ? (
        <div className="panel-empty">{t('health.loading')}</div>
      ) : (
        <>
          <dl className="facts facts--dock">
            <dt>{t('health.state')}</dt>
            <dd data-testid="health-state" data-state={status.state}>
              <span className={`state-text state-text--${status.state}`}>{t(`format:link.${status.state}`)}</span>
              <span className="muted"> · {t('health.since', { time: formatClock(status.since, language, now) })}</span>
              {status.cut ? <div className="warn">{t('health.cutActive')}</div> : null}
            </dd>
            <dt>{t('health.inService')}</dt>
            <dd data-testid="health-endpoint" data-endpoint={status.endpointName}>
              <span className={`endpoint-tag endpoint-tag--${status.endpointName}`}>{t(`health.${status.endpointName}`)}</span>{' '}
              {t(`health.${status.endpointName}Long`)} <span className="mono muted">{hostOf(status.endpoint)}</span>
            </dd>
            <dt>{t('health.queue')}</dt>
            <dd data-testid="health-queue" className={status.queueDepth > 0 ? 'warn' : undefined}>
              {status.queueDepth}
            </dd>
            {status.unknownOutcomes > 0 ? (
              <>
                <dt>{t('health.unknownOutcomes')}</dt>
                <dd className="warn" data-testid="health-unknown" title={t('ui:pending.unknownTitle')}>
                  {t('health.unknownValue', { count: status.unknownOutcomes })}
                </dd>
              </>
            ) : null}
            <dt>{t('health.conflicts')}</dt>
            <dd className={status.conflicts > 0 ? 'danger' : undefined}>{status.conflicts}</dd>
            {skewText(t, status.clockSkewMs) ? (
              <>
                <dt>{t('health.clockSkew')}</dt>
                <dd className={Math.abs(status.clockSkewMs ?? 0) > 60_000 ? 'warn' : 'muted'} data-testid="health-skew">
                  {skewText(t, status.clockSkewMs)}
                </dd>
              </>
            ) : null}
            {health?.lastRewind ? (
              <>
                <dt>{t('health.lastRewind')}</dt>
                <dd data-testid="health-rewind">
                  {formatClock(health.lastRewind.at, language, now)} · {t('health.rewindValue', { count: health.lastRewind.requeued, fork: health.lastRewind.forkSeq, to: health.lastRewind.toCursor })}
                </dd>
              </>
            ) : null}
            <dt>{t('health.lastPull')}</dt>
            <dd>{clock(status.lastPullAt)}</dd>
            <dt>{t('health.lastPush')}</dt>
            <dd>{clock(status.lastPushAt)}</dd>
            <dt>{t('health.dataAge')}</dt>
            <dd data-testid="health-data-age">{formatAge(t, status.lastPullAt, now)}</dd>
            {status.lastError ? (
              <>
                <dt>{t('health.lastError')}</dt>
                <dd className="muted small" title={status.lastError.message}>
                  {formatClock(status.lastError.at, language, now)} · <span className="mono">{status.lastError.code}</span> {status.lastError.message}
                </dd>
              </>
            ) : null}
          </dl>

          <h3 className="dock-section">{t('health.endpoints')}</h3>
          <table className="grid-table" data-testid="health-endpoints">
            <thead>
              <tr>
                <th>{t('health.colEndpoint')}</th>
                <th>{t('health.colHealth')}</th>
                <th>{t('health.colBreaker')}</th>
                <th className="num">{t('health.colLatency')}</th>
                <th className="num">{t('health.colChecked')}</th>
              </tr>
            </thead>
            <tbody>
              {(health?.endpoints ?? []).map((e) => (
                <tr key={e.name} data-endpoint={e.name} className={e.name === status.endpointName ? 'current' : undefined}>
                  <td title={e.url}>
                    <span className={`endpoint-tag endpoint-tag--${e.name}`}>{t(`health.${e.name}`)}</span> <span className="mono">{hostOf(e.url)}</span>
                  </td>
                  <td>
                    <span className={`dot dot--${e.healthy === null ? 'unknown' : e.healthy ? 'ok' : 'bad'}`} aria-hidden="true" />{' '}
                    {e.healthy === null ? t('health.unknown') : e.healthy ? t('health.healthy') : t('health.unhealthy')}
                  </td>
                  <td className={e.breaker === 'closed' ? undefined : 'warn'}>{t(`health.breaker.${e.breaker}`)}</td>
                  <td className="num">{e.latencyMs === null ? '—' : t('health.latencyValue', { ms: e.latencyMs })}</td>
                  <td className="num muted">{formatAge(t, e.lastCheckAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3 className="dock-section">{t('health.outages')}</h3>
          {health && health.outages.length === 0 ? (
            <div className="panel-note muted">{t('health.noOutages')}</div>
          ) : (
            <table className="grid-table" data-testid="health-outages">
              <thead>
                <tr>
                  <th>{t('health.colStart')}</th>
                  <th>{t('health.colEnd')}</th>
                  <th className="num">{t('health.colDuration')}</th>
                  <th className="num">{t('health.colQueued')}</th>
                </tr>
              </thead>
              <tbody>
                {(health?.outages ?? []).map((o) => (
                  <tr key={o.startedAt} data-ongoing={o.endedAt === null ? 'true' : 'false'}>
                    <td>{formatClock(o.startedAt, language, now)}</td>
                    <td>{o.endedAt === null ? <span className="warn">{t('health.ongoing')}</span> : formatClock(o.endedAt, language, now)}</td>
                    {/* An ongoing outage grows every second; the server's figure is as of the last poll. */}
                    <td className="num">{formatDuration(t, o.endedAt === null ? now - o.startedAt : o.durationMs)}</td>
                    <td className="num">{o.commandsQueued}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h3 className="dock-section">{t('health.queueTitle')}</h3>
          {health && health.queue.length === 0 ? (
            <div className="panel-note muted">{t('health.queueEmpty')}</div>
          ) : (
            <table className="grid-table" data-testid="health-queue-list">
              <thead>
                <tr>
                  <th>{t('health.colIssued')}</th>
                  <th>
                    {t('health.colAction')} · {t('health.colState')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {(health?.queue ?? []).map((e) => (
                  <tr key={e.id} data-state={e.outcomeUnknown ? 'unknown' : 'waiting'}>
                    <td className="mono">{formatClock(e.issuedAt, language, now)}</td>
                    <td>
                      <div>{describeAction(t, e, names, language)}</div>
                      <div className={e.outcomeUnknown ? 'warn small' : 'muted small'} title={e.lastError ?? undefined}>
                        {e.outcomeUnknown ? t('health.stateUnknown', { count: e.attempts }) : e.attempts > 0 ? t('health.stateRetrying', { count: e.attempts }) : t('health.stateWaiting')}
                        {e.resent > 0 ? ` · ${t('health.stateResent')}` : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h3 className="dock-section">{t('health.events')}</h3>
          {health && health.events.length === 0 ? (
            <div className="panel-note muted">{t('health.noEvents')}</div>
          ) : (
            <ul className="event-list" data-testid="health-events">
              {(health?.events ?? []).slice(0, 30).map((e, i) => (
                <li key={`${e.at}-${i}`} data-kind={e.kind}>
                  <span className="mono muted">{formatClock(e.at, language, now)}</span>{' '}
                  <strong>{(EVENT_KINDS as readonly string[]).includes(e.kind) ? t(`health.event.${e.kind}`) : e.kind}</strong>
                  <div className="small muted">{e.detail}</div>
                </li>
              ))}
            </ul>
          )}

        </>
      )}
    </DockPanel>
  );
}
