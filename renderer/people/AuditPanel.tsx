import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, type AuditAction } from '../../shared/audit/schema';
import type { BoardClient } from '../api/board-client';
import type { CommandNames } from '../format/command-text';
import { errorText } from '../format/error-text';
import { currentLanguage } from '../i18n';
import { DockPanel } from '../ui/DockPanel';
import { downloadText, exportAudited } from '../ui/export-file';
import { useGrant } from '../ui/grant';
import {
  AUDIT_LIMIT,
  AUDIT_RANGES,
  auditCsv,
  auditFileName,
  auditRows,
  DEFAULT_AUDIT_FILTER,
  exportDetail,
  listArg,
  localStamp,
  verifyLines,
  type AuditFilter,
  type AuditList,
  type AuditRow,
  type VerifyLine,
} from './audit-view';

type AuditPanelProps = {
  client: BoardClient;
  /** Sites, items and vehicles by name, to say commands as officers know them; empty without the board (ids are shown). */
  names: CommandNames;
  /** Changes when replica data changed (the central's chain arrives by the change feed): read again. Absent: the panel listens itself. */
  epoch?: number;
  /** A dock panel on the board; absent, the page of a console without the board (the auditor's). */
  onClose?: () => void;
};

const NO_NAMES: CommandNames = { items: [], sites: [], vehicles: [] };
/** Typing a user name reloads once the officer pauses. */
const TYPING_MS = 300;

/**
 * 审计日志, for auditors and supervisors: every recorded action, newest first, filtered by
 * time, user and action; "verify" checks this workstation's chain, the central's, and that
 * they agree, naming the first broken link; the rows shown can be exported as CSV (the
 * export is itself recorded first).
 */
export function AuditPanel({ client, names = NO_NAMES, epoch, onClose }: AuditPanelProps) {
  const { t, i18n } = useTranslation('people');
  const language = currentLanguage(i18n);
  const grant = useGrant();
  const mayExport = grant('audit.recordExport');
  const [filter, setFilter] = useState<AuditFilter>(DEFAULT_AUDIT_FILTER);
  const [list, setList] = useState<AuditList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [beat, setBeat] = useState(0);
  const [verdict, setVerdict] = useState<VerifyLine[] | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'error'; text: string } | null>(null);

  // Standing alone (no board to tell it), the panel follows the change feed itself.
  const alone = epoch === undefined;
  useEffect(() => (alone ? client.on('data.changed', () => setBeat((n) => n + 1)) : undefined), [client, alone]);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      client.call('audit.list', listArg(filter, Date.now())).then(
        (r) => {
          if (!live) return;
          setList(r);
          setLoadError(null);
        },
        (e: unknown) => live && setLoadError(errorText(t, e)),
      );
    }, filter.username ? TYPING_MS : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // t only words the error.
  }, [client, filter, epoch, beat]);

  const rows = useMemo(() => (list ? auditRows(t, list, names, language) : []), [list, t, names, language]);
  const pending = rows.filter((r) => r.chain === 'local').length;
  const truncated = list !== null && (list.central.length >= AUDIT_LIMIT || list.local.length >= AUDIT_LIMIT);
  const users = useMemo(() => [...new Set(rows.map((r) => r.user).filter((u) => u !== '—'))].sort(), [rows]);

  const edit = (next: Partial<AuditFilter>) => setFilter((f) => ({ ...f, ...next }));

  const verify = async () => {
    setVerifying(true);
    setNotice(null);
    try {
      setVerdict(verifyLines(t, await client.call('audit.verify', {}), language));
    } catch (e) {
      setVerdict(null);
      setNotice({ kind: 'error', text: t('audit.verifyError', { message: errorText(t, e) }) });
    } finally {
      setVerifying(false);
    }
  };

  const exportCsv = async () => {
    setNotice(null);
    const now = Date.now();
    try {
      await exportAudited(client, { kind: 'audit_csv', rows: rows.length, detail: exportDetail(filter, listArg(filter, now)) }, () =>
        downloadText(auditFileName(t('audit.filePrefix'), now), auditCsv(t, rows)),
      );
    } catch (e) {
      setNotice({ kind: 'error', text: t('audit.exportError', { message: errorText(t, e) }) });
    }
  };

  const body = (
    <div className="audit-panel" data-testid="audit-panel-body">
      <div className="audit-filters" role="group" aria-label={t('audit.range')}>
        <div className="segmented" role="group" aria-label={t('audit.range')}>
          {AUDIT_RANGES.map((r) => (
            <button key={r} type="button" className="toggle" aria-pressed={filter.range === r} data-testid={`audit-range-${r}`} onClick={() => edit({ range: r })}>
              {t(`audit.ranges.${r}`)}
            </button>
          ))}
        </div>
        {filter.range === 'custom' ? (
          <span className="audit-custom">
            <label>
              {t('audit.from')} <input type="datetime-local" data-testid="audit-from" value={filter.from} onChange={(e) => edit({ from: e.target.value })} />
            </label>
            <label>
              {t('audit.to')} <input type="datetime-local" data-testid="audit-to" value={filter.to} onChange={(e) => edit({ to: e.target.value })} />
            </label>
          </span>
        ) : null}
        <label className="audit-filter">
          {t('audit.user')}{' '}
          <input
            type="search"
            list="audit-users"
            data-testid="audit-user"
            placeholder={t('audit.userPlaceholder')}
            spellCheck={false}
            autoComplete="off"
            maxLength={64}
            value={filter.username}
            onChange={(e) => edit({ username: e.target.value })}
          />
          <datalist id="audit-users">
            {users.map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
        </label>
        <label className="audit-filter">
          {t('audit.action')}{' '}
          <select data-testid="audit-action" value={filter.action} onChange={(e) => edit({ action: e.target.value as AuditAction | '' })}>
            <option value="">{t('audit.allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`audit.actions.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <button type="button" className="action-button" data-testid="audit-refresh" onClick={() => setBeat((n) => n + 1)}>
          {t('audit.refresh')}
        </button>
        <button type="button" className="action-button" data-testid="audit-verify" disabled={verifying} onClick={() => void verify()}>
          {verifying ? t('audit.verifying') : t('audit.verify')}
        </button>
        <button type="button" className="action-button" data-testid="audit-export" disabled={!mayExport.ok || list === null} title={mayExport.title} onClick={() => void exportCsv()}>
          {t('audit.export')}
        </button>
      </div>
      {verdict ? <Verdict lines={verdict} /> : null}
      {notice ? (
        <div className="inline-error" role="alert" data-testid="audit-error">
          {notice.text}
        </div>
      ) : null}
      {loadError ? (
        <div className="inline-error" role="alert" data-testid="audit-error">
          {t('audit.loadError', { message: loadError })}
        </div>
      ) : null}
      {list === null ? (
        loadError ? null : <div className="panel-empty">{t('ui:panel.loading')}</div>
      ) : (
        <>
          <div className="panel-note muted" data-testid="audit-count">
            {t('audit.count', { count: rows.length })}
            {pending > 0 ? ` · ${t('audit.pendingCount', { count: pending })}` : ''}
          </div>
          {truncated ? <div className="panel-note warn">{t('audit.truncated', { count: AUDIT_LIMIT })}</div> : null}
          {rows.length === 0 ? <div className="panel-empty">{t('audit.empty')}</div> : <AuditTable rows={rows} />}
        </>
      )}
    </div>
  );

  return onClose ? (
    <DockPanel testId="audit-panel" title={t('audit.title')} onClose={onClose}>
      {body}
    </DockPanel>
  ) : (
    <AuditPage title={t('audit.title')}>{body}</AuditPage>
  );
}

/** The whole stage, for a console without the board. */
function AuditPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="audit-page" data-testid="audit-panel" aria-label={title}>
      <h2 className="audit-page__title">{title}</h2>
      {children}
    </section>
  );
}

