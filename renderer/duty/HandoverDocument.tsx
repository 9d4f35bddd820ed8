import { useTranslation } from 'react-i18next';
import { readDraftText } from '../../shared/duty/handover';
import type { Handover } from '../../shared/duty/schema';
import { epochToZoned } from '../../shared/duty/zoned-time';

/** The workstation's own zone, where the caller names none. */
const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "2026-12-03 20:00", read in the duty settings' zone: the same wall clock as the draft's. */
function wallClock(at: number, timeZone: string): string {
  const z = epochToZoned(at, timeZone);
  return `${z.date} ${z.time}`;
}


/**
 * A signed handover (交接班记录) as an A4 document: the shift, the board's draft section by
 * section, the outgoing officer's notes, both signatures and the hash they were signed under.
 * It shows the stored record only — the text as signed, never a fresh draft — so a printout
 * always matches its hash. Styled for paper by duty.css (`@media print`); on screen it reads as
 * a sheet, for a preview.
 */
export function HandoverDocument({ record, timeZone = localZone() }: { record: Handover; timeZone?: string }) {
  const { t } = useTranslation('duty');
  const draft = readDraftText(record.draft);
  const time = (at: number) => wallClock(at, timeZone);
  /** A signer as the record keeps them: the display name, and the account when it says more. */
  const signerName = (s: { username: string; displayName: string }): string =>
    s.displayName && s.displayName !== s.username ? t('handover.signer', { name: s.displayName, username: s.username }) : s.username;
  return (
    <article className="handover-doc" aria-label={t('handover.title')} data-testid="handover-document">
      <header className="handover-doc__head">
        <h1>{t('handover.title')}</h1>
        <dl className="handover-doc__facts">
          <div>
            <dt>{t('handover.shift')}</dt>
            <dd>{record.shiftName}</dd>
          </div>
          <div>
            <dt>{t('handover.team')}</dt>
            <dd>{record.team}</dd>
          </div>
          <div>
            <dt>{t('handover.period')}</dt>
            <dd>
              {time(record.shiftStart)} – {time(record.shiftEnd)}
            </dd>
          </div>
          <div>
            <dt>{t('handover.record')}</dt>
            <dd>{record.id}</dd>
          </div>
        </dl>
        <p className="handover-doc__drafted">{draft.header}</p>
      </header>

      {draft.sections.map((s, i) => (
        <section className="handover-doc__section" key={i}>
          <h2>{s.title}</h2>
          <ul>
            {s.lines.map((line, j) => (
              <li key={j}>{line}</li>
            ))}
          </ul>
        </section>
      ))}

      <section className="handover-doc__section">
        <h2>{t('handover.notes')}</h2>
        <p className="handover-doc__notes">{record.notes.trim() ? record.notes : t('handover.noNotes')}</p>
      </section>

      <section className="handover-doc__signatures" aria-label={t('handover.signatures')}>
        <div className="handover-doc__signature" data-testid="handover-outgoing">
          <span className="handover-doc__role">{t('handover.outgoing')}</span>
          <strong>{signerName(record.outgoing)}</strong>
          <span>{t('handover.signedAt', { time: time(record.outgoing.at) })}</span>
        </div>
        <div className="handover-doc__signature" data-testid="handover-incoming">
          <span className="handover-doc__role">{t('handover.incoming')}</span>
          {record.incoming ? (
            <>
              <strong>{signerName(record.incoming)}</strong>
              <span>{t('handover.signedAt', { time: time(record.incoming.at) })}</span>
            </>
          ) : (
            <strong className="handover-doc__pending">{t('handover.notTakenOver')}</strong>
          )}
        </div>
      </section>

      <footer className="handover-doc__hash">
        <span>{t('handover.contentHash')}</span>
        <code data-testid="handover-hash">{record.contentHash}</code>
        <small>{t('handover.hashHint')}</small>
      </footer>
    </article>
  );
}
