import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { errorText } from '../format/error-text';
import { placeNamer } from '../format/place';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';

type Alert = MethodResult<'alert.list'>['alerts'][number];

/** Refresh period when no event says something changed (deadlines move with the clock). */
const POLL_MS = 5_000;

/** Alerts an officer has not acknowledged yet, worst first. Pure, for the badge and the list. */
export function openAlerts(alerts: readonly Alert[]): Alert[] {
  return alerts.filter((a) => a.state === 'open');
}

/**
 * The console's alert list: red alerts and deadlines at risk interrupt the wall until an
 * officer acknowledges them here.
 */
export function AlertBell({ client, sites }: { client: BoardClient; sites: readonly Site[] }) {
  const { t, i18n } = useTranslation('alerts');
  const language = currentLanguage(i18n);
  const placeName = useMemo(() => placeNamer(t, language, sites), [t, language, sites]);
  const mayAck = useGrant()('alert.acknowledge');
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    client
      .call('alert.list', {})
      .then((r) => setAlerts(r.alerts))
      .catch(() => undefined);
  }, [client]);

  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    const offs = [client.on('alerts.changed', load), client.on('data.changed', load), client.on('outbox.changed', load), client.on('dispatch.etasChanged', load)];
    return () => {
      clearInterval(timer);
      offs.forEach((off) => off());
    };
  }, [client, load]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const pending = openAlerts(alerts);
  const red = pending.some((a) => a.level === 'red');
  const time = (ms: number) => new Date(ms).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const acknowledge = (id: string) => {
    setError(null);
    client
      .call('alert.acknowledge', { alertId: id })
      .then(load)
      .catch((e: unknown) => setError(errorText(t, e)));
  };

  return (
    <div className="popover-anchor" ref={rootRef}>
      <button
        type="button"
        className={`tool-button alert-bell${red ? ' alert-bell--red' : pending.length ? ' alert-bell--orange' : ''}`}
        data-testid="alert-indicator"
        data-count={pending.length}
        data-level={red ? 'red' : pending.length ? 'orange' : 'none'}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={t('alerts.title')}
        onClick={() => setOpen((v) => !v)}
      >
        {t('alerts.indicator')} <strong>{pending.length}</strong>
      </button>
      {open ? (
        <div className="popover" role="dialog" aria-label={t('alerts.title')} data-testid="alert-panel">
          <div className="popover__label">{t('alerts.title')}</div>
          {alerts.length === 0 ? <div className="muted">{t('alerts.none')}</div> : null}
          <ul className="alert-list">
            {alerts.map((a) => (
              <li key={a.id} className={`alert-item alert-item--${a.level}`} data-testid="alert-item" data-alert-id={a.id} data-level={a.level}>
                <div>
                  <strong>{t(`alerts.kind.${a.kind}`)}</strong> · {placeName(a.label)}
                </div>
                {a.request ? <div className="muted">{t('alerts.deadline', { time: time(a.request.deadlineAt) })}</div> : null}
                {a.state === 'open' ? (
                  <button type="button" className="action-button" data-testid="alert-ack" disabled={!mayAck.ok} title={mayAck.title} onClick={() => acknowledge(a.id)}>
                    {t('alerts.acknowledge')}
                  </button>
                ) : (
                  <div className="muted">{t('alerts.acknowledged', { time: time(a.acknowledged?.at ?? a.closed?.at ?? 0) })}</div>
                )}
              </li>
            ))}
          </ul>
          {error ? <div className="inline-error">{error}</div> : null}
          <div className="muted">{t('alerts.hint')}</div>
        </div>
      ) : null}
    </div>
  );
}
