import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkStatus, MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { formatAge } from '../app/age';
import { formatClock, formatDuration } from '../app/duration';
import { errorText } from '../app/use-board';
import { currentLanguage } from '../i18n';
import { DockPanel } from './DockPanel';

type LinkHealth = MethodResult<'link.health'>;

/** While open, the panel re-reads endpoint health this often (the probes run every second). */
export const HEALTH_POLL_MS = 2000;

type LinkHealthPanelProps = {
  client: BoardClient;
  /** Pushed by link.changed events: fresher than the last poll for state and queue. */
  link: LinkStatus | null;
  now: number;
  onClose(): void;
};

const hostOf = (url: string) => url.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');

/**
 * The figures a shift handover needs about the central link: which endpoint serves,
 * how each endpoint is, what waits to upload, when data last came and went, and this
 * shift's outages. Also the demo/developer control that cuts and restores the link.
 */
export function LinkHealthPanel({ client, link, now, onClose }: LinkHealthPanelProps) {
  const { t, i18n } = useTranslation();
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
      setLoadError(errorText(error));
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
      setCutError(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const status = link ?? health?.status ?? null;
  const clock = (at: number | null) => (at === null ? t('age.never') : `${formatClock(at, language, now)} · ${formatAge(t, at, now)}`);

  return (
    <DockPanel testId="link-health-panel" title={t('health.title')} onClose={onClose}>
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
              <span className={`state-text state-text--${status.state}`}>{t(`link.${status.state}`)}</span>
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
            <dt>{t('health.conflicts')}</dt>
            <dd className={status.conflicts > 0 ? 'danger' : undefined}>{status.conflicts}</dd>
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

          <h3 className="dock-section">{t('health.demo')}</h3>
          <div className="panel-note muted">{t('health.demoHint')}</div>
          <div className="button-row">
            <button type="button" className="action-button action-button--danger" data-testid="link-cut" disabled={busy || status.cut} onClick={() => void setCut(true)}>
              {t('health.cut')}
            </button>
            <button type="button" className="action-button" data-testid="link-restore" disabled={busy || !status.cut} onClick={() => void setCut(false)}>
              {t('health.restore')}
            </button>
          </div>
          {cutError ? (
            <div className="inline-error" role="alert">
              {t('error.call', { message: cutError })}
            </div>
          ) : null}
        </>
      )}
    </DockPanel>
  );
}
