/**
 * The pusher on a controlled clock (vitest fake timers) and a controlled jitter source,
 * against a scripted central: batch limits by count and bytes, backoff bounds and jitter,
 * Retry-After on 429 and 503 (garbage, negative and huge ones too), the outcome-unknown
 * path, permanent refusals, history refusals, and that it never gives up.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Command, CommandResult } from '../../../shared/central-api';
import { openStore, type Db } from '../store/database';
import { createOutbox, type Outbox } from '../store/outbox';
import { tempDir, testCacheKey } from '../test-support';
import { CentralError, MAX_RETRY_AFTER_MS, retryAfter } from './central-client';
import { backoffDelay, createPusher, PUSH_BACKOFF, takeBatch, type PusherDeps } from './pusher';

const cacheKey = testCacheKey();

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let outbox: Outbox;
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  tmp = tempDir('jb-pusher-');
  db = openStore(join(tmp.dir, 'cache.sqlite'), { key: cacheKey });
  outbox = createOutbox(db);
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
  tmp.remove();
});

type Sent = { at: number; ids: string[]; bytes: number };
type Answer = CommandResult[] | CentralError | ((cmds: readonly Command[]) => CommandResult[] | CentralError);

/** A scripted central: answers from the script in order, then applies everything. */
function scripted(script: Answer[]) {
  const sent: Sent[] = [];
  const send = async (cmds: readonly Command[]): Promise<CommandResult[]> => {
    sent.push({ at: Date.now(), ids: cmds.map((c) => c.id), bytes: Buffer.byteLength(JSON.stringify({ commands: cmds })) });
    const next = script.shift() ?? ((c: readonly Command[]) => c.map((x, i) => ({ id: x.id, status: 'applied' as const, cursor: 100 + sent.length * 1000 + i })));
    const answer = typeof next === 'function' ? next(cmds) : next;
    if (answer instanceof CentralError) throw answer;
    return answer;
  };
  return { sent, send };
}

const applyAll = (cmds: readonly Command[]): CommandResult[] => cmds.map((c, i) => ({ id: c.id, status: 'applied', cursor: 10 + i, chain: 'abcdef0123456789' }));
const garbled = () => new CentralError('malformed', 'POST /commands: answer is not JSON (60 bytes, starts "<!DOCTYPE html>")', 200);
const proxy = (status: number) => new CentralError('http', `POST /commands: HTTP ${status} (not the central’s answer): <html>`, status);
const central = (status: number, code: string, ra?: { ms?: number; problem?: string }) =>
  new CentralError('http', `POST /commands: HTTP ${status} (central ${code})`, status, ra?.ms, code, ra?.problem);

function pusherWith(send: PusherDeps['send'], extra: Partial<PusherDeps> = {}) {
  const events: [string, string][] = [];
  const rewinds: CentralError[] = [];
  const p = createPusher({
    outbox,
    log: () => {},
    send,
    serverRowFor: () => null,
    onChange: () => {},
    onPushed: () => {},
    onRewind: (e) => rewinds.push(e),
    onEvent: (k, d) => events.push([k, d]),
    random: () => 0.5,
    ...extra,
  });
  return { p, events, rewinds };
}

const adjust = (n: number, reason = `r${n}`) => outbox.enqueue('stock.adjust', { siteId: 'depot-east', itemId: 'helmet', delta: 1, reason });

/** Lets the loop run until `done()` (or the fake clock has gone `maxMs` further). */
async function runUntil(done: () => boolean, maxMs = 10 * 60_000) {
  const until = Date.now() + maxMs;
  while (!done() && Date.now() < until) await vi.advanceTimersToNextTimerAsync();
  await vi.advanceTimersByTimeAsync(0);
}

