import type { TFunction } from 'i18next';
import type { MethodArg, MethodResult } from '../../shared/board-api';
import type { AuditAction, AuditFields } from '../../shared/audit/schema';
import { ROLES, type Role } from '../../shared/auth/roles';
import { periodBounds } from '../../shared/dispatch/kpi';
import { csvDocument } from '../../shared/csv';
import { PERMISSIONS, type Permission } from '../../shared/permissions';
import { describeCommandPayload, rawJson, readTargetRow, targetRowParams, type CommandNames } from '../format/command-text';
import { numberFormat } from '../format/number';
import { permissionText, roleText } from '../format/roles';
import type { Language } from '../i18n';

/**
 * The audit log (审计日志) as the auditor and the supervisor read it: one row per entry, in
 * words, newest first; the central's chain and this workstation's entries not uploaded
 * yet, marked. The table and the CSV export are made from the same rows, so they agree.
 * Pure: entries in, words out.
 */

export type AuditList = MethodResult<'audit.list'>;
export type AuditVerify = MethodResult<'audit.verify'>;

export type AuditRow = {
  key: string;
  /** 'central': in the central's chain (seq is its place there); 'local': here only, not uploaded yet (seq is its place in this workstation's chain). */
  chain: 'central' | 'local';
  seq: number;
  at: number;
  workstation: string;
  user: string;
  role: string;
  action: AuditAction;
  actionText: string;
  target: string;
  outcome: 'ok' | 'refused';
  outcomeText: string;
  detail: string;
};

/** An action in words: a word for every AUDIT_ACTIONS value (the test checks both languages). */
export function actionText(t: TFunction, action: AuditAction): string {
  return t(`people:audit.actions.${action}`);
}

/** Keys use '_' for the '.' of a command type ('stock.adjust' → stock_adjust). */
const commandTypeText = (t: TFunction, type: string) => t(`people:audit.commandTypes.${type.replace('.', '_')}`, { defaultValue: type });

type UserLike = { username?: unknown; displayName?: unknown; role?: unknown };
const asUser = (v: unknown): UserLike | null => (v && typeof v === 'object' ? (v as UserLike) : null);
const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** "张三（zhangsan）" from an account in an entry's detail; the id when none is there. */
function accountName(t: TFunction, u: UserLike | null, fallback: string): string {
  const username = str(u?.username);
  const displayName = str(u?.displayName);
  if (!username) return fallback;
  return displayName ? t('people:users.name', { displayName, username }) : username;
}

/** What the entry was about, in words: a command's kind, a user's name, a setting, an export. */
export function targetText(t: TFunction, e: AuditFields, language: Language = 'zh-CN'): string {
  const target = e.target;
  if (target === null) return '—';
  const colon = target.indexOf(':');
  const kind = colon < 0 ? '' : target.slice(0, colon);
  const rest = colon < 0 ? target : target.slice(colon + 1);
  switch (kind) {
    case 'command':
      return commandTypeText(t, rest);
    case 'user': {
      const d = e.detail;
      const name = accountName(t, asUser(d.after) ?? asUser(d.before), e.action === 'enrol' && e.username ? e.username : rest);
      return t('people:audit.target.user', { name });
    }
    case 'unit': {
      const u = asUnit(e.detail.after) ?? asUnit(e.detail.before);
      return t('people:audit.target.unit', { name: u ? unitLabel(u, language) : rest });
    }
    case 'setting':
      return rest === 'lock_after_minutes' ? t('people:audit.target.lockAfter') : rest;
    case 'export':
      return ['kpi_csv', 'audit_csv', 'report_csv', 'report_pdf'].includes(rest) ? t(`people:audit.target.${rest}`) : rest;
    default:
      // A board method (a call refused for the role) or anything newer than this code: as it is.
      return target;
  }
}

type UnitLike = { id: string; kind: string; name: string; nameEn: string; parentId: string | null };
const asUnit = (v: unknown): UnitLike | null => {
  const u = v as Partial<UnitLike> | null;
  return u && typeof u === 'object' && typeof u.id === 'string' && typeof u.name === 'string' && typeof u.nameEn === 'string' ? (u as UnitLike) : null;
};
const asUnitHolder = (v: unknown): { unitId?: unknown } | null => (v && typeof v === 'object' ? (v as { unitId?: unknown }) : null);
const unitLabel = (u: UnitLike, language: Language) => (language === 'en' ? u.nameEn : u.name);

