import type { Command, CommandResult } from '../../../shared/central-api';
import { CentralError } from './central-client';
import { toCommand, type Outbox, type OutboxEntry } from '../store/outbox';
import { errorMessage, type Logger } from '../log';

/** Backoff between failed sends: 250 ms doubling to a 15 s cap, forever. */
export const PUSH_BACKOFF = { initialDelay: 250, maxDelay: 15_000 } as const;
/** Most commands per request: after an outage the queue drains in batches, not one round trip each. */
export const PUSH_BATCH = 100;
/**
 * Most bytes per request body, under the reference central's 64 KiB limit with room for
 * the envelope; a central that says it takes less (GET /health) is believed.
 */
export const PUSH_BATCH_BYTES = 56 * 1024;

/**
 * The wait before retry `attempt` (0-based): "equal jitter" — half the ceiling plus a random
 * share of the other half, the ceiling doubling from `initialDelay` to `maxDelay`. Never 0,
 * so a failing central is never hammered; never over the cap.
 */
export function backoffDelay(attempt: number, random: () => number, policy: { initialDelay: number; maxDelay: number } = PUSH_BACKOFF): number {
  const ceiling = Math.min(policy.maxDelay, policy.initialDelay * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * The oldest pending commands that fit one request: at most `maxCount`, and at most
 * `maxBytes` of body (a single command larger than that still goes alone: the central
 * then refuses it for good, and it becomes a conflict instead of blocking the queue).
 */
export function takeBatch(entries: readonly OutboxEntry[], maxBytes: number): { commands: Command[]; bytes: number } {
  const commands: Command[] = [];
  let bytes = '{"commands":[]}'.length;
  for (const e of entries) {
    const cmd = toCommand(e);
    const size = Buffer.byteLength(JSON.stringify(cmd)) + 1;
    if (commands.length > 0 && bytes + size > maxBytes) break;
    commands.push(cmd);
    bytes += size;
  }
  return { commands, bytes };
}

/** Central refusals that say the command itself is wrong: it will never be applied as it is. */
const isPermanentRefusal = (e: CentralError) =>
  e.fromCentral && (e.status === 400 || e.status === 422 || (e.status === 409 && e.centralCode === 'idempotency_conflict'));

export type PusherDeps = {
  outbox: Outbox;
  log: Logger;
  /** Sends commands to the endpoint in service (with this client's known point as a precondition). */
  send: (cmds: readonly Command[]) => Promise<CommandResult[]>;
  /** The current server row the command touched, for the conflict view. */
  serverRowFor: (type: string, payload: unknown) => unknown;
  onChange: () => void;
  onPushed: () => void;
  /** The central does not hold this client's view of its history: re-synchronise before anything else is sent. */
  onRewind: (e: CentralError) => void;
  /** While true (a rewind runs) nothing is sent. */
  paused?: () => boolean;
  /** A link event worth keeping (a Retry-After out of bounds, an unreadable answer). */
  onEvent?: (kind: string, detail: string) => void;
  /** The largest body the central in service accepts (null: it did not say). */
  centralMaxBytes?: () => number | null;
  backoff?: { initialDelay: number; maxDelay: number };
  batchSize?: number;
  batchBytes?: number;
  random?: () => number;
};

/**
 * Sends the outbox to the central in issue order, oldest first, in batches bounded by
 * count and by bytes (the central applies a batch in order, one answer each). It never
 * gives up. The rules that keep "exactly once":
 *
 *  - Only an answer the central itself made is believed. Its per-command refusals and its
 *    well-formed 4xx refusals of a command are permanent: the command becomes a conflict.
 *  - Any other failure leaves the outcome unknown (the central may have applied it before
 *    a gateway garbled the answer): the SAME ids are retried, with backoff, until the
 *    central answers readably; a multi-command batch is halved on each such failure in
 *    case something between us and the central refuses its size.
 *  - 429/503 wait what Retry-After says (bounded); other transient failures back off with
 *    jitter from 250 ms to 15 s.
 *  - A 409 saying this client's view of history is not the central's (it was restored from
 *    an older copy, or a lagging backup took over) applied nothing: the pusher stops and
 *    the rewind re-synchronises and re-queues what the central lost, in its original place.
 */
export function createPusher(deps: PusherDeps) {
  const { outbox, log } = deps;
  const random = deps.random ?? Math.random;
  const batchSize = deps.batchSize ?? PUSH_BATCH;
  let attempt = 0;
  let running = false;
  let stopped = false;
  let wake: (() => void) | null = null;
  let sent = 0;
  let unknownOutcomes = 0;
  let sends = 0;
  // After a batch the central refused as a whole, send one at a time until one goes through.
  let single = false;
  // Shrinks while multi-command batches come back unreadable; back to full after a success.
  let sizeCap = batchSize;
  let inflight: Promise<unknown> | null = null;
  let idleWaiters: (() => void)[] = [];

  /** Waits `ms`, or less if kicked (new command, link restored, endpoint switched, rewind done). */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        if (wake === done) wake = null;
        resolve();
      }
      wake = done;
    });

  const maxBytes = () => Math.min(deps.batchBytes ?? PUSH_BATCH_BYTES, deps.centralMaxBytes?.() ?? Infinity);

  async function loop() {
    while (!stopped) {
      if (deps.paused?.()) {
        await sleep(60_000);
        continue;
      }
      const entries = outbox.nextBatch(single ? 1 : Math.max(1, sizeCap));
      if (entries.length === 0) {
        await sleep(60_000);
        continue;
      }
      const { commands: cmds } = takeBatch(entries, maxBytes());
      const ids = cmds.map((c) => c.id);
      try {
        sends++;
        const request = deps.send(cmds);
        inflight = request;
        let results: CommandResult[];
        try {
          results = await request;
        } finally {
          inflight = null;
          idleWaiters.splice(0).forEach((w) => w());
        }
        if (stopped) break;
        sent += results.length;
        attempt = 0;
        single = false;
        sizeCap = batchSize;
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
        const err = e instanceof CentralError ? e : new CentralError('malformed', `push failed: ${errorMessage(e)}`);
        if (err.rewind) {
          log('warn', 'push.history_refused', { code: err.centralCode, message: err.message });
          deps.onRewind(err);
          continue;
        }
        if (err.fromCentral && err.status === 413) {
          if (cmds.length > 1) {
            sizeCap = Math.max(1, Math.ceil(cmds.length / 2));
            log('warn', 'push.too_large', { commands: cmds.length, next: sizeCap });
            continue;
          }
          outbox.markRejected(cmds[0]!.id, err.centralCode ?? 'payload_too_large', err.message, deps.serverRowFor(cmds[0]!.type, cmds[0]!.payload));
          deps.onChange();
          continue;
        }
        if (isPermanentRefusal(err)) {
          if (cmds.length > 1) {
            // Which command did the central refuse? Send one at a time to find out.
            single = true;
            continue;
          }
          // The central refuses this command for good: park it as a conflict so one bad
          // command cannot block everything behind it.
          const cmd = cmds[0]!;
          log('error', 'push.refused', { id: cmd.id, type: cmd.type, message: err.message });
          outbox.markRejected(cmd.id, err.centralCode ?? `http_${err.status ?? 'error'}`, err.message, deps.serverRowFor(cmd.type, cmd.payload));
          deps.onChange();
          continue;
        }
        const message = err.message;
        if (err.outcomeUnknown) {
          unknownOutcomes++;
          outbox.markUnknown(ids, message);
          deps.onEvent?.('outcome_unknown', `${cmds.length} command(s): ${message}`);
          if (cmds.length > 1) sizeCap = Math.max(1, Math.ceil(cmds.length / 2));
          deps.onChange();
        } else outbox.markAttempt(ids, message);
        if (err.code === 'aborted') continue; // the endpoint was switched: retry at once on the new one
        let delay: number;
        if (err.retryAfterMs !== undefined && (err.status === 429 || err.status === 503)) {
          delay = err.retryAfterMs;
          if (err.retryAfterProblem) deps.onEvent?.('retry_after', err.retryAfterProblem);
          log('warn', 'push.rate_limited', { status: err.status, waitMs: delay, problem: err.retryAfterProblem ?? null });
          // A zero wait (a Retry-After in the past) still must not spin.
          if (delay === 0) delay = backoffDelay(attempt++, random, deps.backoff);
        } else {
          if (err.retryAfterProblem) deps.onEvent?.('retry_after', err.retryAfterProblem);
          delay = backoffDelay(attempt++, random, deps.backoff);
          log('debug', 'push.retry', { ids: ids.length, waitMs: Math.round(delay), message });
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
      attempt = 0;
      wake?.();
    },
    /** Resolves once no request is in flight (the rewind waits for one that may still answer). */
    idle(): Promise<void> {
      if (!inflight) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    sent: () => sent,
    sends: () => sends,
    unknownOutcomes: () => unknownOutcomes,
    stop() {
      stopped = true;
      wake?.();
      idleWaiters.splice(0).forEach((w) => w());
      idleWaiters = [];
    },
  };
}
export type Pusher = ReturnType<typeof createPusher>;