describe('batches', () => {
  it('sends the oldest pending commands first, at most the count limit per request, in issue order', async () => {
    const cmds = Array.from({ length: 25 }, (_, i) => adjust(i));
    const c = scripted([applyAll, applyAll, applyAll]);
    const { p } = pusherWith(c.send, { batchSize: 10 });
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(c.sent.map((s) => s.ids.length)).toEqual([10, 10, 5]);
    expect(c.sent.flatMap((s) => s.ids)).toEqual(cmds.map((x) => x.id));
  });

  it('keeps each request under the byte limit: 100 commands with long reasons go in several requests', async () => {
    const long = '应急物资入库，批次核对无误，已签收并存放于指定货位。'.repeat(8).slice(0, 200);
    for (let i = 0; i < 100; i++) adjust(i, long);
    const c = scripted([]);
    const { p } = pusherWith(c.send, { batchSize: 100 });
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(c.sent.length).toBeGreaterThan(1);
    for (const s of c.sent) expect(s.bytes).toBeLessThanOrEqual(56 * 1024);
    // Unbounded by bytes, the same 100 would have been one body over the central's 64 KiB.
    expect(c.sent.reduce((n, s) => n + s.bytes, 0)).toBeGreaterThan(64 * 1024);
    expect(c.sent.reduce((n, s) => n + s.ids.length, 0)).toBe(100);
  });

  it('believes a central that says it takes less', async () => {
    for (let i = 0; i < 40; i++) adjust(i, 'x'.repeat(150));
    const c = scripted([]);
    const { p } = pusherWith(c.send, { centralMaxBytes: () => 4096 });
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    for (const s of c.sent) expect(s.bytes).toBeLessThanOrEqual(4096);
  });

  it('takeBatch always takes at least one command, however large', () => {
    adjust(1, 'y'.repeat(200));
    expect(takeBatch(outbox.nextBatch(5), 10).commands).toHaveLength(1);
  });
});

describe('backoff', () => {
  it('stays within [ceiling/2, ceiling], the ceiling doubling from 250 ms to a 15 s cap', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(PUSH_BACKOFF.maxDelay, PUSH_BACKOFF.initialDelay * 2 ** attempt);
      expect(backoffDelay(attempt, () => 0)).toBe(ceiling / 2);
      expect(backoffDelay(attempt, () => 0.999_999)).toBeLessThanOrEqual(ceiling);
      expect(backoffDelay(attempt, () => 0.999_999)).toBeGreaterThan(ceiling * 0.99);
    }
    expect(backoffDelay(0, () => 0)).toBe(125);
    expect(backoffDelay(100, () => 1)).toBe(15_000);
  });

  it('is jittered: different random draws give different waits', () => {
    const waits = new Set([0.1, 0.4, 0.7, 0.9].map((r) => backoffDelay(5, () => r)));
    expect(waits.size).toBe(4);
  });

  it('waits as the backoff says between failed sends, and never gives up', async () => {
    adjust(1);
    const failures = Array.from({ length: 300 }, () => new CentralError('network', 'POST /commands: connect ECONNREFUSED 127.0.0.1:9'));
    const c = scripted([...failures, applyAll]);
    const draws = [0, 0.25, 0.5, 0.75, 1 - 1e-9];
    let k = 0;
    const { p } = pusherWith(c.send, { random: () => draws[k++ % draws.length]! });
    p.start();
    await runUntil(() => outbox.pendingCount() === 0, 24 * 3600_000);
    p.stop();
    expect(c.sent).toHaveLength(301);
    const gaps = c.sent.slice(1).map((s, i) => s.at - c.sent[i]!.at);
    gaps.forEach((gap, attempt) => {
      const ceiling = Math.min(15_000, 250 * 2 ** attempt);
      expect(gap).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      expect(gap).toBeLessThanOrEqual(Math.ceil(ceiling));
    });
    expect(Math.max(...gaps)).toBeLessThanOrEqual(15_000);
    expect(outbox.get(c.sent[0]!.ids[0]!)).toMatchObject({ state: 'applied', attempts: 300 });
    // Never reached the central: not an unknown outcome.
    expect(outbox.get(c.sent[0]!.ids[0]!)?.unknownSince).toBeNull();
  });
});

