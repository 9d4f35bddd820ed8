import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { lockAfterSchema } from '../../shared/auth/api';
import type { BoardClient } from '../api/board-client';
import { errorText } from '../format/error-text';
import { useGrant, type Grant } from '../ui/grant';

export const LOCK_AFTER_MIN = lockAfterSchema.minValue ?? 1;
export const LOCK_AFTER_MAX = lockAfterSchema.maxValue ?? 240;

/** The typed minutes as the setting takes them: a whole number from 1 to 240, or null. */
export function parseLockAfter(text: string): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text.trim());
  return lockAfterSchema.safeParse(n).success ? n : null;
}

type Feedback = { kind: 'saved' | 'error'; text: string } | null;

/**
 * The idle lock (空闲锁定) in the settings: after how many quiet minutes this workstation
 * locks. A supervisor or an administrator changes it (settings.write); everyone else sees
 * it, with who may change it.
 */
export function IdleLockSetting({ client }: { client: BoardClient }) {
  const { t } = useTranslation('people');
  const grant = useGrant()('settings.set');
  const [minutes, setMinutes] = useState<number | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      client.call('settings.get', {}).then(
        (r) => live && setMinutes(r.lockAfterMinutes),
        (e: unknown) => live && setFeedback({ kind: 'error', text: t('idleLock.loadError', { message: errorText(t, e) }) }),
      );
    void load();
    // Another console changed it: show the new value.
    const off = client.on('auth.changed', (e) => e.reason === 'settings' && void load());
    return () => {
      live = false;
      off();
    };
    // t only words the error.
  }, [client]);

  const save = async (next: number) => {
    setFeedback(null);
    try {
      const r = await client.call('settings.set', { lockAfterMinutes: next });
      setMinutes(r.lockAfterMinutes);
      setFeedback({ kind: 'saved', text: t('idleLock.saved', { minutes: r.lockAfterMinutes }) });
    } catch (err) {
      setFeedback({ kind: 'error', text: t('idleLock.error', { message: errorText(t, err) }) });
    }
  };

  // Keyed by the value: a new value (saved here or elsewhere) starts the field afresh.
  return <IdleLockForm key={minutes ?? 'none'} minutes={minutes} grant={grant} feedback={feedback} onSave={save} />;
}

type IdleLockFormProps = {
  /** Null while not read yet. */
  minutes: number | null;
  grant: Grant;
  feedback: Feedback;
  onSave(minutes: number): Promise<void>;
};

/** Editable for who may change it, a plain value (with who may) for everyone else. */
export function IdleLockForm({ minutes, grant, feedback, onSave }: IdleLockFormProps) {
  const { t } = useTranslation('people');
  const [text, setText] = useState(minutes === null ? '' : String(minutes));
  const [busy, setBusy] = useState(false);
  const parsed = parseLockAfter(text);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (parsed === null || !grant.ok) return;
    setBusy(true);
    await onSave(parsed);
    setBusy(false);
  };
  return (
    <form className="idle-lock" data-testid="idle-lock" aria-label={t('idleLock.title')} onSubmit={(e) => void submit(e)}>
      <div className="popover__label">{t('idleLock.title')}</div>
      {minutes === null ? (
        feedback ? null : <div className="muted small">{t('ui:panel.loading')}</div>
      ) : grant.ok ? (
        <div className="idle-lock__row">
          <label htmlFor="idle-lock-minutes">{t('idleLock.label')}</label>
          <input
            id="idle-lock-minutes"
            data-testid="idle-lock-minutes"
            inputMode="numeric"
            size={4}
            value={text}
            aria-invalid={parsed === null ? true : undefined}
            onChange={(e) => setText(e.target.value)}
          />
          <span>{t('idleLock.minutes')}</span>
          <button type="submit" className="action-button" data-testid="idle-lock-save" disabled={busy || parsed === null || parsed === minutes}>
            {busy ? t('idleLock.saving') : t('idleLock.save')}
          </button>
        </div>
      ) : (
        <div className="idle-lock__row" data-testid="idle-lock-readonly" title={grant.title}>
          {t('idleLock.label')} <strong>{t('idleLock.readOnly', { minutes })}</strong> <span className="muted small">{grant.title}</span>
        </div>
      )}
      {grant.ok && minutes !== null && parsed === null ? (
        <div className="inline-error" role="alert">
          {t('idleLock.range', { min: LOCK_AFTER_MIN, max: LOCK_AFTER_MAX })}
        </div>
      ) : null}
      {feedback ? (
        <div className={feedback.kind === 'saved' ? 'ok small' : 'inline-error'} role={feedback.kind === 'saved' ? 'status' : 'alert'} data-testid="idle-lock-feedback">
          {feedback.text}
        </div>
      ) : null}
      <p className="muted small idle-lock__hint">{t('idleLock.hint')}</p>
    </form>
  );
}
