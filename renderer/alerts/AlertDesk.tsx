import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertView } from '../../shared/alerts/api';
import type { ItemType, Site } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { useSession } from '../api/session';
import { formatClock } from '../format/duration';
import { errorText } from '../format/error-text';
import { placeNamer } from '../format/place';
import { currentLanguage, type Language } from '../i18n';
import { DockPanel } from '../ui/DockPanel';
import { useGrant } from '../ui/grant';
import { PendingMark } from '../ui/PendingMark';
import {
  actorText,
  closeState,
  countdownText,
  escalationTargets,
  filterAlerts,
  ownerText,
  respondState,
  sortAlerts,
  subjectText,
  targetText,
  type DeadlineState,
  type DeskFilter,
  type PersonNamer,
} from './alert-desk';
import { useAlerts, type AlertList } from './use-alerts';

type DeskProps = {
  client: BoardClient;
  sites: readonly Site[];
  items: readonly ItemType[];
  /** The shell's one-second clock: every countdown ticks from it. */
  now: number;
  onClose(): void;
};

/**
 * 预警台: every alert on file (and what only this console sees yet), worst first, with its
 * owner, its deadlines counting down, what was done to it; acknowledge, escalate and close
 * from the row, keyboard first (Tab through, Enter sends, Esc folds a form).
 */
export function AlertDesk(props: DeskProps) {
  const { list, refresh } = useAlerts(props.client);
  return <AlertDeskView {...props} list={list} onActed={refresh} />;
}

/** The desk for a given reading of alert.list (null: not read yet); `onActed` reads it again after an act. */
export function AlertDeskView({ client, sites, items, now, onClose, list, onActed }: DeskProps & { list: AlertList | null; onActed(): void }) {
  const { t, i18n } = useTranslation('alerts');
  const language = currentLanguage(i18n);
  const subjectName = useMemo(() => {
    const placeName = placeNamer(t, language, sites);
    return (a: AlertView) => subjectText(a, language, { sites, items, placeName });
  }, [t, language, sites, items]);
  const { status } = useSession();
  const me = status.session;
  // Display names as the board knows the accounts (alert.list names everyone it mentions).
  const people = list?.people;
  const name: PersonNamer = useMemo(() => (u) => people?.[u] ?? (me && u === me.username ? me.displayName : u), [me, people]);
  const [filter, setFilter] = useState<DeskFilter>('open');
  const rows = useMemo(() => sortAlerts(filterAlerts(list?.alerts ?? [], filter)), [list, filter]);

  return (
    <DockPanel testId="alert-panel" title={t('alerts.title')} onClose={onClose}>
      <div className="alert-desk">
        <div className="alert-desk__filter" role="radiogroup" aria-label={t('alerts.filter.label')}>
          {(['open', 'all'] as const).map((f) => (
            <label key={f} className={`alert-filter${filter === f ? ' alert-filter--on' : ''}`}>
              <input type="radio" name="alert-filter" value={f} checked={filter === f} data-testid={`alert-filter-${f}`} onChange={() => setFilter(f)} />
              {t(`alerts.filter.${f}`)}
            </label>
          ))}
        </div>
        {list && rows.length === 0 ? <div className="panel-note muted">{t(filter === 'open' ? 'alerts.noneOpen' : 'alerts.none')}</div> : null}
        <ul className="alert-list">
          {rows.map((a) => (
            <AlertRow key={a.id} client={client} alert={a} now={now} language={language} subjectName={subjectName} name={name} onDuty={list?.onDuty ?? null} departments={list?.departments ?? []} onDone={onActed} />
          ))}
        </ul>
        <div className="panel-note muted">{t('alerts.hint')}</div>
      </div>
    </DockPanel>
  );
}

type RowProps = {
  client: BoardClient;
  alert: AlertView;
  now: number;
  language: Language;
  subjectName(a: AlertView): string;
  name: PersonNamer;
  onDuty: string | null;
  departments: readonly string[];
  onDone(): void;
};

type Form = 'escalate' | 'close' | null;

