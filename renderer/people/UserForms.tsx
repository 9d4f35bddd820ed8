import { useEffect, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../shared/auth/roles';
import { roleText } from '../format/roles';
import { draftProblems, passwordProblems, type DraftProblem, type NewUserDraft } from './user-admin';

/** Escape backs out of the form or the question only; the panel behind stays open. */
function escapeCancels(busy: boolean, onCancel: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    if (!busy) onCancel();
  };
}

type TaskFormProps = {
  testId: string;
  title: string;
  note: string;
  problems: readonly DraftProblem[];
  /** Problems are shown once the officer has tried to send. */
  tried: boolean;
  busy: boolean;
  error: string | null;
  submitLabel: string;
  onSubmit(): void;
  onCancel(): void;
  children: ReactNode;
};

/** A form for the task in hand: its fields, what stops it, the refusal, and Enter / Escape. */
function TaskForm(p: TaskFormProps) {
  const { t } = useTranslation('people');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    p.onSubmit();
  };
  return (
    <form className="panel-section people-form" data-testid={p.testId} aria-label={p.title} noValidate onSubmit={submit} onKeyDown={escapeCancels(p.busy, p.onCancel)}>
      <h3 className="panel-section__title">{p.title}</h3>
      <div className="form-grid">{p.children}</div>
      <div className="panel-note muted">{p.note}</div>
      {p.tried && p.problems.length > 0 ? (
        <ul className="inline-error people-problems" role="alert" data-testid="user-form-problems">
          {p.problems.map((problem) => (
            <li key={problem}>{t(`users.problem.${problem}`)}</li>
          ))}
        </ul>
      ) : null}
      <Refusal error={p.error} />
      <div className="button-row">
        <button type="submit" className="action-button action-button--primary" data-testid="user-form-submit" disabled={p.busy}>
          {p.busy ? t('users.saving') : p.submitLabel} <kbd>Enter</kbd>
        </button>
        <button type="button" className="action-button" data-testid="user-form-cancel" disabled={p.busy} onClick={p.onCancel}>
          {t('users.cancel')} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}

function Refusal({ error }: { error: string | null }) {
  return error ? (
    <div className="inline-error" role="alert" data-testid="user-form-error">
      {error}
    </div>
  ) : null;
}

type CreateUserFormProps = {
  draft: NewUserDraft;
  busy: boolean;
  error: string | null;
  /** Problems are shown once the officer has tried to send. */
  tried: boolean;
  onEdit(draft: Partial<NewUserDraft>): void;
  onSubmit(): void;
  onCancel(): void;
};