/** A change to the command tree: a unit added or renamed (its name, kind and parent), moved (parent before → after), removed, a row handed over; refused: the tree's problem codes. */
function unitChangeText(t: TFunction, d: Record<string, unknown>, language: Language): string {
  if (Array.isArray(d.problems) || typeof d.code === 'string') {
    const codes = Array.isArray(d.problems) ? d.problems.map((p) => str((p as { code?: unknown }).code)).filter((c): c is string => c !== null) : [];
    const problems = codes.length > 0 ? [...new Set(codes)].map((c) => t(`people:units.problemShort.${c}`, { defaultValue: c })).join(t('people:units.separator')) : (str(d.code) ?? '');
    return t('people:audit.detail.unitRefused', { problems });
  }
  const before = asUnit(d.before);
  const after = asUnit(d.after);
  if (d.kind === 'move' && before && after) return t('people:audit.detail.unitMove', { from: before.parentId ?? '—', to: after.parentId ?? '—' });
  if (d.kind === 'remove' && before) return t('people:audit.detail.unitRemove', { unit: unitLabel(before, language), kind: t(`people:units.kind.${before.kind}`, { defaultValue: before.kind }), parent: before.parentId ?? '—' });
  if (after) {
    const kind = t(`people:units.kind.${after.kind}`, { defaultValue: after.kind });
    const saved = t('people:audit.detail.unitSave', { unit: unitLabel(after, language), kind, parent: after.parentId ?? '—' });
    return before && unitLabel(before, language) !== unitLabel(after, language) ? `${unitLabel(before, language)} → ${saved}` : saved;
  }
  const from = asUnitHolder(d.before);
  const to = asUnitHolder(d.after);
  if (from && to) return t('people:audit.detail.unitAssign', { from: str(from.unitId) ?? '—', to: str(to.unitId) ?? '—' });
  return rawJson(d);
}

/** What a command's target held before it, in words. */
function beforeText(t: TFunction, row: unknown, language: Language): string | null {
  if (row === null || row === undefined) return null;
  const read = readTargetRow(row);
  return read ? t(`people:audit.before.${read.kind}`, targetRowParams(t, read, language)) : rawJson(row);
}

const PERIODS = ['hour', 'shift', 'day', 'month', 'custom'] as const;

/**
 * The detail line: before → after for commands, settings and role changes; the command
 * said with its own description (format:command); what else an entry records, in words.
 * Anything it does not know is shown as JSON rather than dropped.
 */
