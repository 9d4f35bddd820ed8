import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WallSchedule } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { errorText } from '../format/error-text';
import { useGrant } from '../ui/grant';
import { ensureWallMessages, WALL_NAMESPACE } from '../i18n/wall';
import { clampDuration, editableSchedule, SCENE_DURATION_MAX_S, SCENE_DURATION_MIN_S } from './scenes';
import './wall-settings.css';

type Rows = WallSchedule['scenes'];
type Feedback = { kind: 'saved' | 'error'; text: string } | null;

/** Moves row `i` by `by` places (−1 up, +1 down); the same list where it cannot move. */
export function moveRow(rows: Rows, i: number, by: -1 | 1): Rows {
  const j = i + by;
  if (i < 0 || i >= rows.length || j < 0 || j >= rows.length) return rows;
  const next = [...rows];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

/**
 * The console's editor for the wall's rotation: which scenes, in which order, how long.
 * Saved in the backend (`wall.setSchedule`), so every wall, in this app or on its own PC,
 * follows at once. Meant for the console's settings (or a dock panel); it only needs the
 * board client.
 */
export function WallSettings({ client }: { client: BoardClient }) {
  const { i18n } = useTranslation();
  ensureWallMessages(i18n);
  const { t } = useTranslation(WALL_NAMESPACE);
  const may = useGrant()('wall.setSchedule');
  const [rows, setRows] = useState<Rows | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  // Another console's save replaces the list unless this officer is in the middle of an edit.
  const dirty = useRef(false);

  useEffect(() => {
    let disposed = false;
    client.call('wall.schedule', {}).then(
      (r) => !disposed && setRows(editableSchedule(r.schedule)),
      (error: unknown) => {
        if (disposed) return;
        setRows(editableSchedule(null));
        setFeedback({ kind: 'error', text: t('settings.loadError', { message: errorText(t, error) }) });
      },
    );
    const off = client.on('wall.scheduleChanged', (e) => {
      if (!dirty.current) setRows(editableSchedule(e.schedule));
    });
    return () => {
      disposed = true;
      off();
    };
    // t only words the error; reloading on a language switch is not wanted.
  }, [client]);

  const edit = (next: Rows) => {
    dirty.current = true;
    setFeedback(null);
    setRows(next);
  };

  const save = async () => {
    if (!rows) return;
    setBusy(true);
    try {
      const { schedule } = await client.call('wall.setSchedule', { scenes: rows.map((r) => ({ ...r, durationS: clampDuration(r.durationS) })) });
      dirty.current = false;
      setRows(editableSchedule(schedule));
      setFeedback({ kind: 'saved', text: t('settings.saved') });
    } catch (error) {
      setFeedback({ kind: 'error', text: t('settings.error', { message: errorText(t, error) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="wall-settings" data-testid="wall-settings" aria-label={t('settings.title')}>
      <div className="wall-settings__title">{t('settings.title')}</div>
      <p className="wall-settings__hint muted">{t('settings.hint')}</p>
      {rows === null ? (
        <div className="muted">{t('settings.loading')}</div>
      ) : (
        <ol className="wall-settings__list">
          {rows.map((row, i) => (
            <li key={row.id} className="wall-settings__row" data-testid={`wall-settings-${row.id}`}>
              <label className="wall-settings__scene">
                <input type="checkbox" checked={row.enabled} onChange={(e) => edit(rows.map((r) => (r.id === row.id ? { ...r, enabled: e.target.checked } : r)))} />
                {t(`scene.${row.id}`)}
              </label>
              <input
                className="wall-settings__seconds"
                type="number"
                min={SCENE_DURATION_MIN_S}
                max={SCENE_DURATION_MAX_S}
                step={5}
                value={row.durationS}
                aria-label={`${t(`scene.${row.id}`)} ${t('settings.seconds')}`}
                onChange={(e) => edit(rows.map((r) => (r.id === row.id ? { ...r, durationS: Number(e.target.value) } : r)))}
                onBlur={() => edit(rows.map((r) => (r.id === row.id ? { ...r, durationS: clampDuration(r.durationS) } : r)))}
              />
              <span className="muted">{t('settings.seconds')}</span>
              <button type="button" className="action-button" title={t('settings.up')} aria-label={t('settings.up')} disabled={i === 0} onClick={() => edit(moveRow(rows, i, -1))}>
                ↑
              </button>
              <button
                type="button"
                className="action-button"
                title={t('settings.down')}
                aria-label={t('settings.down')}
                disabled={i === rows.length - 1}
                onClick={() => edit(moveRow(rows, i, 1))}
              >
                ↓
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="button-row wall-settings__buttons">
        <button type="button" className="action-button action-button--primary" data-testid="wall-settings-save" disabled={busy || rows === null || !may.ok} title={may.title} onClick={() => void save()}>
          {busy ? t('settings.saving') : t('settings.save')}
        </button>
        <button type="button" className="action-button" disabled={busy} onClick={() => edit(editableSchedule(null))}>
          {t('settings.reset')}
        </button>
        {feedback?.kind === 'saved' ? (
          <span className="ok small" role="status">
            {feedback.text}
          </span>
        ) : null}
      </div>
      {feedback?.kind === 'error' ? (
        <div className="inline-error" role="alert">
          {feedback.text}
        </div>
      ) : null}
      <p className="wall-settings__hint muted small">{t('settings.openHint')}</p>
    </section>
  );
}
