import type { ScopeSettings } from '../../../shared/scope/schema';
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import type { WorkstationCredential } from '../../../shared/auth/workstation';
import { CentralError, createCentralClient, type CentralClient, type KnownPoint } from './central-client';
import type { CentralTls } from './central-tls';
import { errorMessage, type Logger } from '../log';

export type EndpointName = 'primary' | 'backup';
export type EndpointStatus = {
  name: EndpointName;
  url: string;
  healthy: boolean | null;
  breaker: 'closed' | 'open' | 'halfOpen' | 'isolated';
  latencyMs: number | null;
  lastCheckAt: number | null;
  /** Its clock minus ours, from the last /health (null before one). */
  clockSkewMs: number | null;
};

/**
 * Health probes. They start every HEALTH_EVERY_MS whether or not the last one answered,
 * each with its own HEALTH_TIMEOUT_MS deadline, so a primary that accepts connections
 * and never answers (a black hole) has missed FAIL_AFTER probes by
 *   HEALTH_EVERY_MS (until the next probe starts) + (FAIL_AFTER − 1) × HEALTH_EVERY_MS + HEALTH_TIMEOUT_MS
 *   = 0.5 + 0.5 + 1.2 = 2.2 s at most,
 * while a primary that is slow but answers within 1.2 s never misses one.
 */
export const HEALTH_EVERY_MS = 500;
export const HEALTH_TIMEOUT_MS = 1_200;
export const FAIL_AFTER = 2;
export const FAIL_BACK_AFTER = 3;

/**
 * Link-level failures open a breaker. A 4xx answer from the central is the server
 * talking, not the link failing, and a 429 is a server alive but throttling: wait as
 * told, don't fail over.
 */
const linkFailure = handleWhen((e) => !(e instanceof CentralError) || (e.transient && e.status !== 429));

/**
 * The central's endpoints (primary and an optional backup, N+1) with a circuit breaker
 * each (cockatiel) and health probes. Everything that talks to the central goes through
 * `execute`, which uses the endpoint in service: failover when the primary misses
 * FAIL_AFTER probes in a row or its breaker opens, fail-back once it has answered
 * FAIL_BACK_AFTER in a row. A switch abandons the requests still waiting on the old
 * endpoint (they would otherwise hang until their own timeout). `cut` holds every breaker
 * open: the demo control that pulls the cable.
 */
