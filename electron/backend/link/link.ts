import type { LinkState, LinkStatus } from '../../../shared/board-api';

/** After this long without getting the link back, "reconnecting" becomes "offline". */
export const OFFLINE_AFTER_MS = 10_000;

/**
 * The link state the board shows. `connected` needs both a live stream and a good
 * pull; any failure makes it `reconnecting`, and `offline` once that has lasted
 * OFFLINE_AFTER_MS. Pure state with an injected clock so tests can drive it.
 */
export function createLinkMonitor(
  endpoint: string,
  cursor: number,
  onChange: (s: LinkStatus) => void,
  now: () => number = Date.now,
  offlineAfterMs = OFFLINE_AFTER_MS,
) {
  let status: LinkStatus = {
    state: 'reconnecting', endpoint, since: now(), lastPullAt: null, lastPositionAt: null, cursor, lastError: null,
    endpointName: 'primary', queueDepth: 0, conflicts: 0, lastPushAt: null, cut: false,
    unknownOutcomes: 0, resync: null, clockSkewMs: null, lastRewind: null,
  };
  let liveOpen = false;
  let pullOk = false;
  let failingSince: number | null = now();

  const emit = (next: Partial<LinkStatus>) => {
    status = { ...status, ...next };
    onChange(status);
  };
  const setState = (state: LinkState) => {
    if (state !== status.state) emit({ state, since: now() });
  };
  const evaluate = () => {
    if (liveOpen && pullOk) {
      failingSince = null;
      setState('connected');
    } else {
      failingSince ??= now();
      setState(now() - failingSince >= offlineAfterMs ? 'offline' : 'reconnecting');
    }
  };

  return {
    status: () => status,
    pulled(cursor: number) {
      pullOk = true;
      emit({ lastPullAt: now(), cursor });
      evaluate();
    },
    pullFailed(code: string, message: string) {
      pullOk = false;
      emit({ lastError: { code, message, at: now() } });
      evaluate();
    },
    /** A bad payload is not a dead link: record it without changing the state. */
    payloadRejected(code: string, message: string) {
      emit({ lastError: { code, message, at: now() } });
    },
    liveOpened() {
      liveOpen = true;
      evaluate();
    },
    liveClosed(code: string, message: string) {
      liveOpen = false;
      emit({ lastError: { code, message, at: now() } });
      evaluate();
    },
    positions(at: number) {
      status = { ...status, lastPositionAt: at };
    },
    pushed() {
      emit({ lastPushAt: now() });
    },
    queue(queueDepth: number, conflicts: number, unknownOutcomes = status.unknownOutcomes) {
      if (queueDepth !== status.queueDepth || conflicts !== status.conflicts || unknownOutcomes !== status.unknownOutcomes) emit({ queueDepth, conflicts, unknownOutcomes });
    },
    /** A rewind started (reason) or ended (null). */
    resync(reason: string | null) {
      if (reason === null) {
        if (status.resync !== null) emit({ resync: null });
      } else if (status.resync?.reason !== reason) emit({ resync: { since: now(), reason } });
    },
    rewound(r: { at: number; reason: string; requeued: number } | null) {
      emit({ resync: null, lastRewind: r ? { at: r.at, reason: r.reason, requeued: r.requeued } : null });
    },
    clockSkew(ms: number | null) {
      // Only a change worth telling (a second or more) makes an event.
      if ((ms === null) !== (status.clockSkewMs === null) || (ms !== null && status.clockSkewMs !== null && Math.abs(ms - status.clockSkewMs) >= 1000)) emit({ clockSkewMs: ms });
    },
    endpoint(endpointName: LinkStatus['endpointName'], url: string) {
      emit({ endpointName, endpoint: url });
    },
    cut(cut: boolean) {
      emit({ cut });
    },
    /** Called periodically so "reconnecting" turns into "offline" without a new event. */
    tick: evaluate,
  };
}
export type LinkMonitor = ReturnType<typeof createLinkMonitor>;
