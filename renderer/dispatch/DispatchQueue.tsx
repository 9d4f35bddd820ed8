import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Vehicle } from '../../shared/domain';
import { cssColor, VEHICLE_STATUS_COLORS } from '../../shared/palette';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { arrivalOf } from '../../shared/dispatch/arrival';
import { arrivalWords } from '../format/arrival';
import { formatClock, formatDuration } from '../format/duration';
import { errorText } from '../format/error-text';
import { joinList } from '../format/list';
import { numberFormat } from '../format/number';
import type { PlaceNamer } from '../format/place';
import { currentLanguage } from '../i18n';
import { useGrant } from '../ui/grant';
import type { PendingMarks } from '../ui/pending-marks';
import { PendingMark } from '../ui/PendingMark';
import { canCancelDispatch, canCancelRequest } from './cancel';
import { formatCountdown } from './margin';
import { dispatchTarget, queueCounts, type QueueRow } from './queue';

type DispatchQueueProps = {
  client: BoardClient;
  rows: readonly QueueRow[];
  /** Live predicted arrival by dispatch id (request.list `etas`). */
  etas: ReadonlyMap<string, number>;
  vehiclesById: ReadonlyMap<string, Vehicle>;
  itemName(itemId: string): string;
  /** A destination as the board's language names it (format/place.ts). */
  placeName: PlaceNamer;
  pending: PendingMarks;
  selectedId: string | null;
  onSelect(requestId: string | null): void;
  /** Plan and dispatch an open request. */
  onDispatch(requestId: string): void;
  /** Ask for the reason and confirmation of a cancel (never cancels by itself). */
  onCancelRequest(requestId: string): void;
  onCancelDispatch(dispatchId: string): void;
  /** Ask for the reason of a refusal of an order awaiting approval. */
  onRefuseDispatch(dispatchId: string): void;
  /** Ask for the reason to pass a request up to the city. */
  onEscalate(requestId: string): void;
  /** Orders awaiting approval this officer may decide (request.list `mayDecide`). */
  mayDecide: ReadonlySet<string>;
  /** This console may pass requests up (a console below the city). */
  mayEscalate: boolean;
  onError(text: string): void;
  collapsed: boolean;
  onToggleCollapsed(): void;
  now: number;
};

/**
 * The dispatch queue (调拨队列), docked under the map: every open and en-route request
 * with a live countdown coloured by its margin, its vehicles and their state, the pending
 * upload mark, delivery confirmation; below them the requests delivered today with their
 * real request-to-arrival time. ↑/↓ move between rows, Enter dispatches an open one.
 */