export function createEndpoints(opts: {
  primary: string;
  backup?: string;
  log: Logger;
  onSwitch: (to: EndpointName, url: string, why: string) => void;
  known?: () => KnownPoint | null;
  healthEveryMs?: number;
  healthTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** This workstation's credential for the central. */
  workstation?: WorkstationCredential;
  /** Trust for an https central (central-tls.ts). */
  tls?: CentralTls;
  /** The officer whose scope the cache holds (central-client.ts). */
  officer?: () => string | null;
  /** An endpoint's /health named scope settings other than it named before (the backend keeps them). */
  onScopeSettings?: (settings: ScopeSettings) => void;
}) {
  const make = (name: EndpointName, url: string) => {
    const e = {
      name,
      url: url.replace(/\/+$/, ''),
      abort: new AbortController(),
      client: null as unknown as CentralClient,
      breaker: circuitBreaker(linkFailure, { halfOpenAfter: 2_000, breaker: new ConsecutiveBreaker(3) }),
      healthy: null as boolean | null,
      misses: 0,
      oks: 0,
      probeSeq: 0,
      lastProbeDone: 0,
      latencyMs: null as number | null,
      lastCheckAt: null as number | null,
      clockSkewMs: null as number | null,
      maxCommandBytes: null as number | null,
      scopeSettings: null as ScopeSettings | null,
    };
    e.client = createCentralClient(url, {
      ...(opts.workstation ? { workstation: opts.workstation } : {}),
      ...(opts.tls ? { tls: opts.tls } : {}),
      ...(opts.requestTimeoutMs !== undefined ? { timeoutMs: opts.requestTimeoutMs } : {}),
      ...(opts.known ? { known: opts.known } : {}),
      ...(opts.officer ? { officer: opts.officer } : {}),
      signal: () => e.abort.signal,
    });
    return e;
  };
  type Endpoint = ReturnType<typeof make>;
  const list: Endpoint[] = [make('primary', opts.primary), ...(opts.backup ? [make('backup', opts.backup)] : [])];
  let current = list[0]!;
  let cuts: { dispose(): void }[] | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let failovers = 0;
  const everyMs = opts.healthEveryMs ?? HEALTH_EVERY_MS;
  const timeoutMs = opts.healthTimeoutMs ?? HEALTH_TIMEOUT_MS;

  const switchTo = (e: Endpoint, why: string) => {
    if (e === current) return;
    const from = current;
    opts.log('warn', 'link.failover', { from: from.name, to: e.name, why });
    current = e;
    failovers++;
    // Abandon what still waits on the old endpoint: the pusher resends it (same ids) here.
    from.abort.abort();
    from.abort = new AbortController();
    opts.onSwitch(e.name, e.url, why);
  };
  const down = (e: Endpoint) => e.misses >= FAIL_AFTER || e.breaker.state === CircuitState.Open;
  const choose = () => {
    const primary = list[0]!;
    const backup = list[1];
    if (!backup || cuts) return;
    if (current === primary && down(primary) && backup.healthy) switchTo(backup, `primary missed ${primary.misses} health checks`);
    else if (current === backup && primary.oks >= FAIL_BACK_AFTER) switchTo(primary, 'primary healthy again');
    else if (current === backup && down(backup) && primary.healthy) switchTo(primary, 'backup down, primary up');
  };
  const probe = async (e: Endpoint) => {
    const seq = ++e.probeSeq;
    const t0 = performance.now();
    const sent = Date.now();
    let ok = false;
    let skew: number | null = null;
    let maxBytes: number | null = null;
    let settings: ScopeSettings | null = null;
    try {
      if (cuts) throw new Error('link cut');
      const h = await createCentralClient(e.url, { timeoutMs, ...(opts.tls ? { tls: opts.tls } : {}) }).health();
      ok = true;
      // Their clock against the middle of our round trip.
      skew = Math.round(h.time - (sent + Date.now()) / 2);
      maxBytes = h.maxCommandBytes ?? null;
      settings = h.scopeSettings ?? null;
    } catch (err) {
      opts.log('debug', 'link.health_failed', { endpoint: e.name, message: errorMessage(err) });
    }
    // Probes overlap: an answer older than one already counted says nothing new.
    if (seq < e.lastProbeDone || stopped) return;
    e.lastProbeDone = seq;
    e.lastCheckAt = Date.now();
    if (ok) {
      e.healthy = true;
      e.misses = 0;
      e.oks++;
      e.latencyMs = Math.round(performance.now() - t0);
      e.clockSkewMs = skew;
      e.maxCommandBytes = maxBytes;
      if (settings && JSON.stringify(settings) !== JSON.stringify(e.scopeSettings)) opts.onScopeSettings?.(settings);
      e.scopeSettings = settings;
    } else {
      e.healthy = false;
      e.oks = 0;
      e.misses++;
    }
    choose();
  };
  const loop = () => {
    if (stopped) return;
    for (const e of list) void probe(e);
    timer = setTimeout(loop, everyMs);
  };
  const breakerState = (e: Endpoint): EndpointStatus['breaker'] =>
    cuts ? 'isolated' : e.breaker.state === CircuitState.Open ? 'open' : e.breaker.state === CircuitState.HalfOpen ? 'halfOpen' : e.breaker.state === CircuitState.Isolated ? 'isolated' : 'closed';

  return {
    start: loop,
    current: () => ({ name: current.name, url: current.url, client: current.client }),
    /** Runs one request against the endpoint in service, through its breaker. */
    async execute<T>(fn: (client: CentralClient) => Promise<T>): Promise<T> {
      const e = current;
      try {
        return await e.breaker.execute(() => fn(e.client));
      } catch (err) {
        if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
          choose();
          throw new CentralError('network', cuts ? 'link cut (demo control)' : `${e.name} endpoint circuit open`);
        }
        if (!(err instanceof CentralError) || err.transient) choose();
        throw err;
      }
    },
    status: (): EndpointStatus[] =>
      list.map((e) => ({ name: e.name, url: e.url, healthy: e.healthy, breaker: breakerState(e), latencyMs: e.latencyMs, lastCheckAt: e.lastCheckAt, clockSkewMs: e.clockSkewMs })),
    latencyMs: () => current.latencyMs,
    /** The endpoint in service's clock minus ours (null before its first /health). */
    clockSkewMs: () => current.clockSkewMs,
    /** The largest command body the endpoint in service accepts, as it says (null: it did not say). */
    maxCommandBytes: () => current.maxCommandBytes,
    /** The endpoint in service's scope settings, as its last /health said (null: not yet, or it did not say). */
    scopeSettings: () => current.scopeSettings,
    failovers: () => failovers,
    isCut: () => cuts !== null,
    /** Demo control: cut (true) or restore (false) the link to every endpoint. */
    setCut(cut: boolean) {
      if (cut && !cuts) {
        cuts = list.map((e) => e.breaker.isolate());
        for (const e of list) {
          e.abort.abort();
          e.abort = new AbortController();
        }
      }
      if (!cut && cuts) {
        cuts.forEach((c) => c.dispose());
        cuts = null;
      }
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const e of list) e.abort.abort();
    },
  };
}
export type Endpoints = ReturnType<typeof createEndpoints>;