export function detailText(t: TFunction, e: AuditFields, names: CommandNames, language: Language): string {
  const d = e.detail;
  const num = numberFormat(language);
  const join = (parts: (string | null | false | undefined)[]) => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
  switch (e.action) {
    case 'command': {
      const type = e.target?.startsWith('command:') ? e.target.slice('command:'.length) : '';
      const action = describeCommandPayload(t, type, d.after, names, language) ?? rawJson(d.after);
      const before = beforeText(t, d.before, language);
      return before ? `${before} → ${action}` : action;
    }
    case 'setting_change':
      return e.target === 'setting:lock_after_minutes' && typeof d.before === 'number' && typeof d.after === 'number'
        ? t('people:audit.detail.lockAfter', { before: num.format(d.before), after: num.format(d.after) })
        : `${rawJson(d.before)} → ${rawJson(d.after)}`;
    case 'role_change': {
      const from = asUser(d.before)?.role;
      const to = asUser(d.after)?.role;
      return isRole(from) && isRole(to) ? `${roleText(t, from)} → ${roleText(t, to)}` : rawJson(d);
    }
    case 'user_create': {
      const u = asUser(d.after);
      return u && isRole(u.role) ? t('people:audit.detail.userCreate', { name: accountName(t, u, '—'), role: roleText(t, u.role) }) : rawJson(d);
    }
    case 'user_unit_change': {
      const from = str(asUnitHolder(d.before)?.unitId) ?? t('people:units.cityDefault');
      const to = str(asUnitHolder(d.after)?.unitId) ?? str(asUnitHolder(d.change)?.unitId) ?? '—';
      return e.outcome === 'refused' ? t('people:audit.detail.unitRefused', { problems: str(d.code) ?? '' }) : t('people:audit.detail.unitAssign', { from, to });
    }
    case 'unit_change':
      return unitChangeText(t, d, language);
    case 'user_disable':
      return `${t('people:users.active')} → ${t('people:users.disabled')}`;
    case 'user_enable':
      return `${t('people:users.disabled')} → ${t('people:users.active')}`;
    case 'second_factor_reset':
      return t('people:audit.detail.secondFactorReset');
    case 'password_set':
      return t('people:audit.detail.passwordSet');
    case 'login':
      return join([d.offline === true ? t('people:audit.detail.offline') : t('people:audit.detail.online'), d.demo === true && t('people:audit.detail.demo')]);
    case 'login_failed':
      return join([
        typeof d.code === 'string' ? t(`errors:code.${d.code}`, { defaultValue: d.code }) : null,
        d.offline === true && t('people:audit.detail.offline'),
      ]);
    case 'logout':
      // The backend's reasons are for logs; the two it gives for an account changed at the central are said in words.
      if (d.reason === 'account disabled at the central') return t('people:audit.detail.accountDisabled');
      if (d.reason === 'account changed at the central') return t('people:audit.detail.accountChanged');
      return str(d.reason) ?? '';
    case 'lock':
      return d.idle === true ? t('people:audit.detail.idle') : t('people:audit.detail.manual');
    case 'export': {
      const rows = typeof d.rows === 'number' ? t('people:audit.detail.exportRows', { count: d.rows, defaultValue: String(d.rows) }) : null;
      const period = (PERIODS as readonly unknown[]).includes(d.period ?? d.range) ? t(`people:audit.detail.exportPeriod.${String(d.period ?? d.range)}`) : null;
      return join([rows, period]);
    }
    case 'forbidden':
      return typeof d.permission === 'string' && (PERMISSIONS as readonly string[]).includes(d.permission)
        ? t('people:audit.detail.forbidden', { permission: permissionText(t, d.permission as Permission) })
        : '';
    case 'session_refused':
      return join([typeof d.origin === 'string' && d.origin !== '' && t('people:audit.detail.origin', { origin: d.origin }), str(d.why)]);
    default:
      return Object.keys(d).length > 0 ? rawJson(d) : '';
  }
}

/** Both chains as one list, newest first; at the same moment, this workstation's pending entries first. */
export function auditRows(t: TFunction, list: AuditList, names: CommandNames, language: Language): AuditRow[] {
  const row = (chain: AuditRow['chain'], e: AuditFields & { seq: number }): AuditRow => ({
    key: `${chain}:${e.seq}`,
    chain,
    seq: e.seq,
    at: e.at,
    workstation: e.workstation,
    user: e.username ?? '—',
    role: roleText(t, e.role),
    action: e.action,
    actionText: actionText(t, e.action),
    target: targetText(t, e, language),
    outcome: e.outcome,
    outcomeText: t(`people:audit.outcome.${e.outcome}`),
    detail: detailText(t, e, names, language),
  });
  const rows = [...list.local.map((e) => row('local', e)), ...list.central.map((e) => row('central', e))];
  return rows.sort((a, b) => b.at - a.at || (a.chain === b.chain ? b.seq - a.seq : a.chain === 'local' ? -1 : 1));
}