describe('Retry-After', () => {
  it.each([
    ['429', 429, 'rate_limited'],
    ['503', 503, 'unavailable'],
  ])('on %s waits what the central says', async (_n, status, code) => {
    adjust(1);
    const c = scripted([central(status, code, { ms: 7_000 }), applyAll]);
    const { p } = pusherWith(c.send);
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(c.sent[1]!.at - c.sent[0]!.at).toBe(7_000);
  });

  it('reads seconds and dates, ignores garbage, waits nothing for the past, caps a huge one and says so', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    expect(retryAfter('3', now)).toEqual({ ms: 3000 });
    expect(retryAfter('Wed, 02 Dec 2026 10:00:05 GMT', now)).toEqual({ ms: 5000 });
    expect(retryAfter('soon', now).ms).toBeUndefined();
    expect(retryAfter('soon', now).problem).toMatch(/neither seconds nor a date/);
    expect(retryAfter('-40', now)).toMatchObject({ ms: 0, problem: expect.stringMatching(/past/) });
    expect(retryAfter('999999999', now)).toMatchObject({ ms: MAX_RETRY_AFTER_MS, problem: expect.stringMatching(/capped/) });
    expect(retryAfter(null, now)).toEqual({});
  });

  it('a huge Retry-After waits the cap, not hours, and is recorded as a link event', async () => {
    adjust(1);
    const ra = retryAfter('86400');
    const c = scripted([central(429, 'rate_limited', ra), applyAll]);
    const { p, events } = pusherWith(c.send);
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(c.sent[1]!.at - c.sent[0]!.at).toBe(MAX_RETRY_AFTER_MS);
    expect(events.some(([k, d]) => k === 'retry_after' && /capped/.test(d))).toBe(true);
  });

  it('a garbage Retry-After falls back to the backoff; a past one does not make it spin', async () => {
    adjust(1);
    const c = scripted([central(503, 'unavailable', retryAfter('tomorrow-ish')), central(429, 'rate_limited', retryAfter('-5')), applyAll]);
    const { p, events } = pusherWith(c.send, { random: () => 0 });
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(c.sent[1]!.at - c.sent[0]!.at).toBe(125);
    expect(c.sent[2]!.at - c.sent[1]!.at).toBeGreaterThan(0);
    expect(events.filter(([k]) => k === 'retry_after')).toHaveLength(2);
  });
});

describe('outcome unknown', () => {
  it.each([
    ['a 200 HTML page', garbled],
    ['a truncated body', () => new CentralError('malformed', 'POST /commands: answer is not JSON (40 bytes, starts "{\\"results\\":[{\\"id\\"")', 200)],
    // The statuses the central refuses with, but from a gateway's page: not the central's answer.
    ['a proxy 400 page', () => proxy(400)],
    ['a proxy 422 page', () => proxy(422)],
    ['a proxy 409 page', () => proxy(409)],
    ['a proxy 401 page', () => proxy(401)],
    ['a proxy 403 page', () => proxy(403)],
    ['a proxy 404 page', () => proxy(404)],
    ['a proxy 502 page', () => proxy(502)],
    ['a timeout', () => new CentralError('timeout', 'POST /commands: no complete answer in 10000 ms')],
    ['a reset mid-answer', () => new CentralError('network', 'POST /commands: other side closed (UND_ERR_SOCKET)')],
  ])('after %s, retries the same ids until the central answers, and never makes a conflict', async (_n, fault) => {
    const cmds = [adjust(1), adjust(2), adjust(3)];
    const c = scripted([fault(), fault(), applyAll]);
    const { p, events } = pusherWith(c.send);
    p.start();
    await runUntil(() => c.sent.length >= 2);
    // Between the tries: still pending, marked "outcome unknown", nothing for the officer to decide.
    expect(outbox.get(cmds[0]!.id)).toMatchObject({ state: 'pending' });
    expect(outbox.get(cmds[0]!.id)?.unknownSince).not.toBeNull();
    expect(outbox.openConflictCount()).toBe(0);
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    // Same ids every time, oldest first; a multi-command batch is halved after an unreadable answer.
    expect(c.sent.map((s) => s.ids)).toEqual([cmds.map((x) => x.id), cmds.slice(0, 2).map((x) => x.id), [cmds[0]!.id], [cmds[1]!.id, cmds[2]!.id]].slice(0, c.sent.length));
    expect(new Set(c.sent.flatMap((s) => s.ids))).toEqual(new Set(cmds.map((x) => x.id)));
    expect(outbox.conflicts()).toEqual([]);
    expect(cmds.every((x) => outbox.get(x.id)?.state === 'applied' && outbox.get(x.id)?.unknownSince === null)).toBe(true);
    expect(events.some(([k]) => k === 'outcome_unknown')).toBe(true);
  });

  it('an abandoned request (the endpoint was switched) is retried at once on the new one', async () => {
    adjust(1);
    const c = scripted([new CentralError('aborted', 'POST /commands: abandoned (endpoint switched)'), applyAll]);
    const { p } = pusherWith(c.send);
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(c.sent[1]!.at).toBe(c.sent[0]!.at);
    expect(c.sent[1]!.ids).toEqual(c.sent[0]!.ids);
  });
});

