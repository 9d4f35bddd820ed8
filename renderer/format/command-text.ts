import type { TFunction } from 'i18next';
import { stockLineSchema } from '../../shared/board-api';
import type { CommandDescription, DescribeParam, Loads } from '../../shared/commands/module';
import { commandModule, isCommandType } from '../../shared/commands/registry';
import { dispatchOrderSchema, siteSchema, supplyRequestSchema, vehicleSchema, type ItemType, type Site, type Vehicle } from '../../shared/domain';
import type { Language } from '../i18n';
import { joinList } from './list';
import { numberFormat } from './number';
import { placeNamer } from './place';

/**
 * Officers' commands in words, wherever one is shown: the conflict panel, the link panel's
 * queue, the audit log. Each command module describes itself (a key and params,
 * shared/commands/module.ts); the words are `format:command.<key>`.
 */

/** Names the board already holds, to speak of things as officers know them (not ids). */
export type CommandNames = {
  items: readonly ItemType[];
  sites: readonly Site[];
  vehicles: readonly Vehicle[];
};

/** A command's description (its module's key and params) in words, with names for the ids. */
export function describeCommand(t: TFunction, d: CommandDescription, names: CommandNames, language: Language): string {
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
    if (typeof v === 'string') {
      if (key === 'status') return t(`format:status.${v}`, { defaultValue: v });
      if (key === 'kind') return t(`format:siteKind.${v}`, { defaultValue: v });
      return key === 'destination' ? placeNamer(t, language, names.sites)(v) : v;
    }
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
  const action = t(`format:command.${d.key}`, out);
  const why = d.params.reason;
  return typeof why === 'string' && why !== '' ? `${action} · ${t('format:command.because', { reason: why })}` : action;
}

/**
 * A command of this type with this payload, in words; null when the payload does not
 * match the contract (it came as loose JSON: from the outbox, a conflict, an audit entry).
 */
export function describeCommandPayload(t: TFunction, type: string, payload: unknown, names: CommandNames, language: Language): string | null {
  if (!isCommandType(type)) return null;
  const m = commandModule(type);
  const p = m.payload.safeParse(payload);
  return p.success ? describeCommand(t, m.describe(p.data as never), names, language) : null;
}

/** What a command's target held (a module's `serverRow`), read against the contract; null when it is none of these. */
export type TargetRow =
  | { kind: 'stock'; item: ItemType; quantity: number; safetyLevel: number }
  | { kind: 'vehicle'; plate: string; status: Vehicle['status'] }
  | { kind: 'request'; label: string; status: string }
  | { kind: 'dispatch'; id: string; status: string }
  | { kind: 'site'; name: string; nameEn: string; lon: number; lat: number };

export function readTargetRow(row: unknown): TargetRow | null {
  if (row === null || row === undefined) return null;
  const line = stockLineSchema.safeParse(row);
  if (line.success) return { kind: 'stock', item: line.data.item, quantity: line.data.quantity, safetyLevel: line.data.safetyLevel };
  const vehicle = vehicleSchema.safeParse(row);
  if (vehicle.success) return { kind: 'vehicle', plate: vehicle.data.plate, status: vehicle.data.status };
  const request = supplyRequestSchema.safeParse(row);
  if (request.success) return { kind: 'request', label: request.data.destination.label, status: request.data.status };
  const order = dispatchOrderSchema.safeParse(row);
  if (order.success) return { kind: 'dispatch', id: order.data.id.slice(0, 8), status: order.data.status };
  const site = siteSchema.safeParse(row);
  if (site.success) return { kind: 'site', name: site.data.name, nameEn: site.data.nameEn, lon: site.data.lon, lat: site.data.lat };
  return null;
}

/** The words and numbers of a target row, for a sentence about it (quantities with separators, statuses in words). */
export function targetRowParams(t: TFunction, row: TargetRow, language: Language, sites: readonly Site[] = []): Record<string, string> {
  const num = numberFormat(language);
  const en = language === 'en';
  switch (row.kind) {
    case 'stock':
      return { item: en ? row.item.nameEn : row.item.name, quantity: num.format(row.quantity), unit: en ? row.item.unitEn : row.item.unit, safety: num.format(row.safetyLevel) };
    case 'vehicle':
      return { plate: row.plate, status: t(`format:status.${row.status}`) };
    case 'request':
      return { label: placeNamer(t, language, sites)(row.label), status: t(`format:requestStatus.${row.status}`, { defaultValue: row.status }) };
    case 'dispatch':
      return { id: row.id, status: t(`format:dispatchStatus.${row.status}`, { defaultValue: row.status }) };
    case 'site':
      return { name: en ? row.nameEn : row.name, lon: row.lon.toFixed(5), lat: row.lat.toFixed(5) };
  }
}

/** Loose JSON in a line (what cannot be read otherwise is shown, not dropped), cut at 200 characters. */
export function rawJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