/** The verdict of "verify", one line per chain; a broken one in red. */
export function Verdict({ lines }: { lines: readonly VerifyLine[] }) {
  return (
    <ul className="audit-verdict" data-testid="audit-verdict" role="status">
      {lines.map((l) => (
        <li key={l.chain} className={l.ok ? 'ok' : 'danger'} data-testid={`audit-verdict-${l.chain}`} data-ok={l.ok}>
          <span aria-hidden="true">{l.ok ? '✓' : '✗'}</span> {l.text}
        </li>
      ))}
    </ul>
  );
}

/** The entries, newest first; this workstation's not yet uploaded ones marked. */
export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  const { t } = useTranslation('people');
  return (
    <table className="grid-table audit-table" data-testid="audit-table">
      <thead>
        <tr>
          <th className="num">{t('audit.colSeq')}</th>
          <th>{t('audit.colWhen')}</th>
          <th>{t('audit.colWorkstation')}</th>
          <th>{t('audit.colWho')}</th>
          <th>{t('audit.colAction')}</th>
          <th>{t('audit.colTarget')}</th>
          <th>{t('audit.colOutcome')}</th>
          <th>{t('audit.colDetail')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid="audit-row" data-chain={r.chain} data-action={r.action} data-outcome={r.outcome} className={r.chain === 'local' ? 'audit-row--local' : undefined}>
            <td className="num">
              {r.chain === 'local' ? (
                <span className="tag audit-local" title={t('audit.chain.localTitle')}>
                  {t('audit.chain.local')}
                </span>
              ) : null}{' '}
              {r.seq}
            </td>
            <td className="mono">{localStamp(r.at, false)}</td>
            <td className="mono">{r.workstation}</td>
            <td>
              {r.user} <span className="muted">{r.role}</span>
            </td>
            <td>{r.actionText}</td>
            <td>{r.target}</td>
            <td className={r.outcome === 'refused' ? 'danger' : undefined}>{r.outcomeText}</td>
            <td className="audit-detail" title={r.detail}>
              {r.detail}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
