import type { TFunction } from 'i18next';
import { BoardError, type BoardErrorCode, type BoardErrorParams } from '../../shared/board-api';
import { ROLES, type Role } from '../../shared/auth/roles';
import { PERMISSIONS, type Permission } from '../../shared/permissions';
import { permissionText, roleText } from './roles';

/** How to name what a refusal's parameters point at (ids become names, numbers get separators). */
export type ErrorNames = {
  site?(siteId: string): string;
  item?(itemId: string): string;
  number?(n: number): string;
};

/** Refusals said with their details, and the parameters each detail needs. */
const DETAIL_PARAMS: Partial<Record<BoardErrorCode, readonly string[]>> = {
  bad_settings: ['path'],
  insufficient_stock: ['site', 'item', 'have', 'need'],
  vehicle_unavailable: ['plate', 'status'],
  vehicle_twice: ['plate'],
  request_closed: ['status'],
  dispatch_closed: ['status'],
  over_capacity: ['plate', 'capacity', 'load'],
  below_safety: ['site', 'item', 'remaining', 'safety'],
  source_is_destination: ['site'],
  pickup_not_a_stop: ['site', 'plate'],
  site_exists: ['siteId'],
  outside_map: ['lon', 'lat', 'bounds'],
  rate_limited: ['retryAfterS'],
  forbidden: ['permission', 'role'],
  import_file_missing: ['path'],
  city_in_use: ['city'],
  city_not_found: ['city'],
  odometer_backwards: ['km', 'last'],
  odometer_implausible: ['km', 'odometer', 'slack'],
};

/** Status words by the kind of thing the refusal is about. */
const STATUS_WORDS: Partial<Record<BoardErrorCode, string>> = {
  vehicle_unavailable: 'format:status',
  request_closed: 'format:requestStatus',
  dispatch_closed: 'format:dispatchStatus',
};

function detailParams(t: TFunction, code: BoardErrorCode, params: BoardErrorParams, names: ErrorNames): Record<string, string> {
  const text = (v: string | number) => (typeof v === 'number' ? (names.number?.(v) ?? String(v)) : v);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) out[k] = text(v);
  if (typeof params.site === 'string' && names.site) out.site = names.site(params.site);
  if (typeof params.item === 'string' && names.item) out.item = names.item(params.item);
  const words = STATUS_WORDS[code];
  if (words && params.status !== undefined) out.status = t(`${words}.${params.status}`, { defaultValue: String(params.status) });
  // A refusal for a role: which role, and what it lacks, in words (unknown ones as they are).
  if (typeof params.permission === 'string' && (PERMISSIONS as readonly string[]).includes(params.permission)) out.permission = permissionText(t, params.permission as Permission);
  if (typeof params.role === 'string' && (ROLES as readonly string[]).includes(params.role)) out.role = roleText(t, params.role as Role);
  return out;
}

/**
 * What went wrong with a board call, in the officer's language: the code translated, with
 * names and numbers where the refusal carries them. Never the backend's English message
 * (that is for logs and support); a code without words reads "出错了（code）", and anything
 * that is not a BoardError is the renderer's own fault ("internal").
 */
export function errorText(t: TFunction, error: unknown, names: ErrorNames = {}): string {
  if (!(error instanceof BoardError)) {
    console.error('[board] unexpected error', error);
    return t('errors:code.internal');
  }
  const { code, params } = error;
  const needed = DETAIL_PARAMS[code];
  if (needed && params && needed.every((p) => params[p] !== undefined)) return t(`errors:detail.${code}`, detailParams(t, code, params, names));
  return t(`errors:code.${code}`, { defaultValue: t('errors:error.generic', { code }) });
}
