import { useId, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Grant } from '../ui/grant';
import { ImportError } from './ImportError';
import type { ImportErrorState } from './use-file-import';

/**
 * What the readiness view's file imports share on screen: the heading and what the import is
 * for, the file chooser, the refusal in words, and — once a file is read — its preview with a
 * confirm and a cancel button. `testId` names them all (`<testId>-file`, `-error`, `-confirm`,
 * `-cancel`); the preview's own content and the outcome are the caller's.
 */
export function FileImportShell(p: {
  /** Names the test ids and the messages: `<testId>.title`, `.intro`, `.file` in the assets namespace. */
  testId: 'climate' | 'cycles';
  grant: Grant;
  busy: boolean;
  onFile(e: ChangeEvent<HTMLInputElement>): void;
  error: ImportErrorState | null;
  /** The read file's preview (null: none yet), its data attributes, and what its confirm button says. */
  preview: { body: ReactNode; data: Record<`data-${string}`, string | number>; confirm: string; onConfirm(): void; onCancel(): void } | null;
  children?: ReactNode;
}) {
  const { t } = useTranslation('assets');
  const id = useId();
  return (
    <section className="panel-section climate-import" data-testid={`${p.testId}-import`} aria-labelledby={`${id}-title`}>
      <h3 className="panel-section__title" id={`${id}-title`}>
        {t(`${p.testId}.title`)}
      </h3>
      <p className="muted">{t(`${p.testId}.intro`)}</p>
      <div className="stocktake__pick">
        <label htmlFor={`${id}-file`}>{t(`${p.testId}.file`)}</label>
        <input id={`${id}-file`} data-testid={`${p.testId}-file`} type="file" accept=".csv,.txt,text/csv,text/plain" disabled={!p.grant.ok || p.busy} title={p.grant.title} onChange={p.onFile} />
      </div>
      {p.error ? <ImportError error={p.error} testId={`${p.testId}-error`} /> : null}
      {p.preview ? (
        <div className="climate-import__preview" data-testid={`${p.testId}-preview`} {...p.preview.data}>
          {p.preview.body}
          <div className="button-row">
            <button type="button" className="action-button action-button--primary" data-testid={`${p.testId}-confirm`} disabled={!p.grant.ok || p.busy} title={p.grant.title} onClick={p.preview.onConfirm}>
              {p.preview.confirm}
            </button>
            <button type="button" className="action-button" data-testid={`${p.testId}-cancel`} disabled={p.busy} onClick={p.preview.onCancel}>
              {t('climate.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {p.children}
    </section>
  );
}