/** "2025-06-02 14:03:05", and with the offset for a file read elsewhere: "2025-06-02 14:03:05 +08:00". */
export function localStamp(at: number, withOffset: boolean, offsetMin = -new Date(at).getTimezoneOffset()): string {
  // Shifted by the offset and read as UTC: the same local time whatever zone the test runs in.
  const d = new Date(at + offsetMin * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const text = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  if (!withOffset) return text;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${text} ${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export const AUDIT_CSV_COLUMNS = ['seq', 'chain', 'at', 'workstation', 'user', 'role', 'action', 'target', 'outcome', 'detail'] as const;

/**
 * The rows as CSV, the table's columns in the officer's language: local time with its
 * offset, UTF-8 with a BOM (spreadsheet programs then read the Chinese), CRLF lines.
 */
export function auditCsv(t: TFunction, rows: readonly AuditRow[], stamp: (at: number) => string = (at) => localStamp(at, true)): string {
  return csvDocument([
    AUDIT_CSV_COLUMNS.map((c) => t(`people:audit.csv.${c}`)),
    ...rows.map((r) => [r.seq, t(`people:audit.chain.${r.chain}`), stamp(r.at), r.workstation, r.user, r.role, r.actionText, r.target, r.outcomeText, r.detail]),
  ]);
}

/** "审计日志-2025-06-02-1403.csv": what it holds and when it was taken, no characters a file system dislikes. */
export function auditFileName(prefix: string, at: number, offsetMin?: number): string {
  const s = localStamp(at, false, offsetMin);
  const safe = prefix.replace(/[\\/:*?"<>|\s]+/g, '-');
  return `${safe}-${s.slice(0, 10)}-${s.slice(11, 13)}${s.slice(14, 16)}.csv`;
}

export const AUDIT_RANGES = ['hour', 'shift', 'day', 'custom'] as const;
export type AuditRange = (typeof AUDIT_RANGES)[number];

/** The filters as the panel holds them: custom bounds as typed (datetime-local, local time), empty user or action: all. */
export type AuditFilter = { range: AuditRange; from: string; to: string; username: string; action: AuditAction | '' };

export const DEFAULT_AUDIT_FILTER: AuditFilter = { range: 'shift', from: '', to: '', username: '', action: '' };
/** Entries asked for at once; more than this is narrowed by the filters. */
export const AUDIT_LIMIT = 500;

/** A datetime-local value ("2025-06-02T14:03") as a time; null when empty or not a time. */
function localInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const at = new Date(value).getTime();
  return Number.isFinite(at) ? at : null;
}

/** What audit.list is asked: the range as times (a shift as the KPI figures count it), the user and the action when chosen. */
export function listArg(f: AuditFilter, now: number): MethodArg<'audit.list'> {
  const arg: MethodArg<'audit.list'> = { limit: AUDIT_LIMIT };
  if (f.range === 'hour') arg.from = now - 3600_000;
  else if (f.range === 'shift' || f.range === 'day') arg.from = periodBounds(f.range, now).from;
  else {
    const from = localInput(f.from);
    const to = localInput(f.to);
    if (from !== null) arg.from = from;
    // The minute typed is included up to its end.
    if (to !== null) arg.to = to + 59_999;
  }
  const username = f.username.trim();
  if (username) arg.username = username;
  if (f.action) arg.action = f.action;
  return arg;
}

/** The export's record: what was exported, for the audit entry it makes itself. */
export function exportDetail(f: AuditFilter, arg: MethodArg<'audit.list'>): Record<string, string | number> {
  const out: Record<string, string | number> = { range: f.range };
  if (arg.from !== undefined) out.from = arg.from;
  if (arg.to !== undefined) out.to = arg.to;
  if (arg.username) out.username = arg.username;
  if (arg.action) out.action = arg.action;
  return out;
}

export type VerifyLine = { chain: 'local' | 'central' | 'mismatch'; ok: boolean; text: string };

/** The verdict of audit.verify, one line per check: "chain intact: N entries", or the first broken link by number. */
export function verifyLines(t: TFunction, v: AuditVerify, language: Language): VerifyLine[] {
  const num = numberFormat(language);
  const chain = (which: 'local' | 'central', c: AuditVerify['local']): VerifyLine => {
    // A console below the city holds only its units' part of the central's chain.
    if (c.ok && c.gaps > 0) return { chain: which, ok: true, text: t('people:audit.verdict.centralOkScoped', { n: num.format(c.checked), gaps: num.format(c.gaps) }) };
    if (c.ok) return { chain: which, ok: true, text: t(`people:audit.verdict.${which}Ok`, { n: num.format(c.checked) }) };
    if (c.firstBroken !== null) return { chain: which, ok: false, text: t(`people:audit.verdict.${which}Broken`, { seq: c.firstBroken }) };
    return { chain: which, ok: false, text: t('people:audit.verdict.brokenUnplaced', { reason: c.reason ?? '?' }) };
  };
  return [
    chain('local', v.local),
    chain('central', v.central),
    v.mismatch === null ? { chain: 'mismatch', ok: true, text: t('people:audit.verdict.match') } : { chain: 'mismatch', ok: false, text: t('people:audit.verdict.mismatch', { seq: v.mismatch }) },
  ];
}
