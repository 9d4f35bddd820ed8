import { ExponentialBackoff, fullJitterGenerator, type IBackoff } from 'cockatiel';
import { CentralError } from './central-client';
import type { Endpoints } from './endpoints';
import { toCommand, type Outbox } from '../store/outbox';
import { errorMessage, type Logger } from '../log';

/** Backoff between failed sends: full jitter, 250 ms doubling to a 15 s cap, forever. */
export const PUSH_BACKOFF = { initialDelay: 250, maxDelay: 15_000 } as const;
/** Commands per request: after an outage the queue drains in batches, not one round trip each. */
export const PUSH_BATCH = 100;

/**
 * Sends the outbox to the central in issue order, up to PUSH_BATCH commands a request
 * (the central applies a batch in order, one answer each). It never
 * gives up: link failures and 5xx back off with full jitter (cockatiel's generator)
 * up to a cap; 429/503 wait what Retry-After says; a permanent refusal (4xx, or the
 * central rejecting the action) becomes a conflict for the officer and the queue
 * moves on. A command whose answer was lost is sent again with the same id; the
 * central answers it without applying it twice.
 */
export function createPusher(deps: {
  outbox: Outbox;
  endpoints: Endpoints;
  log: Logger;
  /** The current server row the command touched, for the conflict view. */
  serverRowFor: (type: string, payload: unknown) => unknown;
  onChange: () => void;
  onPushed: () => void;
  backoff?: { initialDelay: number; maxDelay: number };
  batchSize?: number;
}) {
  const { outbox, endpoints, log } = deps;
  const factory = new ExponentialBackoff({ generator: fullJitterGenerator, ...(deps.backoff ?? PUSH_BACKOFF) });
  let backoff: IBackoff<unknown> | null = null;
  let running = false;
  let stopped = false;
  let wake: (() => void) | null = null;
  let sent = 0;
  // After a batch the central refused as a whole, send one at a time until one goes through.
  let single = false;

  /** Waits `ms`, or less if kicked (new command, link restored, endpoint switched). */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function loop() {
    while (!stopped) {
      const entries = outbox.nextBatch(single ? 1 : (deps.batchSize ?? PUSH_BATCH));
      if (entries.length === 0) {
        await sleep(60_000);
        continue;
      }
      const cmds = entries.map(toCommand);
      const cmd = cmds[0]!;
      try {
        const results = cmds.length === 1 ? [await endpoints.execute((c) => c.sendCommand(cmd))] : await endpoints.execute((c) => c.sendCommands(cmds));
        if (stopped) break;
        sent += results.length;
        backoff = null;
        single = false;
        for (const r of results) {
          if (r.status === 'rejected') log('warn', 'push.rejected', { id: r.id, code: r.code, reason: r.reason });
        }
        outbox.recordResults(results, (id) => {
          const c = cmds.find((x) => x.id === id)!;
          return deps.serverRowFor(c.type, c.payload);
        });
        deps.onPushed();
        deps.onChange();
      } catch (e) {
        if (stopped) break;
        if (e instanceof CentralError && !e.transient && cmds.length > 1) {
          // Which command did the central refuse? Send one at a time to find out.
          single = true;
          continue;
        }
        if (e instanceof CentralError && !e.transient) {
          // The central refuses this request for good (malformed, id reused...): park it
          // as a conflict so one bad command cannot block everything behind it.
          log('error', 'push.refused', { id: cmd.id, type: cmd.type, message: e.message });
          outbox.markRejected(cmd.id, e.centralCode ?? `http_${e.status ?? 'error'}`, e.message, deps.serverRowFor(cmd.type, cmd.payload));
          deps.onChange();
          continue;
        }
        const message = errorMessage(e);
        outbox.markAttempt(cmd.id, message);
        let delay: number;
        if (e instanceof CentralError && e.retryAfterMs !== undefined && (e.status === 429 || e.status === 503)) {
          delay = e.retryAfterMs;
          log('warn', 'push.rate_limited', { status: e.status, waitMs: delay });
        } else {
          backoff = (backoff ?? factory).next(undefined);
          delay = backoff.duration;
          log('debug', 'push.retry', { id: cmd.id, waitMs: Math.round(delay), message });
        }
        await sleep(delay);
      }
    }
    running = false;
  }

  return {
    start() {
      if (running || stopped) return;
      running = true;
      void loop();
    },
    /** Something changed that may let the queue move now. */
    kick() {
      backoff = null;
      wake?.();
    },
    sent: () => sent,
    stop() {
      stopped = true;
      wake?.();
    },
  };
}
export type Pusher = ReturnType<typeof createPusher>;