describe('refusals', () => {
  it('a command the central refuses (its own answer) becomes a conflict and the queue goes on', async () => {
    const a = adjust(1);
    const b = adjust(2);
    const c = scripted([(cmds) => [{ id: cmds[0]!.id, status: 'rejected', code: 'insufficient_stock', reason: 'no' }, { id: cmds[1]!.id, status: 'applied', cursor: 5 }]]);
    const { p } = pusherWith(c.send);
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(outbox.get(a.id)?.state).toBe('rejected');
    expect(outbox.get(b.id)?.state).toBe('applied');
    expect(outbox.conflicts().map((x) => x.commandId)).toEqual([a.id]);
  });

  it('a well-formed 400 from the central on a batch is narrowed down to the one bad command, which alone becomes a conflict', async () => {
    const cmds = [adjust(1), adjust(2), adjust(3)];
    const bad = cmds[1]!.id;
    const refuseBad = (x: readonly Command[]) => (x.some((y) => y.id === bad) ? central(400, 'invalid_command') : applyAll(x));
    const c = scripted(Array.from({ length: 10 }, () => refuseBad));
    const { p } = pusherWith(c.send);
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(outbox.conflicts().map((x) => x.commandId)).toEqual([bad]);
    expect(outbox.get(cmds[0]!.id)?.state).toBe('applied');
    expect(outbox.get(cmds[2]!.id)?.state).toBe('applied');
  });

  it('a 413 from the central halves the batch; only a single command too large becomes a conflict', async () => {
    const cmds = Array.from({ length: 8 }, (_, i) => adjust(i));
    const c = scripted([central(413, 'payload_too_large'), central(413, 'payload_too_large')]);
    const { p } = pusherWith(c.send);
    p.start();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(c.sent.slice(0, 3).map((s) => s.ids.length)).toEqual([8, 4, 2]);
    expect(outbox.openConflictCount()).toBe(0);
    expect(cmds.every((x) => outbox.get(x.id)?.state === 'applied')).toBe(true);
  });

  it.each(['cursor_ahead', 'history_diverged', 'cursor_expired'])('a 409 %s stops the queue for a rewind: nothing marked, nothing a conflict', async (code) => {
    const a = adjust(1);
    let paused = false;
    const c = scripted([central(409, code)]);
    const { p, rewinds } = pusherWith(c.send, { paused: () => paused, onRewind: () => void (paused = true) });
    p.start();
    await runUntil(() => c.sent.length >= 1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(c.sent).toHaveLength(1);
    expect(rewinds).toHaveLength(0);
    expect(paused).toBe(true);
    expect(outbox.get(a.id)).toMatchObject({ state: 'pending', attempts: 0, unknownSince: null });
    paused = false;
    p.kick();
    await runUntil(() => outbox.pendingCount() === 0);
    p.stop();
    expect(c.sent[1]!.ids).toEqual([a.id]);
  });
});
