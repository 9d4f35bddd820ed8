import type { TFunction } from 'i18next';
import type { ConflictView } from '../../shared/board-api';
import { COMMANDS } from '../../shared/commands/registry';
import { describeCommandPayload, rawJson, readTargetRow, targetRowParams, type CommandNames } from '../format/command-text';
import type { Language } from '../i18n';

/** Names the board already holds, to speak of things as officers know them (not ids). */
export type ConflictNames = CommandNames;

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
const KNOWN_CODES = new Set<string>([...COMMANDS.flatMap((m) => m.refusals), 'invalid_command', 'idempotency_conflict', 'payload_too_large', 'out_of_scope']);

const CENTRAL_KEYS = { stock: 'centralStock', vehicle: 'centralVehicle', request: 'centralRequest', dispatch: 'centralDispatch', site: 'centralSite' } as const;

/** What the central holds of the thing a refused command touched, in words. */
function centralText(t: TFunction, row: unknown, names: ConflictNames, language: Language): string {
  if (row === null || row === undefined) return t('link:conflict.centralNone');
  const read = readTargetRow(row);
  if (read) return t(`link:conflict.${CENTRAL_KEYS[read.kind]}`, targetRowParams(t, read, language, names.sites));
  return t('link:conflict.centralRaw', { row: rawJson(row) });
}

/**
 * Both sides of a refused command: what the officer did (the command module's own
 * description, with names for its ids) and what the central holds. Payload and serverRow
 * come from the backend as loosely typed JSON, so each is checked against the contract
 * before it is read; anything unexpected is shown raw rather than dropped.
 */
export function describeConflict(t: TFunction, c: ConflictView, names: ConflictNames, language: Language): ConflictText {
  const reason = KNOWN_CODES.has(c.code) ? t(`link:conflict.code.${c.code}`) : t('link:conflict.code.other', { code: c.code });
  const action = describeCommandPayload(t, c.type, c.payload, names, language) ?? `${c.type} ${JSON.stringify(c.payload)}`;
  return { action, central: centralText(t, c.serverRow, names, language), reason, detail: c.reason };
}

/** What an officer's command does, in words (the queue on the link-health panel). */
export function describeAction(t: TFunction, e: { id: string; type: string; payload: Record<string, unknown>; issuedAt: number }, names: ConflictNames, language: Language): string {
  return describeCommandPayload(t, e.type, e.payload, names, language) ?? `${e.type} ${JSON.stringify(e.payload)}`;
}
