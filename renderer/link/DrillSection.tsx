import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { formatClock, formatDuration } from '../format/duration';
import { errorText } from '../format/error-text';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';

type Drills = MethodResult<'drill.list'>;

/**
 * 断网演练 (the annual report's N+1 drill), for a supervisor: start cuts this console's link
 * to the central, officers work offline, finish restores it, drains the queue, reconciles and
 * records the outcome. The last drills with their figures below.
 */
export function DrillSection({ client, now, queueDepth }: { client: BoardClient; now: number; queueDepth: number }) {
  const { t, i18n } = useTranslation('link');
  const language = currentLanguage(i18n);
  const grant = useGrant();
  const mayStart = grant('drill.start');
  const mayFinish = grant('drill.finish');
  const [drills, setDrills] = useState<Drills | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    client
      .call('drill.list', {})
      .then(setDrills)
      .catch(() => undefined);
  }, [client]);
  useEffect(() => {
    load();
    const offs = [client.on('data.changed', load), client.on('outbox.changed', load)];
    return () => offs.forEach((off) => off());
  }, [client, load]);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      setNote('');
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
      load();
    }
  };
  if (!drills) return null;
  const running = drills.running;
  return (
    <section className="link-drill" data-testid="drill-section" aria-labelledby="drill-title">
      <h3 className="dock-section" id="drill-title">
        {t('drill.title')}
      </h3>
      {running ? (
        <div className="link-drill__running" role="status" data-testid="drill-running">
          <strong>{t('drill.running', { since: formatClock(running.startedAt, language, now), elapsed: formatDuration(t, now - running.startedAt) })}</strong>
          <div className="muted small">{t('drill.queued', { count: queueDepth })}</div>
          <button type="button" className="action-button" data-testid="drill-finish" disabled={busy || !mayFinish.ok} title={mayFinish.title} onClick={() => void act(() => client.call('drill.finish', { drillId: running.id }))}>
            {busy ? t('drill.finishing') : t('drill.finish')}
          </button>
        </div>
      ) : (
        <form
          className="button-row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => client.call('drill.start', { note: note.trim() }));
          }}
        >
          <input id="drill-note" aria-label={t('drill.note')} data-testid="drill-note" type="text" maxLength={1000} placeholder={t('drill.note')} value={note} onChange={(e) => setNote(e.target.value)} disabled={!mayStart.ok} />
          <button type="submit" className="action-button action-button--danger" data-testid="drill-start" disabled={busy || !mayStart.ok} title={mayStart.ok ? t('drill.startHint') : mayStart.title}>
            {t('drill.start')}
          </button>
        </form>
      )}
      {error ? (
        <div className="inline-error" role="alert">
          {error}
        </div>
      ) : null}
      {drills.drills.length > 0 ? (
        <table className="grid-table" data-testid="drill-list">
          <thead>
            <tr>
              <th>{t('drill.colStart')}</th>
              <th className="num">{t('drill.colDuration')}</th>
              <th>{t('drill.colBy')}</th>
              <th className="num">{t('drill.colQueued')}</th>
              <th>{t('drill.colResult')}</th>
            </tr>
          </thead>
          <tbody>
            {drills.drills.slice(0, 5).map((d) => (
              <tr key={d.id} data-result={d.result} title={d.note || undefined}>
                <td>{formatClock(d.startedAt, language, now)}</td>
                <td className="num">{d.endedAt === null ? '—' : formatDuration(t, d.endedAt - d.startedAt)}</td>
                <td>{d.startedBy}</td>
                <td className="num">{d.queued ?? '—'}</td>
                <td className={d.result === 'reconciled' ? undefined : 'warn'}>{t(`drill.result.${d.result}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
