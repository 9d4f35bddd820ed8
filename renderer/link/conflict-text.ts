import type { TFunction } from 'i18next';
import { stockLineSchema, type ConflictView } from '../../shared/board-api';
import type { CommandDescription, DescribeParam, Loads } from '../../shared/commands/module';
import { COMMANDS, commandModule, commandSchema } from '../../shared/commands/registry';
import { dispatchOrderSchema, supplyRequestSchema, vehicleSchema, type ItemType, type Site, type Vehicle } from '../../shared/domain';
import { joinList } from '../format/list';
import { numberFormat } from '../format/number';
import { placeNamer } from '../format/place';
import type { Language } from '../i18n';

/** Names the board already holds, to speak of things as officers know them (not ids). */
export type ConflictNames = {
  items: readonly ItemType[];
  sites: readonly Site[];
  vehicles: readonly Vehicle[];
};

export type ConflictText = {
  /** What the officer did, in words: "出库 40 件 救生衣 · 快取点03 · 原因：防汛". */
  action: string;
  /** What the central holds now: "警保云现有 救生衣 39 件". */
  central: string;
  /** Why the central refused, in words. */
  reason: string;
  /** The central's own message, kept verbatim for support. */
  detail: string;
};

/** Codes the central may refuse with: every command module's, and the central's own refusals of a request. */
const KNOWN_CODES = new Set<string>([...COMMANDS.flatMap((m) => m.refusals), 'invalid_command', 'idempotency_conflict', 'payload_too_large']);

/** A command's description (its module's key and params) in words, with names for the ids. */
function actionText(t: TFunction, d: CommandDescription, names: ConflictNames, language: Language): string {
  const en = language === 'en';
  const num = numberFormat(language);
  const itemOf = (id: string) => names.items.find((i) => i.id === id);
  const itemName = (id: string) => {
    const item = itemOf(id);
    return item ? (en ? item.nameEn : item.name) : id;
  };
  const siteName = (id: string) => {
    const s = names.sites.find((x) => x.id === id);
    return s ? (en ? s.nameEn : s.name) : id;
  };
  const unitOf = (id: string) => {
    const item = itemOf(id);
    return item ? (en ? item.unitEn : item.unit) : '';
  };
  const loads = (l: Loads) =>
    joinList(
      t,
      l.loads.map((p) => `${p.siteId ? `${siteName(p.siteId)} ` : ''}${itemName(p.itemId)} ${num.format(p.quantity)}${unitOf(p.itemId) ? (en ? ` ${unitOf(p.itemId)}` : unitOf(p.itemId)) : ''}`),
      'clauses',
    );
  const word = (key: string, v: DescribeParam): string => {
    if (typeof v === 'number') return num.format(v);
    if (typeof v === 'string') return key === 'status' ? t(`format:status.${v}`, { defaultValue: v }) : key === 'destination' ? placeNamer(t, language, names.sites)(v) : v;
    if ('loads' in v) return loads(v);
    switch (v.ref) {
      case 'site':
        return siteName(v.id);
      case 'item':
        return itemName(v.id);
      case 'vehicle':
        return names.vehicles.find((x) => x.id === v.id)?.plate ?? v.id;
      default:
        return v.id.slice(0, 8);
    }
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.params)) out[k] = word(k, v);
  const item = d.params.item;
  if (item && typeof item === 'object' && 'ref' in item && item.ref === 'item') out.unit = unitOf(item.id);
  const action = t(`link:conflict.${d.key}`, out);
  const why = d.params.reason;
  return typeof why === 'string' && why !== '' ? `${action} · ${t('link:conflict.because', { reason: why })}` : action;
}

/** What the central holds of the thing a refused command touched, in words. */
function centralText(t: TFunction, row: unknown, names: ConflictNames, language: Language): string {
  if (row === null || row === undefined) return t('link:conflict.centralNone');
  const en = language === 'en';
  const num = numberFormat(language);
  const line = stockLineSchema.safeParse(row);
  if (line.success) {
    const { item, quantity, safetyLevel } = line.data;
    return t('link:conflict.centralStock', { item: en ? item.nameEn : item.name, quantity: num.format(quantity), unit: en ? item.unitEn : item.unit, safety: num.format(safetyLevel) });
  }
  const vehicle = vehicleSchema.safeParse(row);
  if (vehicle.success) return t('link:conflict.centralVehicle', { plate: vehicle.data.plate, status: t(`format:status.${vehicle.data.status}`) });
  const request = supplyRequestSchema.safeParse(row);
  if (request.success) return t('link:conflict.centralRequest', { label: placeNamer(t, language, names.sites)(request.data.destination.label), status: t(`format:requestStatus.${request.data.status}`) });
  const order = dispatchOrderSchema.safeParse(row);
  if (order.success) return t('link:conflict.centralDispatch', { id: order.data.id.slice(0, 8), status: t(`format:dispatchStatus.${order.data.status}`) });
  return describeRawRow(t, row);
}

/**
 * Both sides of a refused command: what the officer did (the command module's own
 * description, with names for its ids) and what the central holds. Payload and serverRow
 * come from the backend as loosely typed JSON, so each is checked against the contract
 * before it is read; anything unexpected is shown raw rather than dropped.
 */
export function describeConflict(t: TFunction, c: ConflictView, names: ConflictNames, language: Language): ConflictText {
  const reason = KNOWN_CODES.has(c.code) ? t(`link:conflict.code.${c.code}`) : t('link:conflict.code.other', { code: c.code });
  const cmd = commandSchema.safeParse({ id: c.commandId, type: c.type, issuedAt: c.issuedAt, payload: c.payload });
  const action = cmd.success ? actionText(t, commandModule(cmd.data.type).describe(cmd.data.payload as never), names, language) : `${c.type} ${JSON.stringify(c.payload)}`;
  return { action, central: centralText(t, c.serverRow, names, language), reason, detail: c.reason };
}

/** What an officer's command does, in words (the queue on the link-health panel). */
export function describeAction(t: TFunction, e: { id: string; type: string; payload: Record<string, unknown>; issuedAt: number }, names: ConflictNames, language: Language): string {
  const view: ConflictView = {
    id: 1, commandId: e.id, type: e.type as ConflictView['type'], payload: e.payload, issuedAt: e.issuedAt, code: '', reason: '', serverRow: null, createdAt: e.issuedAt, resolvedAt: null, resolution: null,
  };
  return describeConflict(t, view, names, language).action;
}

function describeRawRow(t: TFunction, row: unknown): string {
  if (row === null || row === undefined) return t('link:conflict.centralNone');
  const text = JSON.stringify(row);
  return t('link:conflict.centralRaw', { row: text.length > 200 ? `${text.slice(0, 200)}…` : text });
}
