import { describe, expect, it, vi } from 'vitest';
import { BOARD_PORT_MESSAGE, BOARD_PORT_REQUEST, createElectronTransport } from './electron-transport';
import type { TransportSink } from './transport';

/** A window stand-in: an EventTarget that records what the page posts to itself. */
function fakeWindow() {
  const target = new EventTarget() as EventTarget & { posted: unknown[]; postMessage(data: unknown): void };
  target.posted = [];
  target.postMessage = (data: unknown) => void target.posted.push(data);
  return target;
}

function portMessage(win: unknown, port: MessagePort, data: unknown = { type: BOARD_PORT_MESSAGE }, source: unknown = win) {
  // Node's MessageEvent only accepts a MessagePort as source; a plain Event carries the fields.
  return Object.assign(new Event('message'), { data, ports: [port], source });
}

const nextTick = () => new Promise((r) => setTimeout(r, 10));

describe('Electron transport', () => {
  it('asks for the port, then carries wire messages and frames over it', async () => {
    const win = fakeWindow();
    const t = createElectronTransport(win as unknown as Window);
    const sink = { message: vi.fn(), frame: vi.fn(), state: vi.fn() } satisfies TransportSink;
    t.connect(sink);
    expect(win.posted).toEqual([{ type: BOARD_PORT_REQUEST }]);
    expect(t.send({ kind: 'call', id: 1, method: 'map.info', arg: {} })).toBe(false);

    const { port1, port2 } = new MessageChannel();
    win.dispatchEvent(portMessage(win, port1));
    expect(sink.state).toHaveBeenCalledWith('open');

    const received: unknown[] = [];
    port2.onmessage = (e) => received.push(e.data);
    expect(t.send({ kind: 'call', id: 1, method: 'map.info', arg: {} })).toBe(true);
    port2.postMessage({ kind: 'event', name: 'x', data: {} });
    const frame = new ArrayBuffer(16);
    port2.postMessage(frame, [frame]);
    await nextTick();
    expect(received).toEqual([{ kind: 'call', id: 1, method: 'map.info', arg: {} }]);
    expect(sink.message).toHaveBeenCalledWith({ kind: 'event', name: 'x', data: {} });
    expect(sink.frame).toHaveBeenCalledTimes(1);
    expect((sink.frame.mock.calls[0]![0] as ArrayBuffer).byteLength).toBe(16);
    t.close();
    port2.close();
  });

  it('ignores port messages from other sources or with another type', () => {
    const win = fakeWindow();
    const t = createElectronTransport(win as unknown as Window);
    const sink = { message: vi.fn(), frame: vi.fn(), state: vi.fn() } satisfies TransportSink;
    t.connect(sink);
    const { port1, port2 } = new MessageChannel();
    win.dispatchEvent(portMessage(win, port1, { type: 'something-else' }));
    win.dispatchEvent(portMessage(win, port1, { type: BOARD_PORT_MESSAGE }, null));
    expect(sink.state).not.toHaveBeenCalled();
    port1.close();
    port2.close();
    t.close();
  });
});
