import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoardError, type LinkStatus } from '../../shared/board-api';
import { encodePositions } from '../../shared/positions-codec';
import { encodeBinaryResult } from '../../shared/board/binary-result';
import { createBoardClient } from './board-client';
import { createFakeTransport } from './fake-transport';

const link: LinkStatus = {
  state: 'connected',
  endpoint: 'http://127.0.0.1:9000',
  since: 1,
  lastPullAt: 2,
  lastPositionAt: null,
  cursor: 5,
  lastError: null,
  endpointName: 'primary',
  queueDepth: 0,
  conflicts: 0,
  lastPushAt: null,
  cut: false,
  unknownOutcomes: 0,
  resync: null,
  clockSkewMs: null,
  lastRewind: null,
};

function setup(initial: 'open' | 'closed' = 'open') {
  const transport = createFakeTransport(initial);
  const logError = vi.fn();
  const client = createBoardClient(transport, { timeoutMs: 1000, logError });
  return { transport, client, logError };
}

describe('board client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a call and resolves with the validated result', async () => {
    const { transport, client } = setup();
    const p = client.call('link.status', {});
    expect(transport.sent).toEqual([{ kind: 'call', id: 1, method: 'link.status', arg: {} }]);
    transport.deliver({ kind: 'result', id: 1, ok: true, value: link });
    await expect(p).resolves.toEqual(link);
  });

  it('accepts JSON strings (WebSocket) as well as objects (MessagePort)', async () => {
    const { transport, client } = setup();
    const p = client.call('link.status', {});
    transport.deliver(JSON.stringify({ kind: 'result', id: 1, ok: true, value: link }));
    await expect(p).resolves.toEqual(link);
  });

  it('turns an error answer into a BoardError with its code', async () => {
    const { transport, client } = setup();
    const p = client.call('site.detail', { siteId: 'nope' });
    transport.deliver({ kind: 'result', id: 1, ok: false, error: { code: 'not_found', message: 'no site nope' } });
    const error = await p.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoardError);
    expect(error).toMatchObject({ code: 'not_found', message: 'no site nope' });
    expect(client.stats().failedCalls).toBe(1);
  });

  it('keeps a refusal’s params, which the UI needs to say why in words', async () => {
    const { transport, client } = setup();
    const p = client.call('site.detail', { siteId: 'qp-03' });
    transport.deliver({ kind: 'result', id: 1, ok: false, error: { code: 'insufficient_stock', message: 'x', params: { site: 'qp-03', item: 'helmet', have: 8, need: 12 } } });
    expect(await p.catch((e: unknown) => e)).toMatchObject({ code: 'insufficient_stock', params: { site: 'qp-03', item: 'helmet', have: 8, need: 12 } });
  });

  it('rejects a result that does not match the method schema, and counts it', async () => {
    const { transport, client, logError } = setup();
    const p = client.call('link.status', {});
    transport.deliver({ kind: 'result', id: 1, ok: true, value: { ...link, state: 'sideways' } });
    await expect(p).rejects.toMatchObject({ code: 'internal' });
    expect(client.stats().invalidMessages).toBe(1);
    expect(logError).toHaveBeenCalled();
  });

  it('rejects a bad argument before sending it', async () => {
    const { transport, client } = setup();
    // @ts-expect-error deliberately wrong argument
    await expect(client.call('site.detail', { site: 1 })).rejects.toMatchObject({ code: 'bad_request' });
    expect(transport.sent).toHaveLength(0);
  });

  it('times out with unavailable', async () => {
    const { client } = setup();
    const p = client.call('map.info', {});
    const caught = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1001);
    expect(await caught).toMatchObject({ code: 'unavailable' });
  });

  it('logs and counts invalid messages without throwing', () => {
    const { transport, client, logError } = setup();
    expect(() => {
      transport.deliver('{not json');
      transport.deliver({ kind: 'mystery' });
      transport.deliver({ kind: 'event', name: 'no.such.event', data: {} });
      transport.deliver({ kind: 'event', name: 'link.changed', data: { state: 'connected' } });
      transport.deliver(42);
    }).not.toThrow();
    expect(client.stats().invalidMessages).toBe(5);
    expect(logError).toHaveBeenCalledTimes(5);
  });

  it('delivers validated events to subscribers until they unsubscribe', () => {
    const { transport, client } = setup();
    const seen: LinkStatus[] = [];
    const off = client.on('link.changed', (s) => seen.push(s));
    const changed = vi.fn();
    client.on('data.changed', changed);
    transport.deliver({ kind: 'event', name: 'link.changed', data: link });
    transport.deliver({ kind: 'event', name: 'data.changed', data: { tables: ['stock'], cursor: 9 } });
    off();
    transport.deliver({ kind: 'event', name: 'link.changed', data: link });
    expect(seen).toEqual([link]);
    expect(changed).toHaveBeenCalledWith({ tables: ['stock'], cursor: 9 });
  });

  it('keeps delivering when a listener throws', () => {
    const { transport, client, logError } = setup();
    const second = vi.fn();
    client.on('link.changed', () => {
      throw new Error('UI bug');
    });
    client.on('link.changed', second);
    transport.deliver({ kind: 'event', name: 'link.changed', data: link });
    expect(second).toHaveBeenCalled();
    expect(logError).toHaveBeenCalled();
  });

  it('passes well-formed position frames on and drops bad ones', () => {
    const { transport, client } = setup();
    const frames: ArrayBuffer[] = [];
    client.onPositions((f) => frames.push(f));
    const good = encodePositions([{ vehicleNo: 1, lon: 11.97, lat: 57.7, heading: 90, speedKmh: 30, ts: 1 }], 1000);
    transport.deliverFrame(good);
    transport.deliverFrame(new ArrayBuffer(7));
    expect(frames).toEqual([good]);
    expect(client.stats().invalidFrames).toBe(1);
  });

  it('resolves a call with the bytes of a binary result frame (WebSocket), and from a structured-clone result (port)', async () => {
    const { transport, client } = setup();
    const positions: ArrayBuffer[] = [];
    client.onPositions((f) => positions.push(f));
    const overSocket = client.call('map.tile', { z: 14, x: 1, y: 2 });
    const overPort = client.call('map.tile', { z: 14, x: 1, y: 3 });
    const [a, b] = transport.sent.map((m) => m.id);
    transport.deliverFrame(encodeBinaryResult(a!, new Uint8Array([0x1a, 2, 3])));
    transport.deliver({ kind: 'result', id: b, ok: true, value: { data: new Uint8Array([0x1a, 9]) } });
    expect([...(await overSocket).data!]).toEqual([0x1a, 2, 3]);
    expect([...(await overPort).data!]).toEqual([0x1a, 9]);
    expect(positions).toEqual([]);
    expect(client.stats()).toMatchObject({ invalidFrames: 0, invalidMessages: 0 });
  });

  it('refuses a tile that is not bytes, and drops a binary result frame that is malformed', async () => {
    const { transport, client } = setup();
    const p = client.call('map.tile', { z: 14, x: 1, y: 2 });
    const bad = encodeBinaryResult(transport.sent[0]!.id, new Uint8Array([1]));
    new DataView(bad).setUint32(4, 7, true); // reserved bytes not 0
    transport.deliverFrame(bad);
    expect(client.stats().invalidFrames).toBe(1);
    // base64 text is what the old wire carried: it is no tile now.
    transport.deliver({ kind: 'result', id: transport.sent[0]!.id, ok: true, value: { data: 'AQID' } });
    await expect(p).rejects.toMatchObject({ code: 'internal' });
    expect(client.stats().invalidMessages).toBe(1);
  });

  it('hands each frame on with its header read, so no listener checks it again', () => {
    const { transport, client } = setup();
    const headers: { count: number; ts: number; seq: number }[] = [];
    client.onPositions((_f, checked) => headers.push({ count: checked.count, ts: checked.ts, seq: checked.seq }));
    transport.deliverFrame(encodePositions([{ vehicleNo: 1, lon: 11.97, lat: 57.7, heading: 90, speedKmh: 30, ts: 1 }, { vehicleNo: 2, lon: 11.98, lat: 57.7, heading: 0, speedKmh: 0, ts: 1 }], 1000, 7));
    expect(headers).toEqual([{ count: 2, ts: 1000, seq: 7 }]);
  });

  it('queues calls while closed and sends them when the connection opens', async () => {
    const { transport, client } = setup('closed');
    const states: string[] = [];
    client.onConnection((s) => states.push(s));
    const p = client.call('link.status', {});
    expect(transport.sent).toHaveLength(0);
    transport.setState('open');
    expect(states).toEqual(['open']);
    expect(transport.sent).toHaveLength(1);
    transport.deliver({ kind: 'result', id: transport.sent[0]!.id, ok: true, value: link });
    await expect(p).resolves.toEqual(link);
  });

  it('fails calls in flight with unavailable when the connection drops', async () => {
    const { transport, client } = setup();
    const p = client.call('map.info', {});
    transport.setState('closed');
    await expect(p).rejects.toMatchObject({ code: 'unavailable' });
    expect(client.connection()).toBe('closed');
  });

  it('ignores a result for an unknown call id', () => {
    const { transport, client } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    transport.deliver({ kind: 'result', id: 77, ok: true, value: null });
    expect(client.stats().invalidMessages).toBe(0);
    warn.mockRestore();
  });

  it('close() fails pending calls and closes the transport', async () => {
    const { transport, client } = setup();
    const p = client.call('map.info', {});
    client.close();
    await expect(p).rejects.toMatchObject({ code: 'unavailable' });
    expect(transport.closedByClient).toBe(true);
    await expect(client.call('map.info', {})).rejects.toMatchObject({ code: 'unavailable' });
  });
});
