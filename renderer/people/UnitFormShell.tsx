import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type UnitFormShellProps = {
  testId: string;
  title: string;
  busy: boolean;
  refusal: readonly string[] | null;
  submitLabel: string;
  /** A removal: the button says so in red, and has the focus from the start. */
  danger?: boolean;
  /** Nothing to submit yet (besides while the central answers). */
  submitDisabled?: boolean;
  onSubmit(): void;
  onCancel(): void;
  children: ReactNode;
};

/**
 * A change to the command tree as a form: its title, its fields, the central's refusal, and
 * Enter / Esc. When a refusal comes back the focus returns to the submit button (disabled while
 * the central answered, it had dropped the focus), so that Esc cancels the form, not the panel.
 */
export function UnitFormShell({ testId, title, busy, refusal, submitLabel, danger = false, submitDisabled = false, onSubmit, onCancel, children }: UnitFormShellProps) {
  const { t } = useTranslation('people');
  const submitRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (refusal && refusal.length > 0) submitRef.current?.focus();
  }, [refusal]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  const escape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    onCancel();
  };
  return (
    <form className="panel-section people-form" data-testid={testId} aria-label={title} noValidate onSubmit={submit} onKeyDown={escape}>
      <h3 className="panel-section__title">{title}</h3>
      {children}
      <UnitRefusal lines={refusal} />
      <div className="button-row">
        <button ref={submitRef} type="submit" className={`action-button ${danger ? 'action-button--danger' : 'action-button--primary'}`} data-testid="unit-form-submit" autoFocus={danger} disabled={busy || submitDisabled}>
          {busy ? t('users.saving') : submitLabel} <kbd>Enter</kbd>
        </button>
        <button type="button" className="action-button" data-testid="unit-form-cancel" disabled={busy} onClick={onCancel}>
          {t('users.cancel')} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}

/** The central's refusal: that nothing changed, then one line per problem it named. */
export function UnitRefusal({ lines }: { lines: readonly string[] | null }) {
  const { t } = useTranslation('people');
  if (!lines || lines.length === 0) return null;
  return (
    <div className="inline-error" role="alert" data-testid="unit-refusal">
      {t('units.refused')}
      <ul className="people-problems">
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}
