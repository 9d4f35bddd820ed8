import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockLine } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { errorText } from '../format/error-text';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import { stockTarget, type PendingMarks } from '../ui/pending-marks';
import { MAX_REASON, validateStockAdjust, type StockAdjustError } from './stock-adjust';

type StockAdjustFormProps = {
  client: BoardClient;
  siteId: string;
  /** The site's lines as shown (pending bookings already laid over). */
  lines: readonly StockLine[];
  /** Targets with a command waiting for the central (pending-marks.ts). */
  pending: PendingMarks;
};

type Feedback = { kind: 'error'; text: string } | { kind: 'done'; text: string; itemId: string } | null;

/**
 * Mount it keyed by site: another site starts a fresh form rather than booking the last
 * site's item here.
 *
 * Book stock in (+) or out (−) at this site. Queued in the outbox like every officer
 * action, so it works with the link down; the row then shows the new figure with a
 * "pending upload" mark until the central accepts it.
 */
export function StockAdjustForm({ client, siteId, lines, pending }: StockAdjustFormProps) {
  const { t, i18n } = useTranslation('sites');
  const commandIds = useCommandIds();
  const language = currentLanguage(i18n);
  const [itemId, setItemId] = useState(() => lines[0]?.item.id ?? '');
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const may = useGrant()('stock.adjust');

  const line = lines.find((l) => l.item.id === itemId) ?? null;
  const name = (l: StockLine) => (language === 'en' ? l.item.nameEn : l.item.name);
  const unit = line ? (language === 'en' ? line.item.unitEn : line.item.unit) : '';
  const num = numberFormat(language);
  const errorMessage = (e: StockAdjustError) => {
    const params = 'max' in e ? { max: num.format(e.max) } : 'shown' in e ? { shown: `${num.format(e.shown)} ${unit}`.trim() } : {};
    return t(`stockAdjust.error.${e.key}`, params);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const checked = validateStockAdjust({ itemId, delta, reason }, line ? line.quantity : null);
    if (!checked.ok) {
      setFeedback({ kind: 'error', text: errorMessage(checked.error) });
      return;
    }
    setBusy(true);
    setFeedback(null);
    try {
      await sendCommand(client, commandIds, 'stock.adjust', { siteId, itemId: checked.itemId, delta: checked.delta, reason: checked.reason });
      const signed = `${checked.delta > 0 ? '+' : '−'}${num.format(Math.abs(checked.delta))} ${unit}`.trim();
      setFeedback({ kind: 'done', itemId: checked.itemId, text: t('stockAdjust.done', { item: line ? name(line) : checked.itemId, delta: signed }) });
      setDelta('');
    } catch (error) {
      setFeedback({ kind: 'error', text: t('stockAdjust.error.backend', { message: errorText(t, error) }) });
    } finally {
      setBusy(false);
    }
  };

  if (lines.length === 0) return null;
  // A role that may not book stock sees who may, not a form it cannot send.
  if (!may.ok)
    return (
      <div className="panel-section stock-adjust" data-testid="stock-adjust-denied">
        <h3 className="panel-section__title">{t('stockAdjust.title')}</h3>
        <div className="muted small">{may.title}</div>
      </div>
    );
  return (
    <form className="panel-section stock-adjust" onSubmit={(e) => void submit(e)} noValidate aria-label={t('stockAdjust.title')} data-testid="stock-adjust">
      <h3 className="panel-section__title">{t('stockAdjust.title')}</h3>
      <div className="form-grid">
        <label htmlFor="stock-adjust-item">{t('stockAdjust.item')}</label>
        <div className="form-grid__field">
          <select
            id="stock-adjust-item"
            data-testid="stock-adjust-item"
            value={itemId}
            onChange={(e) => {
              setItemId(e.target.value);
              setFeedback(null);
            }}
          >
            {lines.map((l) => (
              <option key={l.item.id} value={l.item.id}>
                {name(l)}
              </option>
            ))}
          </select>
          {line ? <span className="muted small">{t('stockAdjust.shown', { quantity: num.format(line.quantity), unit })}</span> : null}
        </div>
        <label htmlFor="stock-adjust-delta">{t('stockAdjust.delta')}</label>
        <div className="form-grid__field">
          <input
            id="stock-adjust-delta"
            data-testid="stock-adjust-delta"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder={t('stockAdjust.deltaPlaceholder')}
            value={delta}
            aria-invalid={feedback?.kind === 'error' ? true : undefined}
            onChange={(e) => {
              setDelta(e.target.value);
              setFeedback(null);
            }}
          />
          <span className="muted small">{t('stockAdjust.deltaHint')}</span>
        </div>
        <label htmlFor="stock-adjust-reason">{t('stockAdjust.reason')}</label>
        <div className="form-grid__field">
          <input
            id="stock-adjust-reason"
            data-testid="stock-adjust-reason"
            type="text"
            maxLength={MAX_REASON + 50}
            placeholder={t('stockAdjust.reasonPlaceholder')}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setFeedback(null);
            }}
          />
        </div>
      </div>
      <div className="button-row">
        <button type="submit" className="action-button action-button--primary" data-testid="stock-adjust-submit" disabled={busy}>
          {busy ? t('stockAdjust.submitting') : t('stockAdjust.submit')}
        </button>
        {/* Only while it waits: once accepted (or refused, then it is a conflict) the note would mislead. */}
        {feedback?.kind === 'done' && pending.has(stockTarget(siteId, feedback.itemId)) ? (
          <span className="ok small" role="status" data-testid="stock-adjust-done">
            {feedback.text}
          </span>
        ) : null}
      </div>
      {feedback?.kind === 'error' ? (
        <div className="inline-error" role="alert" data-testid="stock-adjust-error">
          {feedback.text}
        </div>
      ) : null}
    </form>
  );
}
