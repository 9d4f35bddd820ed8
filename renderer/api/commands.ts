import { useState } from 'react';
import { BoardError, type BoardMethod, type MethodArg, type MethodResult } from '../../shared/board-api';
import type { BoardClient } from './board-client';

/** The officer actions: board methods that take an idempotency key (`commandId`). */
export type CommandMethod = { [M in BoardMethod]: 'commandId' extends keyof MethodArg<M> ? M : never }[BoardMethod];

/**
 * A fresh idempotency key (a UUID). crypto.randomUUID exists only in secure contexts; a
 * console opened from another machine over plain http on the LAN is not one, so fall back
 * to a version-4 UUID from getRandomValues, which exists everywhere.
 */
export function newCommandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type CommandIds = {
  /** The key for this intent: the one already used for the same action and payload if that attempt was not answered, else a new one. */
  keyFor(intent: unknown): string;
  /** The backend answered (the command is queued, or refused): the same payload again is a new intent. */
  settle(intent: unknown): void;
};

/**
 * One idempotency key per officer intent. Sending the same intent again after a lost
 * answer reuses its key, so the backend answers the command it already queued instead of
 * queuing it twice; once an attempt is answered, doing the same thing again (a second
 * booking of −5) is a new intent with a new key.
 */
export function createCommandIds(newId: () => string = newCommandId): CommandIds {
  const open = new Map<string, string>();
  return {
    keyFor(intent) {
      const k = JSON.stringify(intent);
      let id = open.get(k);
      if (!id) open.set(k, (id = newId()));
      return id;
    },
    settle(intent) {
      open.delete(JSON.stringify(intent));
    },
  };
}

/** The command ids of one form or list, for its lifetime. */
export function useCommandIds(): CommandIds {
  const [ids] = useState(() => createCommandIds());
  return ids;
}

/**
 * The one way to send an officer's action: with its intent's key. `unavailable` means no
 * answer came (the command may be queued): the key is kept for the officer's retry. Any
 * other answer, yes or no, settles it.
 */
export async function sendCommand<M extends CommandMethod>(client: BoardClient, ids: CommandIds, method: M, arg: Omit<MethodArg<M>, 'commandId'>): Promise<MethodResult<M>> {
  const intent = { method, arg };
  const commandId = ids.keyFor(intent);
  try {
    const result = await client.call(method, { ...arg, commandId } as MethodArg<M>);
    ids.settle(intent);
    return result;
  } catch (error) {
    if (!(error instanceof BoardError && error.code === 'unavailable')) ids.settle(intent);
    throw error;
  }
}
