import type { TFunction } from 'i18next';
import { stockLineSchema, type ConflictView } from '../../shared/board-api';
import { commandSchema } from '../../shared/central-api';
import { vehicleSchema, type ItemType, type Site, type Vehicle } from '../../shared/domain';
import { numberFormat } from '../format/number';
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

const KNOWN_CODES = ['insufficient_stock', 'not_found', 'out_of_range', 'invalid_command'] as const;

/**
 * Both sides of a refused command. Payload and serverRow come from the backend as
 * loosely typed JSON, so each is checked against the contract before it is read;
 * anything unexpected is shown raw rather than dropped.
 */
export function describeConflict(t: TFunction, c: ConflictView, names: ConflictNames, language: Language): ConflictText {
  const en = language === 'en';
  const num = numberFormat(language);
  const itemOf = (id: string) => names.items.find((i) => i.id === id);
  const siteName = (id: string) => {
    const s = names.sites.find((x) => x.id === id);
    return s ? (en ? s.nameEn : s.name) : id;
  };
  const plate = (id: string) => names.vehicles.find((v) => v.id === id)?.plate ?? id;

  const known = (KNOWN_CODES as readonly string[]).includes(c.code);
  const reason = known ? t(`link:conflict.code.${c.code}`) : t('link:conflict.code.other', { code: c.code });
  const detail = c.reason;

  const cmd = commandSchema.safeParse({ id: c.commandId, type: c.type, issuedAt: c.issuedAt, payload: c.payload });
  if (!cmd.success) {
    return { action: `${c.type} ${JSON.stringify(c.payload)}`, central: describeRawRow(t, c.serverRow), reason, detail };
  }
  const command = cmd.data;
  if (command.type === 'stock.adjust') {
    const { siteId, itemId, delta, reason: why } = command.payload;
    const item = itemOf(itemId);
    const itemName = item ? (en ? item.nameEn : item.name) : itemId;
    const unit = item ? (en ? item.unitEn : item.unit) : '';
    const action = t(delta < 0 ? 'link:conflict.stockOut' : 'link:conflict.stockIn', {
      quantity: num.format(Math.abs(delta)),
      unit,
      item: itemName,
      site: siteName(siteId),
    });
    const row = stockLineSchema.safeParse(c.serverRow);
    const central =
      c.serverRow === null
        ? t('link:conflict.centralNone')
        : row.success
          ? t('link:conflict.centralStock', { item: itemName, quantity: num.format(row.data.quantity), unit, safety: num.format(row.data.safetyLevel) })
          : describeRawRow(t, c.serverRow);
    return { action: why ? `${action} · ${t('link:conflict.because', { reason: why })}` : action, central, reason, detail };
  }
  const loads = (pickups: readonly { siteId: string; itemId: string; quantity: number }[]) =>
    pickups
      .map((p) => {
        const item = itemOf(p.itemId);
        return `${p.siteId ? `${siteName(p.siteId)} ` : ''}${item ? (en ? item.nameEn : item.name) : p.itemId} ${num.format(p.quantity)}${item ? (en ? ` ${item.unitEn}` : item.unit) : ''}`;
      })
      .join(en ? '; ' : '；');
  if (command.type === 'request.create') {
    const r = command.payload.request;
    return { action: t('link:conflict.request', { destination: r.destination.label, items: loads(r.items.map((i) => ({ siteId: '', ...i }))) }), central: describeRawRow(t, c.serverRow), reason, detail };
  }
  if (command.type === 'dispatch.create') {
    const d = command.payload.dispatch;
    return { action: t('link:conflict.dispatch', { plate: plate(d.vehicleId), loads: loads(d.pickups) }), central: describeRawRow(t, c.serverRow), reason, detail };
  }
  if (command.type === 'dispatch.confirmPickup') {
    return { action: t('link:conflict.confirmPickup', { id: command.payload.dispatchId.slice(0, 8) }), central: describeRawRow(t, c.serverRow), reason, detail };
  }
  if (command.type === 'dispatch.confirmDelivery') {
    return { action: t('link:conflict.confirmDelivery', { id: command.payload.dispatchId.slice(0, 8) }), central: describeRawRow(t, c.serverRow), reason, detail };
  }
  if (command.type === 'request.cancel' || command.type === 'dispatch.cancel') {
    return { action: `${command.type} ${JSON.stringify(command.payload)}`, central: describeRawRow(t, c.serverRow), reason, detail };
  }
  const { vehicleId, status } = command.payload;
  const action = t('link:conflict.vehicleStatus', { plate: plate(vehicleId), status: t(`format:status.${status}`) });
  const row = vehicleSchema.safeParse(c.serverRow);
  const central =
    c.serverRow === null
      ? t('link:conflict.centralNone')
      : row.success
        ? t('link:conflict.centralVehicle', { plate: row.data.plate, status: t(`format:status.${row.data.status}`) })
        : describeRawRow(t, c.serverRow);
  return { action, central, reason, detail };
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
