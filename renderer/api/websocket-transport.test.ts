import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { boardSocketUrl, createWebSocketTransport, dropTokenFromAddress, type WebSocketLike } from './websocket-transport';
import type { TransportSink } from './transport';

class FakeSocket implements WebSocketLike {
  binaryType: BinaryType = 'blob';
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  sent: string[] = [];
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({} as Event);
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
  receive(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}

function sink() {
  return { message: vi.fn(), frame: vi.fn(), state: vi.fn() } satisfies TransportSink;
}

describe('WebSocket transport', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens, sends JSON, and routes text and binary frames', () => {
    const sockets: FakeSocket[] = [];
    const t = createWebSocketTransport({ url: 'ws://h/board', createSocket: (u) => (sockets.push(new FakeSocket(u)), sockets.at(-1)!) });
    const s = sink();
    t.connect(s);
    expect(sockets[0]!.binaryType).toBe('arraybuffer');
    expect(t.send({ kind: 'call', id: 1, method: 'map.info', arg: {} })).toBe(false);
    sockets[0]!.open();
    expect(s.state).toHaveBeenLastCalledWith('open');
    expect(t.send({ kind: 'call', id: 1, method: 'map.info', arg: {} })).toBe(true);
    expect(JSON.parse(sockets[0]!.sent[0]!)).toEqual({ kind: 'call', id: 1, method: 'map.info', arg: {} });
    const frame = new ArrayBuffer(16);
    sockets[0]!.receive('{"kind":"event"}');
    sockets[0]!.receive(frame);
    expect(s.message).toHaveBeenCalledWith('{"kind":"event"}');
    expect(s.frame).toHaveBeenCalledWith(frame);
  });

  it('reconnects with growing, capped delays and resets after an open', () => {
    const sockets: FakeSocket[] = [];
    const t = createWebSocketTransport({
      url: 'ws://h/board',
      createSocket: (u) => (sockets.push(new FakeSocket(u)), sockets.at(-1)!),
      initialDelayMs: 100,
      maxDelayMs: 300,
      jitter: 0,
    });
    const s = sink();
    t.connect(s);
    sockets[0]!.drop();
    expect(s.state).toHaveBeenLastCalledWith('closed');
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    vi.advanceTimersByTime(200);
    expect(sockets).toHaveLength(3);
    sockets[2]!.drop();
    vi.advanceTimersByTime(299);
    expect(sockets).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(4);
    sockets[3]!.open();
    sockets[3]!.drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(5);
  });

  it('stops reconnecting once closed', () => {
    const sockets: FakeSocket[] = [];
    const t = createWebSocketTransport({ url: 'ws://h/board', createSocket: (u) => (sockets.push(new FakeSocket(u)), sockets.at(-1)!), jitter: 0 });
    t.connect(sink());
    sockets[0]!.open();
    t.close();
    sockets[0]!.drop();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('host token and URL', () => {
  it('takes the wall token out of the address bar (the host signed the wall in by it already)', () => {
    const replaceState = vi.fn();
    const hist = { state: null, replaceState } as unknown as History;
    dropTokenFromAddress({ href: 'http://127.0.0.1:8080/wall?token=s3cr%2Bt&speed=10#x' }, hist);
    expect(replaceState).toHaveBeenCalledWith(null, '', '/wall?speed=10#x');
    replaceState.mockClear();
    dropTokenFromAddress({ href: 'http://127.0.0.1:8080/' }, hist);
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('builds ws and wss URLs to the host that served the page, with no key in them', () => {
    expect(boardSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/board');
    expect(boardSocketUrl({ protocol: 'https:', host: 'wall.local' })).toBe('wss://wall.local/board');
  });
});
