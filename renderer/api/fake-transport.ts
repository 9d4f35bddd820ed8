import type { ClientMessage } from '../../shared/board-api';
import type { BoardTransport, TransportSink, TransportState } from './transport';

/** An in-memory transport for tests: records what the client sent, lets the test answer. */
export type FakeTransport = BoardTransport & {
  sent: ClientMessage[];
  setState(state: TransportState): void;
  deliver(data: unknown): void;
  deliverFrame(frame: ArrayBuffer): void;
  closedByClient: boolean;
};

export function createFakeTransport(initial: TransportState = 'open'): FakeTransport {
  let sink: TransportSink | null = null;
  let state = initial;
  const fake: FakeTransport = {
    kind: 'fake',
    sent: [],
    closedByClient: false,
    connect(s) {
      sink = s;
      if (state === 'open') s.state('open');
    },
    send(message) {
      if (state !== 'open') return false;
      fake.sent.push(message);
      return true;
    },
    close() {
      fake.closedByClient = true;
    },
    setState(next) {
      state = next;
      sink?.state(next);
    },
    deliver(data) {
      sink?.message(data);
    },
    deliverFrame(frame) {
      sink?.frame(frame);
    },
  };
  return fake;
}