function AlertRow({ client, alert: a, now, language, subjectName, name, onDuty, departments, onDone }: RowProps) {
  const { t } = useTranslation('alerts');
  const grant = useGrant();
  const mayAck = grant('alert.acknowledge');
  const mayEscalate = grant('alert.escalate');
  const mayClose = grant('alert.close');
  const commandIds = useCommandIds();
  const [form, setForm] = useState<Form>(null);
  const [targets, setTargets] = useState<readonly string[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const escalateButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const time = (at: number) => formatClock(at, language, now);
  const isClosed = a.state === 'closed';
  // An opened form is seen whole, its buttons too, however far down the desk its row is.
  useEffect(() => {
    if (form) formRef.current?.scrollIntoView({ block: 'nearest' });
  }, [form]);

  const open = (which: Form) => {
    setForm((f) => (f === which ? null : which));
    setTargets([]);
    setNote('');
    setError(null);
  };
  const fold = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    // The form folds; the desk behind it stays open (App closes the dock on the next Esc).
    e.stopPropagation();
    const back = form === 'escalate' ? escalateButton.current : closeButton.current;
    setForm(null);
    back?.focus();
  };
  const run = async (act: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await act();
      setForm(null);
      onDone();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const acknowledge = () => run(() => sendCommand(client, commandIds, 'alert.acknowledge', { alertId: a.id }));
  const escalate = () => run(() => sendCommand(client, commandIds, 'alert.escalate', { alertId: a.id, to: [...targets], note: note.trim() }));
  const close = () => run(() => sendCommand(client, commandIds, 'alert.close', { alertId: a.id, note: note.trim() }));
  const canEscalate = targets.length > 0 && !busy && mayEscalate.ok;
  const canClose = note.trim() !== '' && !busy && mayClose.ok;

  return (
    <li className={`alert-item alert-item--${a.level} level--${a.level}`} data-testid="alert-item" data-alert-id={a.id} data-level={a.level} data-state={a.state} data-provisional={a.provisional ? 'true' : 'false'}>
      <div className="alert-item__head">
        <span className="alert-level" data-testid="alert-level">
          <span className="level-dot" aria-hidden="true" />
          {t(`alerts.level.${a.level}`)}
        </span>
        <strong className="alert-item__kind">{t(`alerts.kind.${a.kind}`)}</strong>
        <span className={`tag alert-state alert-state--${a.state}`} data-testid="alert-state">
          {t(`alerts.state.${a.state}`)}
        </span>
        {a.provisional ? (
          <span className="tag alert-provisional" data-testid="alert-provisional" title={t('alerts.provisionalTitle')}>
            {t('alerts.provisional')}
          </span>
        ) : null}
        {a.pending ? <PendingMark /> : null}
      </div>
      {a.label ? (
        <div className="alert-item__place" data-testid="alert-place">
          {subjectName(a)}
        </div>
      ) : null}
      <div className="alert-item__facts">
        <span className="alert-fact__label">{t('alerts.owner.label')}</span>
        <span data-testid="alert-owner">{ownerText(t, a.owner, onDuty, name)}</span>
        <Deadline label={t('alerts.respond')} testId="alert-respond" state={respondState(a, now)} overdueAt={a.overdue.respond} mark={t('alerts.overdue.respondMark')} time={time} />
        <Deadline label={t('alerts.close')} testId="alert-close-by" state={closeState(a, now)} overdueAt={a.overdue.close} mark={t('alerts.overdue.closeMark')} time={time} />
      </div>
      {a.request ? (
        <div className="small muted" data-testid="alert-request">
          {t('alerts.request', { deadline: time(a.request.deadlineAt) })}
          {a.request.predictedArrivalAt !== null ? (
            <span className={a.request.predictedArrivalAt > a.request.deadlineAt ? 'danger' : undefined}> · {t('alerts.predicted', { time: time(a.request.predictedArrivalAt) })}</span>
          ) : null}
        </div>
      ) : null}
      {a.acknowledged ? <div className="small muted">{t('alerts.acknowledgedBy', { by: actorText(t, a.acknowledged.by, name), time: time(a.acknowledged.at) })}</div> : null}
      {a.escalations.length > 0 ? (
        <ol className="alert-escalations" aria-label={t('alerts.escalations')} data-testid="alert-escalations">
          {a.escalations.map((e, i) => (
            <li key={i} data-testid="alert-escalation" data-reason={e.reason}>
              {t('alerts.escalation', { time: time(e.at), by: actorText(t, e.by, name), to: targetText(t, e.to) })}
              <span className={`alert-reason alert-reason--${e.reason}`}> · {t(`alerts.reason.${e.reason}`)}</span>
              {e.note ? <span className="alert-escalation__note">：{e.note}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
      {a.closed ? (
        <div className="small muted alert-item__closed" data-testid="alert-closed">
          {t('alerts.closedBy', { by: actorText(t, a.closed.by, name), time: time(a.closed.at), note: a.closed.note })}
        </div>
      ) : null}
      {!isClosed ? (
        <div className="button-row alert-item__actions">
          {a.state === 'open' ? (
            <button type="button" className="action-button action-button--primary" data-testid="alert-ack" disabled={busy || !mayAck.ok} title={mayAck.title} onClick={() => void acknowledge()}>
              {t('alerts.acknowledge')}
            </button>
          ) : null}
          <button ref={escalateButton} type="button" className="action-button action-button--warn" data-testid="alert-escalate" aria-expanded={form === 'escalate'} disabled={busy || !mayEscalate.ok} title={mayEscalate.title} onClick={() => open('escalate')}>
            {t('alerts.escalate')}
          </button>
          <button ref={closeButton} type="button" className="action-button" data-testid="alert-close" aria-expanded={form === 'close'} disabled={busy || !mayClose.ok} title={mayClose.title} onClick={() => open('close')}>
            {t('alerts.closeAction')}
          </button>
        </div>
      ) : null}
      {form === 'escalate' && !isClosed ? (
        <InlineForm
          formRef={formRef}
          testId="alert-escalate"
          submit={t('alerts.submitEscalate')}
          enabled={canEscalate}
          why={mayEscalate.title ?? (targets.length ? undefined : t('alerts.targetRequired'))}
          onSend={() => void escalate()}
          onKeyDown={fold}
          onCancel={() => setForm(null)}
        >
          <fieldset className="alert-form__targets">
            <legend>{t('alerts.target.legend')}</legend>
            {escalationTargets(departments).map((to, i) => (
              <label key={to} className="alert-target">
                <input
                  type="checkbox"
                  value={to}
                  data-testid="alert-target"
                  data-target={to}
                  autoFocus={i === 0}
                  checked={targets.includes(to)}
                  onChange={(e) => setTargets((was) => (e.target.checked ? [...was, to] : was.filter((x) => x !== to)))}
                />
                {targetText(t, [to])}
              </label>
            ))}
          </fieldset>
          <input className="alert-form__note" aria-label={t('alerts.note')} data-testid="alert-escalate-note" value={note} maxLength={500} placeholder={t('alerts.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
        </InlineForm>
      ) : null}
      {form === 'close' && !isClosed ? (
        <InlineForm
          formRef={formRef}
          testId="alert-close"
          submit={t('alerts.submitClose')}
          enabled={canClose}
          why={mayClose.title ?? (note.trim() ? undefined : t('alerts.closeNoteRequired'))}
          onSend={() => void close()}
          onKeyDown={fold}
          onCancel={() => setForm(null)}
        >
          <textarea
            className="alert-form__note"
            aria-label={t('alerts.closeNote')}
            data-testid="alert-close-note"
            autoFocus
            rows={2}
            value={note}
            maxLength={1000}
            required
            placeholder={t('alerts.closeNotePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                if (canClose) void close();
              }
            }}
          />
        </InlineForm>
      ) : null}
      {error ? (
        <div className="inline-error" role="alert" data-testid="alert-error">
          {error}
        </div>
      ) : null}
    </li>
  );
}

type InlineFormProps = {
  formRef: RefObject<HTMLFormElement | null>;
  /** `<testId>-form`, `<testId>-submit`. */
  testId: string;
  submit: ReactNode;
  /** Whether sending is possible now; `why` says why not (who may, or what is missing). */
  enabled: boolean;
  why: string | undefined;
  onSend(): void;
  onKeyDown(e: KeyboardEvent): void;
  onCancel(): void;
  children: ReactNode;
};

/** A row's inline form (escalate, close): Enter sends it while it may be sent; the reason it may not is said beside the button. */
function InlineForm({ formRef, testId, submit, enabled, why, onSend, onKeyDown, onCancel, children }: InlineFormProps) {
  const { t } = useTranslation('alerts');
  return (
    <form
      ref={formRef}
      className="alert-form"
      data-testid={`${testId}-form`}
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        if (enabled) onSend();
      }}
    >
      {children}
      <div className="button-row alert-form__buttons">
        <button type="submit" className="action-button action-button--primary" data-testid={`${testId}-submit`} disabled={!enabled} title={why}>
          {submit}
        </button>
        <button type="button" className="action-button" onClick={onCancel}>
          {t('alerts.cancel')}
        </button>
        {!enabled && why ? <span className="small muted">{why}</span> : null}
      </div>
    </form>
  );
}

/** One deadline: when, and the countdown (red past it) or when it was met; the overdue mark on file. */
function Deadline({ label, testId, state, overdueAt, mark, time }: { label: string; testId: string; state: DeadlineState; overdueAt: number | null; mark: string; time(at: number): string }) {
  const { t } = useTranslation('alerts');
  const over = state.kind === 'over';
  return (
    <>
      <span className="alert-fact__label">{label}</span>
      <span className="alert-deadline" data-testid={testId} data-state={state.kind} data-overdue={overdueAt !== null ? 'true' : 'false'}>
        {state.kind === 'none' ? (
          <span className="muted">{t('alerts.noLimit')}</span>
        ) : (
          <>
            <span className="alert-deadline__at">{time(state.deadline)}</span>
            {state.kind === 'met' ? (
              <span className={state.late ? 'danger' : 'muted'}>{t(state.late ? 'alerts.metLate' : 'alerts.met', { time: time(state.at) })}</span>
            ) : (
              <span className={`alert-countdown${over ? ' alert-countdown--over' : ''}`} data-testid={`${testId}-countdown`}>
                {countdownText(t, state)}
              </span>
            )}
          </>
        )}
        {overdueAt !== null ? (
          <strong className="badge alert-overdue" data-testid={`${testId}-overdue`} title={t('alerts.overdue.markTitle', { time: time(overdueAt) })}>
            {mark}
          </strong>
        ) : null}
      </span>
    </>
  );
}
