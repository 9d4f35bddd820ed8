import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodResult } from '../../shared/board-api';
import { readDraftText } from '../../shared/duty/handover';
import { unitOfHandover, type Handover } from '../../shared/duty/schema';
import { addLocalDays, epochToZoned, zonedToEpoch } from '../../shared/duty/zoned-time';
import type { BoardClient } from '../api/board-client';
import { sendCommand, useCommandIds } from '../api/commands';
import { useSession } from '../api/session';
import { errorText } from '../format/error-text';
import { currentLanguage } from '../i18n';
import { DockPanel } from '../ui/DockPanel';
import { useGrant } from '../ui/grant';
import { printHandover, type HandoverUnitNames } from './print';

type Draft = MethodResult<'handover.draft'>;

type HandoverPanelProps = {
  client: BoardClient;
  /** The board's data epoch: a pull or a queued command re-reads the draft. */
  epoch: number;
  onClose(): void;
};

/** "2026-12-03 20:00" in the duty settings' zone (the draft's own wall clock). */
const wallClock = (at: number, timeZone: string): string => {
  const z = epochToZoned(at, timeZone);
  return `${z.date} ${z.time}`;
};

/** A span within one day reads "2026-12-03 08:00–20:00"; across midnight both dates are written. */
function shiftSpan(start: number, end: number, timeZone: string): string {
  const a = epochToZoned(start, timeZone);
  const b = epochToZoned(end, timeZone);
  return a.date === b.date ? `${a.date} ${a.time}–${b.time}` : `${a.date} ${a.time} – ${b.date} ${b.time}`;
}

/** The first characters of a content hash: enough to compare a printout with the screen. */
export const shortHash = (hash: string): string => hash.slice(0, 12);

/**
 * 交接班: the shift's handover. The board drafts it from the shift's records; the outgoing
 * officer reads it, adds notes and signs the text exactly as shown (its hash seals draft and
 * notes); the incoming officer — another person — reads the signed text and signs as taken
 * over, naming that hash. ‹ › step through the shifts; signed handovers are searched below
 * and print as the A4 record (print.ts).
 */