export function DispatchQueue(props: DispatchQueueProps) {
  const { rows, vehiclesById, pending, now } = props;
  const { t, i18n } = useTranslation('dispatch');
  const commandIds = useCommandIds();
  const language = currentLanguage(i18n);
  const num = numberFormat(language);
  const [confirming, setConfirming] = useState<ReadonlySet<string>>(new Set());
  const counts = queueCounts(rows);
  // One permission covers the queue's actions (dispatch, confirm, cancel): the role reads the queue either way.
  const may = useGrant()('dispatch.accept');
  const mayApprove = useGrant()('dispatch.approve');
  const [approving, setApproving] = useState<ReadonlySet<string>>(new Set());

  const approve = async (dispatchId: string) => {
    setApproving((s) => new Set(s).add(dispatchId));
    try {
      await sendCommand(props.client, commandIds, 'dispatch.approve', { dispatchId, note: '' });
    } catch (error) {
      props.onError(t('approval.approveFailed', { message: errorText(t, error) }));
    } finally {
      setApproving((s) => {
        const next = new Set(s);
        next.delete(dispatchId);
        return next;
      });
    }
  };

  const confirm = async (dispatchId: string) => {
    setConfirming((s) => new Set(s).add(dispatchId));
    try {
      await sendCommand(props.client, commandIds, 'dispatch.confirmDelivery', { dispatchId });
    } catch (error) {
      props.onError(t('dispatchQueue.confirmFailed', { message: errorText(t, error) }));
    } finally {
      setConfirming((s) => {
        const next = new Set(s);
        next.delete(dispatchId);
        return next;
      });
    }
  };

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, row: QueueRow) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const sibling = (e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling) as HTMLElement | null;
      sibling?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      props.onSelect(row.request.id);
      if (row.request.status === 'open' && may.ok) props.onDispatch(row.request.id);
    }
  };

  return (
    <section className={`dispatch-queue${props.collapsed ? ' dispatch-queue--collapsed' : ''}`} data-testid="dispatch-queue" aria-label={t('dispatchQueue.title')}>
      <header className="dispatch-queue__header">
        <h2 className="dispatch-queue__title">{t('dispatchQueue.title')}</h2>
        <span className="queue-count" data-testid="queue-open" data-count={counts.open}>
          {t('dispatchQueue.open')} <strong>{counts.open}</strong>
        </span>
        <span className="queue-count" data-count={counts.dispatched}>
          {t('dispatchQueue.enroute')} <strong>{counts.dispatched}</strong>
        </span>
        <span className="queue-count" data-count={counts.delivered}>
          {t('dispatchQueue.delivered')} <strong>{counts.delivered}</strong>
        </span>
        {counts.awaiting > 0 ? (
          <span className="queue-count queue-count--awaiting" data-testid="queue-awaiting" data-count={counts.awaiting}>
            {t('approval.awaitingCount')} <strong>{counts.awaiting}</strong>
          </span>
        ) : null}
        {counts.late > 0 ? (
          <span className="queue-count queue-count--late" data-count={counts.late}>
            {t('dispatchQueue.late')} <strong>{counts.late}</strong>
          </span>
        ) : null}
        <span className="spacer" />
        <span className="muted small">{t('dispatchQueue.hint')}</span>
        <button type="button" className="tool-button" data-testid="queue-toggle" aria-expanded={!props.collapsed} onClick={props.onToggleCollapsed}>
          {props.collapsed ? t('dispatchQueue.expand') : t('dispatchQueue.collapse')}
        </button>
      </header>
      {props.collapsed ? null : rows.length === 0 ? (
        <div className="panel-empty">{may.ok ? t('dispatchQueue.empty') : t('dispatchQueue.emptyReadOnly')}</div>
      ) : (
        <div className="dispatch-queue__body">
          <table className="grid-table queue-table">
            <thead>
              <tr>
                <th>{t('dispatchQueue.colPriority')}</th>
                <th>{t('dispatchQueue.colDestination')}</th>
                <th>{t('dispatchQueue.colItems')}</th>
                <th>{t('dispatchQueue.colStatus')}</th>
                <th className="num">{t('dispatchQueue.colCountdown')}</th>
                <th>{t('dispatchQueue.colVehicles')}</th>
                <th>{t('dispatchQueue.colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const r = row.request;
                const selected = r.id === props.selectedId;
                return (
                  <tr
                    key={r.id}
                    data-testid="request-row"
                    data-request-id={r.id}
                    data-status={r.status}
                    data-pending={row.pending ? 'true' : 'false'}
                    className={`queue-row queue-row--${r.status}${selected ? ' queue-row--selected' : ''}`}
                    tabIndex={0}
                    aria-selected={selected}
                    onClick={() => props.onSelect(selected ? null : r.id)}
                    onKeyDown={(e) => onRowKey(e, row)}
                  >
                    <td>
                      <span className={`priority-chip level--${r.priority}`}>
                        <span className="level-dot" aria-hidden="true" />
                        {t(`format:priority.${r.priority}`)}
                      </span>
                    </td>
                    <td className="queue-row__dest">
                      <div className="queue-row__label" title={props.placeName(r.destination.label)}>
                        {props.placeName(r.destination.label)}
                      </div>
                      <div className="muted small">
                        {formatClock(r.createdAt, language, now)}
                        {r.class && r.class !== 'emergency' ? <span data-testid="request-class"> · {t(`dispatchQueue.class.${r.class}`)}</span> : null}
                        {r.requester ? ` · ${r.requester}` : ''}
                      </div>
                      {r.escalation ? (
                        <div className="small warn" data-testid="request-escalated" data-reason={r.escalation.reason}>
                          {t('approval.escalated', { reason: t(`approval.escalation.${r.escalation.reason}`), time: formatClock(r.escalation.at, language, now) })}
                        </div>
                      ) : null}
                    </td>
                    <td className="queue-row__items" title={r.note || undefined}>
                      {joinList(t, r.items.map((i) => `${props.itemName(i.itemId)} ${num.format(i.quantity)}`))}
                    </td>
                    <td>
                      <span className={`request-status request-status--${r.status}`}>{t(`format:requestStatus.${r.status}`)}</span>
                      {row.pending ? <PendingMark state={row.pending} /> : null}
                    </td>
                    {row.countdown ? (
                      <td className={`num countdown level--${row.countdown.level}`} data-testid="request-countdown" data-level={row.countdown.level} data-remaining-s={Math.round(row.countdown.remainingS)}>
                        <strong className="countdown__clock">{formatCountdown(row.countdown.remainingS)}</strong>
                        {row.countdown.arrival ? (
                          <ArrivalNote words={arrivalWords(t, row.countdown.arrival, language, now)} />
                        ) : (
                          <div className="small countdown__note">{t('dispatchQueue.notDispatched')}</div>
                        )}
                      </td>
                    ) : (
                      <td className="num" data-testid="request-duration" data-duration-s={row.durationS === null ? '' : Math.round(row.durationS)}>
                        {row.durationS !== null ? <strong>{formatDuration(t, row.durationS * 1000)}</strong> : '—'}
                        <div className={`small ${row.onTime ? 'ok' : 'danger'}`}>
                          {r.deliveredAt !== null ? t(row.onTime ? 'dispatchQueue.onTime' : 'dispatchQueue.lateDelivered', { time: formatClock(r.deliveredAt, language, now) }) : ''}
                        </div>
                      </td>
                    )}
                    <td className="queue-row__vehicles">
                      {row.dispatches.length === 0 ? <span className="muted">—</span> : null}
                      {row.dispatches.map((d) => {
                        const v = vehiclesById.get(d.vehicleId);
                        if (d.status === 'awaiting_approval' && d.approval) {
                          const waited = Math.max(0, now - d.approval.requestedAt);
                          return (
                            <span key={d.id} className="vehicle-chip vehicle-chip--awaiting" data-testid="queue-approval" data-dispatch-id={d.id} data-level={d.approval.level} data-reasons={d.approval.reasons.join(' ')}>
                              <span className="warn" aria-hidden="true">
                                ‖
                              </span>
                              {v?.plate ?? d.vehicleId}
                              <span className="muted small">
                                {t(`approval.waitsFor.${d.approval.level}`)} · {joinList(t, d.approval.reasons.map((x) => t(`approval.reason.${x}`)), 'names')}
                              </span>
                              <strong className="small warn" data-testid="approval-waited" data-waited-s={Math.round(waited / 1000)}>
                                · {t('approval.waited', { time: formatCountdown(waited / 1000) })}
                              </strong>
                              {pending.has(dispatchTarget(d.id)) ? <PendingMark state={pending.get(dispatchTarget(d.id))} /> : null}
                            </span>
                          );
                        }
                        const status = d.status === 'delivered' ? 'delivered' : (v?.status ?? 'enroute');
                        const arrival = d.status === 'enroute' ? arrivalWords(t, arrivalOf(d, r.deadlineAt, now, props.etas.get(d.id)), language, now) : null;
                        return (
                          <span
                            key={d.id}
                            className="vehicle-chip"
                            data-testid="queue-vehicle"
                            data-vehicle-id={d.vehicleId}
                            data-status={status}
                            data-arrival={arrival?.state}
                            title={arrival ? arrival.when : undefined}
                          >
                            {status !== 'delivered' ? (
                              <span className="arrow-dot" style={{ color: cssColor(VEHICLE_STATUS_COLORS[v?.status ?? 'enroute']) }} aria-hidden="true">
                                ▲
                              </span>
                            ) : (
                              <span className="ok" aria-hidden="true">
                                ✓
                              </span>
                            )}
                            {v?.plate ?? d.vehicleId}
                            <span className="muted small">{status === 'delivered' ? t('dispatchQueue.dispatchDelivered') : t(`format:status.${status}`)}</span>
                            {d.status === 'enroute' && d.pickedUpAt !== null ? (
                              <span className="muted small" data-testid="picked-up">
                                · {t('dispatchQueue.pickedUp')}
                              </span>
                            ) : null}
                            {arrival?.flag ? (
                              <strong className={`small ${arrival.state === 'past_deadline' ? 'danger' : 'warn'}`} data-testid="queue-vehicle-late">
                                · {arrival.flag}
                              </strong>
                            ) : null}
                            {pending.has(dispatchTarget(d.id)) ? <PendingMark state={pending.get(dispatchTarget(d.id))} /> : null}
                          </span>
                        );
                      })}
                    </td>
                    <td className="queue-row__actions" onClick={(e) => e.stopPropagation()}>
                      {row.dispatches
                        .filter((d) => d.status === 'awaiting_approval' && props.mayDecide.has(d.id))
                        .flatMap((d) => [
                          <button
                            key={`approve-${d.id}`}
                            type="button"
                            className="action-button action-button--primary"
                            data-testid="dispatch-approve"
                            data-dispatch-id={d.id}
                            disabled={!mayApprove.ok || approving.has(d.id)}
                            title={mayApprove.title}
                            onClick={() => void approve(d.id)}
                          >
                            {t('approval.approve', { plate: vehiclesById.get(d.vehicleId)?.plate ?? d.vehicleId })}
                          </button>,
                          <button
                            key={`refuse-${d.id}`}
                            type="button"
                            className="action-button action-button--danger"
                            data-testid="dispatch-refuse"
                            data-dispatch-id={d.id}
                            disabled={!mayApprove.ok}
                            title={mayApprove.title}
                            onClick={() => props.onRefuseDispatch(d.id)}
                          >
                            {t('approval.refuse')}
                          </button>,
                        ])}
                      {r.status === 'open' && !row.dispatches.some((d) => d.status === 'awaiting_approval') ? (
                        <button type="button" className="action-button action-button--primary" data-testid="request-dispatch" disabled={!may.ok} title={may.title} onClick={() => props.onDispatch(r.id)}>
                          {t('dispatchQueue.dispatch')}
                        </button>
                      ) : null}
                      {props.mayEscalate && r.status === 'open' && !r.escalation && !row.dispatches.some((d) => d.status === 'awaiting_approval') ? (
                        <button type="button" className="action-button" data-testid="request-escalate" data-request-id={r.id} disabled={!may.ok} title={may.ok ? t('approval.escalateTitle') : may.title} onClick={() => props.onEscalate(r.id)}>
                          {t('approval.escalate')}
                        </button>
                      ) : null}
                      {row.dispatches
                        .filter((d) => d.status === 'enroute' && d.pickedUpAt === null)
                        .map((d) => (
                          <button
                            key={`pickup-${d.id}`}
                            type="button"
                            className="action-button"
                            data-testid="confirm-pickup"
                            data-dispatch-id={d.id}
                            disabled={!may.ok}
                            title={may.title}
                            onClick={() =>
                              void sendCommand(props.client, commandIds, 'dispatch.confirmPickup', { dispatchId: d.id }).catch((error: unknown) => props.onError(t('dispatchQueue.pickupFailed', { message: errorText(t, error) })))
                            }
                          >
                            {t('dispatchQueue.confirmPickup', { plate: vehiclesById.get(d.vehicleId)?.plate ?? d.vehicleId })}
                          </button>
                        ))}
                      {row.dispatches
                        .filter((d) => d.status === 'enroute')
                        .map((d) => (
                          <button
                            key={d.id}
                            type="button"
                            className="action-button"
                            data-testid="confirm-delivery"
                            data-dispatch-id={d.id}
                            disabled={!may.ok || confirming.has(d.id)}
                            title={may.title}
                            onClick={() => void confirm(d.id)}
                          >
                            {t('dispatchQueue.confirm', { plate: vehiclesById.get(d.vehicleId)?.plate ?? d.vehicleId })}
                          </button>
                        ))}
                      {row.dispatches.filter(canCancelDispatch).map((d, _, enroute) => (
                        <button
                          key={`cancel-${d.id}`}
                          type="button"
                          className="action-button action-button--danger"
                          data-testid="dispatch-cancel"
                          data-dispatch-id={d.id}
                          disabled={!may.ok}
                          title={may.title}
                          onClick={() => props.onCancelDispatch(d.id)}
                        >
                          {enroute.length > 1 ? t('cancel.dispatchVehicle', { plate: vehiclesById.get(d.vehicleId)?.plate ?? d.vehicleId }) : t('cancel.dispatch')}
                        </button>
                      ))}
                      {canCancelRequest(r) ? (
                        <button type="button" className="action-button action-button--danger" data-testid="request-cancel" data-request-id={r.id} disabled={!may.ok} title={may.title} onClick={() => props.onCancelRequest(r.id)}>
                          {t('cancel.request')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Under the countdown: late or past the deadline first, in words and colour, then when it is due. */
function ArrivalNote({ words }: { words: ReturnType<typeof arrivalWords> }) {
  return (
    <div className={`small countdown__note arrival--${words.state}`} data-testid="request-arrival" data-arrival={words.state}>
      {words.flag ? <strong className={words.state === 'past_deadline' ? 'danger' : 'warn'}>{words.flag}</strong> : null}
      {words.flag ? <span className="sep"> · </span> : null}
      {words.when}
      {words.spare && !words.flag ? <span className="sep"> · </span> : null}
      {words.spare && !words.flag ? words.spare : null}
    </div>
  );
}
