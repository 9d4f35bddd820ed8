import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import { CentralError, createCentralClient, type CentralClient } from './central-client';
import { errorMessage, type Logger } from '../log';

export type EndpointName = 'primary' | 'backup';
export type EndpointStatus = {
  name: EndpointName;
  url: string;
  healthy: boolean | null;
  breaker: 'closed' | 'open' | 'halfOpen' | 'isolated';
  latencyMs: number | null;
  lastCheckAt: number | null;
};

/** Health probe period and how many misses/successes switch endpoints: failover well inside 5 s. */
export const HEALTH_EVERY_MS = 1_000;
export const HEALTH_TIMEOUT_MS = 1_200;
export const FAIL_AFTER = 2;
export const FAIL_BACK_AFTER = 3;

/**
 * Link-level failures open a breaker. A 4xx answer is the server talking, not the link
 * failing, and a 429 is a server alive but throttling: wait as told, don't fail over.
 */
const linkFailure = handleWhen((e) => !(e instanceof CentralError) || (e.transient && e.status !== 429));

/**
 * The central's endpoints (primary and an optional backup, N+1) with a circuit
 * breaker each (cockatiel) and a health probe. Everything that talks to the central
 * goes through `execute`, which uses the endpoint in service: failover when the
 * primary misses FAIL_AFTER probes or its breaker opens, fail-back once it has
 * answered FAIL_BACK_AFTER probes in a row. `cut` holds every breaker open: the
 * demo/developer control that pulls the cable.
 */
export function createEndpoints(opts: {
  primary: string;
  backup?: string;
  log: Logger;
  onSwitch: (to: EndpointName, url: string) => void;
  healthEveryMs?: number;
  requestTimeoutMs?: number;
}) {
  const make = (name: EndpointName, url: string) => {
    const client = createCentralClient(url, opts.requestTimeoutMs);
    const breaker = circuitBreaker(linkFailure, { halfOpenAfter: 2_000, breaker: new ConsecutiveBreaker(3) });
    return { name, url: client.baseUrl, client, breaker, healthy: null as boolean | null, misses: 0, oks: 0, latencyMs: null as number | null, lastCheckAt: null as number | null };
  };
  const list = [make('primary', opts.primary), ...(opts.backup ? [make('backup', opts.backup)] : [])];
  let current = list[0]!;
  let cuts: { dispose(): void }[] | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const switchTo = (e: (typeof list)[number], why: string) => {
    if (e === current) return;
    opts.log('warn', 'link.failover', { from: current.name, to: e.name, why });
    current = e;
    opts.onSwitch(e.name, e.url);
  };

  const choose = () => {
    const primary = list[0]!;
    const backup = list[1];
    if (!backup) return;
    const down = (e: typeof primary) => e.misses >= FAIL_AFTER || e.breaker.state === CircuitState.Open;
    if (current === primary && down(primary) && backup.healthy) switchTo(backup, `primary missed ${primary.misses} health checks`);
    else if (current === backup && primary.oks >= FAIL_BACK_AFTER) switchTo(primary, 'primary healthy again');
    else if (current === backup && down(backup) && primary.healthy) switchTo(primary, 'backup down, primary up');
  };

  const probe = async (e: (typeof list)[number]) => {
    const t0 = performance.now();
    try {
      if (cuts) throw new Error('link cut');
      await createCentralClient(e.url, HEALTH_TIMEOUT_MS).health();
      e.healthy = true;
      e.misses = 0;
      e.oks++;
      e.latencyMs = Math.round(performance.now() - t0);
    } catch (err) {
      e.healthy = false;
      e.oks = 0;
      e.misses++;
      opts.log('debug', 'link.health_failed', { endpoint: e.name, message: errorMessage(err) });
    }
    e.lastCheckAt = Date.now();
  };

  const loop = async () => {
    if (stopped) return;
    await Promise.all(list.map(probe));
    choose();
    if (!stopped) timer = setTimeout(() => void loop(), opts.healthEveryMs ?? HEALTH_EVERY_MS);
  };

  const breakerState = (e: (typeof list)[number]): EndpointStatus['breaker'] =>
    cuts ? 'isolated' : e.breaker.state === CircuitState.Open ? 'open' : e.breaker.state === CircuitState.HalfOpen ? 'halfOpen' : e.breaker.state === CircuitState.Isolated ? 'isolated' : 'closed';

  return {
    start: () => void loop(),
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
      list.map((e) => ({ name: e.name, url: e.url, healthy: e.healthy, breaker: breakerState(e), latencyMs: e.latencyMs, lastCheckAt: e.lastCheckAt })),
    latencyMs: () => current.latencyMs,
    isCut: () => cuts !== null,
    /** Demo/developer control: cut (true) or restore (false) the link to every endpoint. */
    setCut(cut: boolean) {
      if (cut && !cuts) cuts = list.map((e) => e.breaker.isolate());
      if (!cut && cuts) {
        cuts.forEach((c) => c.dispose());
        cuts = null;
      }
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
export type Endpoints = ReturnType<typeof createEndpoints>;