/** A new user: user name, name, role, and an initial password typed twice (masked, never shown again). */
export function CreateUserForm({ draft, busy, error, tried, onEdit, onSubmit, onCancel }: CreateUserFormProps) {
  const { t } = useTranslation('people');
  const problems = draftProblems(draft);
  const invalid = (p: DraftProblem) => (tried && problems.includes(p) ? true : undefined);
  return (
    <TaskForm
      testId="user-create-form"
      title={t('users.createTitle')}
      note={t('users.passwordHint')}
      problems={problems}
      tried={tried}
      busy={busy}
      error={error}
      submitLabel={t('users.submitCreate')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <label htmlFor="user-username">{t('users.username')}</label>
      <div className="form-grid__field">
        <input
          id="user-username"
          data-testid="user-username"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          maxLength={32}
          value={draft.username}
          aria-invalid={invalid('username')}
          aria-describedby="user-username-hint"
          onChange={(e) => onEdit({ username: e.target.value.trim().toLowerCase() })}
        />
      </div>
      <span />
      <span id="user-username-hint" className="muted small">
        {t('users.usernameHint')}
      </span>
      <label htmlFor="user-display-name">{t('users.displayName')}</label>
      <div className="form-grid__field">
        <input
          id="user-display-name"
          data-testid="user-display-name"
          autoComplete="off"
          maxLength={64}
          value={draft.displayName}
          aria-invalid={invalid('displayName')}
          onChange={(e) => onEdit({ displayName: e.target.value })}
        />
      </div>
      <label htmlFor="user-role">{t('users.role')}</label>
      <div className="form-grid__field">
        <RoleSelect id="user-role" value={draft.role} onChange={(role) => onEdit({ role })} />
      </div>
      <PasswordFields
        idPrefix="user-new"
        label={t('users.password')}
        password={draft.password}
        confirm={draft.confirm}
        invalidPassword={invalid('passwordShort')}
        invalidConfirm={invalid('passwordMismatch')}
        onPassword={(password) => onEdit({ password })}
        onConfirm={(confirm) => onEdit({ confirm })}
      />
    </TaskForm>
  );
}

type PasswordFormProps = {
  name: string;
  password: string;
  confirm: string;
  busy: boolean;
  error: string | null;
  tried: boolean;
  onEdit(edit: { password?: string; confirm?: string }): void;
  onSubmit(): void;
  onCancel(): void;
};

/** A new password for a user (a forgotten one): typed twice, masked, sent, forgotten. */
export function PasswordForm({ name, password, confirm, busy, error, tried, onEdit, onSubmit, onCancel }: PasswordFormProps) {
  const { t } = useTranslation('people');
  const problems = passwordProblems(password, confirm);
  const invalid = (p: DraftProblem) => (tried && problems.includes(p) ? true : undefined);
  return (
    <TaskForm
      testId="user-password-form"
      title={t('users.setPasswordTitle', { name })}
      note={t('users.passwordSetHint')}
      problems={problems}
      tried={tried}
      busy={busy}
      error={error}
      submitLabel={t('users.submitPassword')}
      onSubmit={onSubmit}
      onCancel={onCancel}
    >
      <PasswordFields
        idPrefix="user-reset"
        autoFocus
        label={t('users.newPassword')}
        password={password}
        confirm={confirm}
        invalidPassword={invalid('passwordShort')}
        invalidConfirm={invalid('passwordMismatch')}
        onPassword={(p) => onEdit({ password: p })}
        onConfirm={(c) => onEdit({ confirm: c })}
      />
    </TaskForm>
  );
}

type PasswordFieldsProps = {
  idPrefix: string;
  label: string;
  password: string;
  confirm: string;
  autoFocus?: boolean;
  invalidPassword: true | undefined;
  invalidConfirm: true | undefined;
  onPassword(value: string): void;
  onConfirm(value: string): void;
};

function PasswordFields(p: PasswordFieldsProps) {
  const { t } = useTranslation('people');
  return (
    <>
      <label htmlFor={`${p.idPrefix}-password`}>{p.label}</label>
      <div className="form-grid__field">
        <input
          id={`${p.idPrefix}-password`}
          data-testid="user-password"
          type="password"
          autoFocus={p.autoFocus}
          autoComplete="new-password"
          maxLength={128}
          value={p.password}
          aria-invalid={p.invalidPassword}
          onChange={(e) => p.onPassword(e.target.value)}
        />
      </div>
      <label htmlFor={`${p.idPrefix}-confirm`}>{t('users.passwordConfirm')}</label>
      <div className="form-grid__field">
        <input
          id={`${p.idPrefix}-confirm`}
          data-testid="user-password-confirm"
          type="password"
          autoComplete="new-password"
          maxLength={128}
          value={p.confirm}
          aria-invalid={p.invalidConfirm}
          onChange={(e) => p.onConfirm(e.target.value)}
        />
      </div>
    </>
  );
}

export function RoleSelect({ id, value, label, disabled, title, onChange }: { id?: string; value: Role; label?: string; disabled?: boolean; title?: string | undefined; onChange(role: Role): void }) {
  const { t } = useTranslation('people');
  return (
    <select id={id} data-testid="user-role" value={value} aria-label={label} disabled={disabled} title={title} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {roleText(t, r)}
        </option>
      ))}
    </select>
  );
}

type ConfirmBoxProps = {
  title: string;
  hint: string;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  error: string | null;
  onConfirm(): void;
  onCancel(): void;
};

/** A question before a change that takes effect at once: Enter says yes (the button has the focus), Escape no. */
export function ConfirmBox({ title, hint, confirmLabel, danger, busy, error, onConfirm, onCancel }: ConfirmBoxProps) {
  const { t } = useTranslation('people');
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <div className="panel-section people-confirm" role="alertdialog" aria-label={title} data-testid="user-confirm" onKeyDown={escapeCancels(busy, onCancel)}>
      <h3 className="people-confirm__title">{title}</h3>
      <div className="panel-note warn">{hint}</div>
      <Refusal error={error} />
      <div className="button-row">
        <button ref={yes} type="button" className={`action-button ${danger ? 'action-button--danger' : 'action-button--primary'}`} data-testid="user-confirm-yes" disabled={busy} onClick={onConfirm}>
          {busy ? t('users.saving') : confirmLabel} <kbd>Enter</kbd>
        </button>
        <button type="button" className="action-button" data-testid="user-confirm-no" disabled={busy} onClick={onCancel}>
          {t('users.cancel')} <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
