import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictView } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { formatClock } from '../format/duration';
import { errorText } from '../format/error-text';
import { currentLanguage } from '../i18n';
import { DockPanel } from '../ui/DockPanel';
import { useGrant } from '../ui/grant';
import { describeConflict, type ConflictNames } from './conflict-text';

type ConflictPanelProps = {
  client: BoardClient;
  /** Changes when the outbox changed (a conflict arrived or was resolved): re-read the list. */
  epoch: number;
  names: ConflictNames;
  now: number;
  onClose(): void;
};

/**
 * Commands the central refused, each with both sides and the officer's two choices.
 * Resolved ones stay listed below (greyed) for the handover: nothing vanishes unseen.
 */
export function ConflictPanel({ client, epoch, names, now, onClose }: ConflictPanelProps) {
  const { t, i18n } = useTranslation('link');
  const may = useGrant()('conflict.resolve');
  const language = currentLanguage(i18n);
  const [conflicts, setConflicts] = useState<ConflictView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let live = true;
    client.call('conflict.list', {}).then(
      (r) => {
        if (!live) return;
        setConflicts(r.conflicts);
        setLoadError(null);
      },
      (error: unknown) => live && setLoadError(errorText(t, error)),
    );
    return () => {
      live = false;
    };
  }, [client, epoch, reloads]);

  const resolve = async (c: ConflictView, resolution: 'discard' | 'reissue') => {
    setBusyId(c.id);
    setErrors(({ [c.id]: _, ...rest }) => rest);
    try {
      await client.call('conflict.resolve', { conflictId: c.id, resolution });
    } catch (error) {
      setErrors((e) => ({ ...e, [c.id]: errorText(t, error) }));
    } finally {
      setBusyId(null);
      // The outbox.changed event re-reads too; this covers a resolve that failed because
      // another window resolved it first.
      setReloads((n) => n + 1);
    }
  };

  const open = (conflicts ?? []).filter((c) => c.resolvedAt === null);
  const resolved = (conflicts ?? []).filter((c) => c.resolvedAt !== null);

  return (
    <DockPanel testId="conflict-panel" title={t('conflict.title')} onClose={onClose}>
      {loadError ? (
        <div className="inline-error" role="alert">
          {t('conflict.loadFailed', { message: loadError })}
        </div>
      ) : null}
      {conflicts === null ? (
        <div className="panel-empty">{t('ui:panel.loading')}</div>
      ) : (
        <>
          {open.length > 0 ? <div className="panel-note muted">{t('conflict.hint')}</div> : <div className="panel-empty">{t('conflict.none')}</div>}
          {open.map((c) => {
            const text = describeConflict(t, c, names, language);
            return (
              <article key={c.id} className="conflict-card" data-testid="conflict-item" data-conflict-id={c.id} data-code={c.code}>
                <dl className="conflict-card__sides">
                  <dt>{t('conflict.yours')}</dt>
                  <dd data-testid="conflict-action">
                    {text.action}
                    <div className="muted small">{t('conflict.issuedAt', { time: formatClock(c.issuedAt, language, now) })}</div>
                  </dd>
                  <dt>{t('conflict.central')}</dt>
                  <dd data-testid="conflict-central">{text.central}</dd>
                  <dt>{t('conflict.why')}</dt>
                  <dd>
                    <span className="danger">{text.reason}</span>
                    <div className="mono muted small">{text.detail}</div>
                  </dd>
                </dl>
                <div className="button-row">
                  <button type="button" className="action-button" data-testid="conflict-discard" disabled={busyId !== null || !may.ok} title={may.title} onClick={() => void resolve(c, 'discard')}>
                    {t('conflict.discard')}
                  </button>
                  <button type="button" className="action-button" data-testid="conflict-reissue" disabled={busyId !== null || !may.ok} title={may.title} onClick={() => void resolve(c, 'reissue')}>
                    {t('conflict.reissue')}
                  </button>
                </div>
                {errors[c.id] ? (
                  <div className="inline-error" role="alert">
                    {t('conflict.failed', { message: errors[c.id] })}
                  </div>
                ) : null}
              </article>
            );
          })}
          {resolved.length > 0 ? (
            <>
              <h3 className="dock-section">
                {t('conflict.resolved')} <span className="muted">({resolved.length})</span>
              </h3>
              <ul className="resolved-list" data-testid="conflict-resolved">
                {resolved.map((c) => (
                  <li key={c.id} data-conflict-id={c.id} data-resolution={c.resolution ?? ''}>
                    <span>{describeConflict(t, c, names, language).action}</span>
                    <span className="muted small">
                      {' '}
                      · {t(`conflict.${c.resolution ?? 'discarded'}`)} {c.resolvedAt !== null ? formatClock(c.resolvedAt, language, now) : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </DockPanel>
  );
}