export function HandoverPanel({ client, epoch, onClose }: HandoverPanelProps) {
  const { t, i18n } = useTranslation('duty');
  const lang = currentLanguage(i18n);
  const me = useSession().status.session?.username ?? null;
  const [shiftId, setShiftId] = useState<string | undefined>(undefined);
  const [data, setData] = useState<Draft | null>(null);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    Promise.all([client.call('handover.draft', { shiftId, lang }), client.call('duty.settings', {})]).then(
      ([draft, settings]) => {
        if (!live) return;
        setData(draft);
        setTimeZone(settings.config.timeZone);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [client, shiftId, lang, epoch, reload, t]);

  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const shift = data?.shift;
  // What waits to be taken over: another officer's handover (the backend leaves one's own out),
  // else this shift's own record while nobody has taken it over (its officer sees who may instead).
  const incoming = data?.toTakeOver ?? (data?.record && !data.record.incoming ? data.record : null);
  return (
    <DockPanel testId="handover-panel" title={t('panel.title')} onClose={onClose}>
      {error ? (
        <div className="inline-error" role="alert">
          {error}
        </div>
      ) : null}
      {data && shift ? (
        <>
          <div className="handover-shift" data-testid="handover-shift" data-shift-id={shift.id}>
            <button type="button" className="icon-button" data-testid="handover-prev" aria-label={t('panel.previous')} title={t('panel.previous')} onClick={() => setShiftId(data.previous.id)}>
              ‹
            </button>
            <div className="handover-shift__what">
              <strong>
                {shift.name} · {shift.team}
              </strong>
              <span className="small muted">
                {shiftSpan(shift.start, shift.end, zone)} ({zone})
              </span>
            </div>
            <button type="button" className="icon-button" data-testid="handover-next" aria-label={t('panel.next')} title={t('panel.next')} onClick={() => setShiftId(data.next.id)}>
              ›
            </button>
          </div>
          {shiftId !== undefined ? (
            <button type="button" className="link-button handover-now" data-testid="handover-now" onClick={() => setShiftId(undefined)}>
              {t('panel.now')}
            </button>
          ) : null}

          {incoming && incoming.id !== shift.id ? <TakeOver client={client} record={incoming} me={me} timeZone={zone} units={data.units ?? {}} onDone={() => setReload((n) => n + 1)} /> : null}

          {data.record ? (
            <RecordView record={data.record} timeZone={zone} units={data.units ?? {}} testId="handover-record" />
          ) : (
            <SignOut key={shift.id} client={client} data={data} onSigned={() => setReload((n) => n + 1)} />
          )}
          {incoming && incoming.id === shift.id ? <TakeOver client={client} record={incoming} me={me} timeZone={zone} units={data.units ?? {}} onDone={() => setReload((n) => n + 1)} inline /> : null}
        </>
      ) : null}
      <History client={client} timeZone={zone} epoch={epoch} />
    </DockPanel>
  );
}

/** The draft's sections as the officer reads them, and the notes and signature of the outgoing officer. */
export function SignOut({ client, data, onSigned }: { client: BoardClient; data: Draft; onSigned(): void }) {
  const { t } = useTranslation('duty');
  const grant = useGrant()('handover.sign');
  const commandIds = useCommandIds();
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { draft } = data;
  const header = readDraftText(draft.text).header;

  // What the officer signs is the text on the screen now: the draft in this render, not one re-read later.
  const sign = async () => {
    setBusy(true);
    setError(null);
    try {
      await sendCommand(client, commandIds, 'handover.sign', { shiftId: data.shift.id, draft: draft.text, notes });
      onSigned();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel-section" aria-label={t('panel.draft')} data-testid="handover-draft">
      <h3 className="panel-section__title">{t('panel.draft')}</h3>
      <p className="small muted handover-header">{header}</p>
      <Sections sections={draft.sections} />
      <label className="handover-notes">
        <span className="small muted">{t('handover.notes')}</span>
        <textarea data-testid="handover-notes" rows={3} maxLength={5000} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      {error ? (
        <div className="inline-error" role="alert" data-testid="handover-error">
          {error}
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="action-button action-button--primary" data-testid="handover-sign" disabled={busy || !grant.ok} title={grant.title} onClick={() => void sign()}>
          {t('panel.sign')}
        </button>
      </div>
    </section>
  );
}

/** The draft's sections as blocks: a title, its lines (a signed record's are read back from its text, without keys). */
function Sections({ sections }: { sections: readonly { key?: string; title: string; lines: readonly string[] }[] }) {
  return sections.map((s, i) => (
    <div className="handover-block" key={i} data-section={s.key}>
      <h4>{s.title}</h4>
      <ul>
        {s.lines.map((line, j) => (
          <li key={j}>{line}</li>
        ))}
      </ul>
    </div>
  ));
}

/** A signed handover, read-only: its text as signed, the notes, the signatures and the hash; printable. */
export function RecordView({ record, timeZone, units, testId }: { record: Handover; timeZone: string; units: HandoverUnitNames; testId: string }) {
  const { t, i18n } = useTranslation('duty');
  const text = readDraftText(record.draft);
  const [printing, setPrinting] = useState(false);
  const print = async () => {
    setPrinting(true);
    try {
      await printHandover(record, { i18n, timeZone, units });
    } finally {
      setPrinting(false);
    }
  };
  return (
    <section className="panel-section handover-record" aria-label={t('handover.title')} data-testid={testId} data-handover-id={record.id} data-taken-over={record.incoming ? 'true' : 'false'}>
      <h3 className="panel-section__title">
        {t('handover.title')} · {record.shiftName} · {record.team}
      </h3>
      <p className="small muted handover-header">{text.header}</p>
      <Sections sections={text.sections} />
      <div className="handover-block">
        <h4>{t('handover.notes')}</h4>
        <p className="handover-notes--read" data-testid="handover-record-notes">
          {record.notes.trim() ? record.notes : t('handover.noNotes')}
        </p>
      </div>
      <dl className="facts facts--compact handover-signatures">
        <dt>{t('handover.outgoing')}</dt>
        <dd data-testid="handover-record-outgoing">
          {record.outgoing.displayName} · {wallClock(record.outgoing.at, timeZone)}
        </dd>
        <dt>{t('handover.incoming')}</dt>
        <dd data-testid="handover-record-incoming">{record.incoming ? `${record.incoming.displayName} · ${wallClock(record.incoming.at, timeZone)}` : t('handover.notTakenOver')}</dd>
        <dt>{t('panel.hash')}</dt>
        <dd className="mono" title={record.contentHash} data-testid="handover-record-hash">
          {shortHash(record.contentHash)}
        </dd>
      </dl>
      <div className="button-row">
        <button type="button" className="action-button" data-testid="handover-print" disabled={printing} onClick={() => void print()}>
          {t('panel.print')}
        </button>
      </div>
    </section>
  );
}

/**
 * 接班: the signed handover waiting to be taken over. Its outgoing officer never takes it over
 * (the central refuses that too: same_person); they see who may instead of a button.
 */
export function TakeOver({ client, record, me, timeZone, units, onDone, inline = false }: { client: BoardClient; record: Handover; me: string | null; timeZone: string; units: HandoverUnitNames; onDone(): void; inline?: boolean }) {
  const { t } = useTranslation('duty');
  const grant = useGrant()('handover.takeOver');
  const commandIds = useCommandIds();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = me !== null && record.outgoing.username === me;
  const take = async () => {
    setBusy(true);
    setError(null);
    try {
      await sendCommand(client, commandIds, 'handover.takeOver', { handoverId: record.id, contentHash: record.contentHash });
      onDone();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  if (own) {
    return (
      <p className="panel-note muted" data-testid="handover-own">
        {t('panel.ownHandover', { shift: record.shiftName, reason: t('errors:code.same_person') })}
      </p>
    );
  }
  return (
    <section className="panel-section handover-takeover" aria-label={t('panel.takeOverTitle')} data-testid="handover-takeover" data-handover-id={record.id}>
      <h3 className="panel-section__title">{t('panel.takeOverTitle')}</h3>
      <p className="small">{t('panel.takeOverFrom', { name: record.outgoing.displayName, shift: record.shiftName, team: record.team, span: shiftSpan(record.shiftStart, record.shiftEnd, timeZone) })}</p>
      {inline ? null : <RecordView record={record} timeZone={timeZone} units={units} testId="handover-incoming-record" />}
      {error ? (
        <div className="inline-error" role="alert" data-testid="handover-takeover-error">
          {error}
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="action-button action-button--primary" data-testid="handover-takeover-sign" disabled={busy || !grant.ok} title={grant.title} onClick={() => void take()}>
          {t('panel.takeOver')}
        </button>
        <span className="small muted">{t('panel.takeOverHash', { hash: shortHash(record.contentHash) })}</span>
      </div>
    </section>
  );
}

type UnitNames = HandoverUnitNames;

/** A handover as the list names it: its shift and team, and — for a unit below the city (a county lists its stations') — whose shift it was. */
export function handoverLabel(h: Pick<Handover, 'id' | 'shiftName' | 'team' | 'shiftStart' | 'shiftEnd'>, units: UnitNames, language: string, timeZone: string): string {
  const unitId = unitOfHandover(h.id);
  const unit = unitId === null ? undefined : units[unitId];
  const unitText = unit ? (language === 'en' ? unit.nameEn : unit.name) : unitId;
  return [h.shiftName, h.team, ...(unitText ? [unitText] : []), shiftSpan(h.shiftStart, h.shiftEnd, timeZone)].join(' · ');
}

/** Signed handovers on file, newest first: by date range (the duty settings' days), officer and words. */
function History({ client, timeZone, epoch }: { client: BoardClient; timeZone: string; epoch: number }) {
  const { t, i18n } = useTranslation('duty');
  const language = currentLanguage(i18n);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [officer, setOfficer] = useState('');
  const [text, setText] = useState('');
  const [query, setQuery] = useState<{ from?: number; to?: number; officer?: string; text?: string }>({});
  const [list, setList] = useState<readonly Handover[] | null>(null);
  const [units, setUnits] = useState<UnitNames>({});
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.call('handover.list', { ...query, limit: 50 }).then(
      (r) => {
        if (!live) return;
        setList(r.handovers);
        setUnits(r.units ?? {});
        setError(null);
      },
      (e: unknown) => live && setError(errorText(t, e)),
    );
    return () => {
      live = false;
    };
  }, [client, query, epoch, t]);

  const dayStart = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? zonedToEpoch(d, '00:00', timeZone) : undefined);
  const search = () =>
    setQuery({
      from: dayStart(from),
      to: /^\d{4}-\d{2}-\d{2}$/.test(to) ? zonedToEpoch(addLocalDays(to, 1), '00:00', timeZone) : undefined,
      officer: officer.trim() || undefined,
      text: text.trim() || undefined,
    });
  const opened = list?.find((h) => h.id === open) ?? null;

  return (
    <section className="panel-section" aria-label={t('panel.history')} data-testid="handover-history">
      <h3 className="panel-section__title">{t('panel.history')}</h3>
      <form
        className="form-grid handover-search"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <label htmlFor="handover-from">{t('panel.from')}</label>
        <div className="form-grid__field">
          <input id="handover-from" type="date" data-testid="handover-search-from" value={from} onChange={(e) => setFrom(e.target.value)} />
          <label htmlFor="handover-to">{t('panel.to')}</label>
          <input id="handover-to" type="date" data-testid="handover-search-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <label htmlFor="handover-officer">{t('panel.officer')}</label>
        <div className="form-grid__field">
          <input id="handover-officer" data-testid="handover-search-officer" value={officer} onChange={(e) => setOfficer(e.target.value)} />
        </div>
        <label htmlFor="handover-text">{t('panel.text')}</label>
        <div className="form-grid__field">
          <input id="handover-text" data-testid="handover-search-text" value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" className="action-button" data-testid="handover-search">
            {t('panel.search')}
          </button>
        </div>
      </form>
      {error ? (
        <div className="inline-error" role="alert">
          {error}
        </div>
      ) : null}
      {list === null ? null : list.length === 0 ? (
        <div className="panel-empty">{t('panel.noHistory')}</div>
      ) : (
        <ul className="handover-list" data-testid="handover-list">
          {list.map((h) => (
            <li key={h.id} data-testid="handover-list-row" data-handover-id={h.id}>
              <button type="button" className="link-button" aria-expanded={open === h.id} onClick={() => setOpen(open === h.id ? null : h.id)}>
                {handoverLabel(h, units, language, timeZone)}
              </button>
              <span className="small muted">
                {h.outgoing.displayName} → {h.incoming ? h.incoming.displayName : t('handover.notTakenOver')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {opened ? <RecordView record={opened} timeZone={timeZone} units={units} testId="handover-history-record" /> : null}
    </section>
  );
}
