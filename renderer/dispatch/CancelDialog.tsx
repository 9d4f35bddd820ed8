import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispatchOrder, SupplyRequest, Vehicle } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { errorText } from '../format/error-text';
import { joinList } from '../format/list';
import { numberFormat } from '../format/number';
import { currentLanguage } from '../i18n';
import { ESCALATION_REASONS, type RequestEscalation } from '../../shared/dispatch/schema';
import { checkCancelReason, MAX_CANCEL_REASON, type CancelIntent } from './cancel';

/** Which texts the dialog speaks with, by what it does. */
const TEXTS: Record<CancelIntent['kind'], 'cancel' | 'refuseDialog' | 'escalateDialog'> = { request: 'cancel', dispatch: 'cancel', refuse: 'refuseDialog', escalate: 'escalateDialog' };

type CancelDialogProps = {
  client: BoardClient;
  intent: CancelIntent;
  requestById: ReadonlyMap<string, SupplyRequest>;
  dispatchById: ReadonlyMap<string, DispatchOrder>;
  vehiclesById: ReadonlyMap<string, Vehicle>;
  itemName(itemId: string): string;
  placeName(label: string): string;
  /** The backend queued the cancel. */
  onSent(intent: CancelIntent): void;
  onClose(): void;
};

/**
 * Cancelling a request or a dispatch order, confirmed with a reason: never one keystroke.
 * The reason field takes the focus; Enter confirms, Esc backs out (and nothing else closes
 * with it). Queued like every officer action, so it works with the link down.
 */
export function CancelDialog({ client, intent, requestById, dispatchById, vehiclesById, itemName, placeName, onSent, onClose }: CancelDialogProps) {
  const { t, i18n } = useTranslation('dispatch');
  const num = numberFormat(currentLanguage(i18n));
  const commandIds = useCommandIds();
  const [reason, setReason] = useState('');
  const [escalation, setEscalation] = useState<RequestEscalation['reason']>('no_plan_in_time');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  // Focus the reason; give the focus back to what opened the dialog when it closes.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    inputRef.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const dispatch = intent.kind === 'dispatch' || intent.kind === 'refuse' ? dispatchById.get(intent.dispatchId) : undefined;
  const request = requestById.get(intent.kind === 'request' || intent.kind === 'escalate' ? intent.requestId : (dispatch?.requestId ?? ''));
  // Passing a request up needs a reason chosen, not typed: the note is optional there.
  const noteOptional = intent.kind === 'escalate';
  const plate = dispatch ? (vehiclesById.get(dispatch.vehicleId)?.plate ?? dispatch.vehicleId) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const checked = noteOptional && reason.trim() === '' ? ({ ok: true, reason: '' } as const) : checkCancelReason(reason);
    if (!checked.ok) {
      setError(checked.key === 'noReason' ? t(`${TEXTS[intent.kind]}.noReason`) : t('cancel.reasonTooLong', { max: checked.max }));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (intent.kind === 'request') await sendCommand(client, commandIds, 'request.cancel', { requestId: intent.requestId, reason: checked.reason });
      else if (intent.kind === 'dispatch') await sendCommand(client, commandIds, 'dispatch.cancel', { dispatchId: intent.dispatchId, reason: checked.reason });
      else if (intent.kind === 'refuse') await sendCommand(client, commandIds, 'dispatch.refuse', { dispatchId: intent.dispatchId, note: checked.reason });
      else await sendCommand(client, commandIds, 'request.escalate', { requestId: intent.requestId, reason: escalation, note: checked.reason });
      onSent(intent);
      onClose();
    } catch (err) {
      setError(t(`${TEXTS[intent.kind]}.failed`, { message: errorText(t, err, { item: itemName, number: (n) => num.format(n) }) }));
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    // Backs out of the dialog only; the panels behind it stay open.
    e.preventDefault();
    e.stopPropagation();
    onClose();
  };

  const title = intent.kind === 'request' ? t('cancel.requestTitle') : intent.kind === 'dispatch' ? t('cancel.dispatchTitle') : t(`${TEXTS[intent.kind]}.title`);
  const effect = intent.kind === 'request' ? t('cancel.requestEffect') : intent.kind === 'dispatch' ? t('cancel.dispatchEffect') : t(`${TEXTS[intent.kind]}.effect`);
  const texts = TEXTS[intent.kind];
  return (
    <div className="cancel-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <form className="cancel-dialog" role="dialog" aria-modal="true" aria-label={title} data-testid="cancel-dialog" data-kind={intent.kind} noValidate onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown}>
        <h2 className="cancel-dialog__title">{title}</h2>
        <div className="cancel-dialog__what">
          {plate ? <strong>{plate}</strong> : null}
          {plate && request ? ' · ' : null}
          {request ? <strong>{placeName(request.destination.label)}</strong> : <span className="mono">{intent.kind === 'request' || intent.kind === 'escalate' ? intent.requestId : intent.dispatchId}</span>}
          {request ? (
            <div className="muted small">
              {joinList(t, (dispatch ? dispatch.pickups : request.items).map((i) => `${itemName(i.itemId)} ${num.format(i.quantity)}`))}
              {request.requester ? ` · ${request.requester}` : ''}
            </div>
          ) : null}
        </div>
        <div className="panel-note warn">{effect}</div>
        {intent.kind === 'escalate' ? (
          <>
            <label className="cancel-dialog__label" htmlFor="escalate-reason">
              {t('escalateDialog.why')}
            </label>
            <select id="escalate-reason" data-testid="escalate-reason" value={escalation} onChange={(e) => setEscalation(e.target.value as RequestEscalation['reason'])}>
              {ESCALATION_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`approval.escalation.${r}`)}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <label className="cancel-dialog__label" htmlFor="cancel-reason">
          {t(`${texts}.reason`)}
        </label>
        <input
          id="cancel-reason"
          ref={inputRef}
          className="cancel-dialog__reason"
          data-testid="cancel-reason"
          type="text"
          autoComplete="off"
          maxLength={MAX_CANCEL_REASON + 50}
          placeholder={t(`${texts}.reasonPlaceholder`)}
          aria-invalid={error ? true : undefined}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setError(null);
          }}
        />
        {error ? (
          <div className="inline-error" role="alert" data-testid="cancel-error">
            {error}
          </div>
        ) : null}
        <div className="button-row">
          <button type="submit" className={`action-button ${intent.kind === 'escalate' ? 'action-button--primary' : 'action-button--danger'}`} data-testid="cancel-confirm" disabled={busy}>
            {t(`${texts}.confirm`)} <kbd>Enter</kbd>
          </button>
          <button type="button" className="action-button" onClick={onClose} disabled={busy}>
            {t('cancel.back')} <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
