import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoardError } from '../../shared/board-api';
import type { BoardClient } from './board-client';
import { createCommandIds, newCommandId, sendCommand, type CommandMethod } from './commands';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('command ids', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('are version-4 UUIDs, also where crypto.randomUUID is missing (plain http on the LAN)', () => {
    expect(newCommandId()).toMatch(UUID_V4);
    expect(newCommandId()).not.toBe(newCommandId());
    vi.stubGlobal('crypto', { getRandomValues: <T extends ArrayBufferView>(a: T) => a });
    expect(newCommandId()).toMatch(UUID_V4);
  });

  it('reuse the key of an intent sent again before it was answered', () => {
    let n = 0;
    const ids = createCommandIds(() => `id-${++n}`);
    const booking = { method: 'stock.adjust', arg: { siteId: 'qp-03', itemId: 'helmet', delta: -5, reason: '防汛' } };
    const first = ids.keyFor(booking);
    expect(ids.keyFor(structuredClone(booking))).toBe(first);
    expect(ids.keyFor({ ...booking, arg: { ...booking.arg, delta: -6 } })).not.toBe(first);
  });

  it('give the same action a new key once the last one was answered', () => {
    let n = 0;
    const ids = createCommandIds(() => `id-${++n}`);
    const confirm = { method: 'dispatch.confirmDelivery', arg: { dispatchId: 'd1' } };
    const first = ids.keyFor(confirm);
    ids.settle(confirm);
    expect(ids.keyFor(confirm)).not.toBe(first);
  });
});

describe('sendCommand', () => {
  const ack = { commandId: '00000000-0000-4000-8000-000000000001', issuedAt: 1 };
  const clientAnswering = (...answers: (BoardError | null)[]) => {
    const sent: { method: string; arg: Record<string, unknown> }[] = [];
    const call = vi.fn(async (method: string, arg: Record<string, unknown>) => {
      sent.push({ method, arg });
      const a = answers.shift();
      if (a) throw a;
      return ack;
    });
    return { client: { call } as unknown as BoardClient, sent };
  };
  const arg = { dispatchId: '00000000-0000-4000-8000-000000000002' };

  it('sends the same key again after no answer, and a new one after an answer', async () => {
    const { client, sent } = clientAnswering(new BoardError('unavailable', 'no answer'), null, null);
    const ids = createCommandIds();
    await expect(sendCommand(client, ids, 'dispatch.confirmDelivery', arg)).rejects.toThrow(BoardError);
    await sendCommand(client, ids, 'dispatch.confirmDelivery', arg);
    await sendCommand(client, ids, 'dispatch.confirmDelivery', arg);
    const keys = sent.map((s) => s.arg.commandId);
    expect(keys[0]).toMatch(UUID_V4);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('settles a refused command: trying again is a new intent', async () => {
    const { client, sent } = clientAnswering(new BoardError('dispatch_closed', 'closed', { status: 'delivered' }), null);
    const ids = createCommandIds();
    await expect(sendCommand(client, ids, 'dispatch.confirmDelivery', arg)).rejects.toThrow(BoardError);
    await sendCommand(client, ids, 'dispatch.confirmDelivery', arg);
    expect(sent[1]!.arg.commandId).not.toBe(sent[0]!.arg.commandId);
  });

  /** Every officer action goes through sendCommand, so none is sent without its key. */
  it('is how the renderer sends every officer action', () => {
    const sources = import.meta.glob(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.test.tsx'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
    const actions: CommandMethod[] = ['stock.adjust', 'vehicle.setStatus', 'request.create', 'dispatch.accept', 'dispatch.confirmPickup', 'dispatch.confirmDelivery', 'request.cancel', 'dispatch.cancel'];
    for (const [file, src] of Object.entries(sources)) {
      for (const a of actions) expect(src.includes(`call('${a}'`), `${file} calls ${a} without sendCommand`).toBe(false);
    }
  });
});
