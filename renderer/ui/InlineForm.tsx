import type { ReactNode } from 'react';
import type { Grant } from './grant';

/**
 * A one-line form under a row or in a panel (保养登记's reading, 保养周期): its fields, the confirm
 * button (disabled while busy or without the grant, its tooltip saying who may), a cancel button,
 * and the refusal in words under it. Enter submits; the fields close on Esc themselves.
 */
export function InlineForm(p: {
  testId: string;
  onSubmit(): void;
  onClose(): void;
  busy: boolean;
  grant: Grant;
  confirm: { label: string; testId: string };
  cancel: string;
  error: { text: string; testId: string } | null;
  children: ReactNode;
}) {
  return (
    <form
      className="inline-form"
      data-testid={p.testId}
      onSubmit={(e) => {
        e.preventDefault();
        p.onSubmit();
      }}
    >
      {p.children}
      <button type="submit" className="action-button action-button--primary" data-testid={p.confirm.testId} disabled={p.busy || !p.grant.ok} title={p.grant.title}>
        {p.confirm.label}
      </button>
      <button type="button" className="action-button" onClick={p.onClose}>
        {p.cancel}
      </button>
      {p.error ? (
        <div className="inline-error" role="alert" data-testid={p.error.testId}>
          {p.error.text}
        </div>
      ) : null}
    </form>
  );
}
