import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Site } from '../../../shared/domain';
import {
  routingError,
  type CoverageAnswer,
  type CoverageArg,
  type DriveTimesAnswer,
  type DriveTimesArg,
  type PlanAnswer,
  type PlanArg,
  type RouteAnswer,
  type RouteArg,
  type RoutingError,
  type RoutingInfo,
  type RoutingMethod, type TimeRunsArg, type TimeRunsAnswer, type RemainingArg, type RemainingAnswer} from '../../../shared/routing/routing-api';
import type { RoutingWorkerData, WorkerReply, WorkerRequest } from './worker-protocol';

/**
 * The backend's handle on the routing worker: one promise per call, matched to its
 * answer by request id, with a timeout. Errors arrive as RoutingError ({ code, message }
 * on an Error). The worker starts on the first call (or `ready()`); if it dies, pending
 * calls fail with 'worker_failed' and the next call starts a fresh one.
 */

export type RoutingServiceOptions = {
  /** roads.json of the city (resources/demo-city/build/roads.json for the demo). */
  roadsPath: string;
  sites: readonly Pick<Site, 'id' | 'kind' | 'lon' | 'lat'>[];
  /** The item catalogue: items outside it are rejected as unknown. Default: items present in the request's stock. */
  itemIds?: readonly string[];
  /** Items per load unit (shared/dispatch/pack-sizes.ts). */
  packSizes?: Readonly<Record<string, number>>;
  maxSnapM?: number;
  /** Limit per call, default 10 s. */
  timeoutMs?: number;
  /** Limit for loading the network and the site searches, default 60 s. */
  startTimeoutMs?: number;
  /**
   * The worker script. Default: routing-worker.js beside this module once bundled; when
   * running from source (tests, tsx) the .ts file is loaded through tsx inside the thread.
   */
  workerUrl?: URL;
};

export type RoutingService = {
  ready(): Promise<RoutingInfo>;
  plan(arg: PlanArg): Promise<PlanAnswer>;
  driveTimes(arg: DriveTimesArg): Promise<DriveTimesAnswer>;
  route(arg: RouteArg): Promise<RouteAnswer>;
  coverage(arg?: CoverageArg): Promise<CoverageAnswer>;
  timeRuns(arg: TimeRunsArg): Promise<TimeRunsAnswer>;
  remaining(arg: RemainingArg): Promise<RemainingAnswer>;
  close(): Promise<void>;
};

type Pending = { resolve: (v: unknown) => void; reject: (e: RoutingError) => void; timer: ReturnType<typeof setTimeout> };

export function createRoutingService(options: RoutingServiceOptions): RoutingService {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const workerData: RoutingWorkerData = {
    roadsPath: options.roadsPath,
    sites: options.sites.map((s) => ({ id: s.id, kind: s.kind, lon: s.lon, lat: s.lat })),
    ...(options.itemIds ? { itemIds: [...options.itemIds] } : {}),
    ...(options.packSizes ? { packSizes: { ...options.packSizes } } : {}),
    ...(options.maxSnapM ? { maxSnapM: options.maxSnapM } : {}),
  };
  let worker: Worker | null = null;
  let starting: Promise<RoutingInfo> | null = null;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (err: RoutingError): void => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    pending.clear();
  };

  function start(): Promise<RoutingInfo> {
    if (starting) return starting;
    const p = new Promise<RoutingInfo>((resolve, reject) => {
      const w = spawn(options.workerUrl, workerData);
      // An idle worker must not keep the process alive; pending calls' timers do while they wait.
      w.unref();
      worker = w;
      let settled = false;
      const fail = (err: RoutingError): void => {
        clearTimeout(startTimer);
        if (worker === w) {
          worker = null;
          starting = null;
        }
        failAll(err);
        if (!settled) {
          settled = true;
          reject(err);
        }
      };
      const startTimer = setTimeout(() => {
        fail(routingError('timeout', `the routing worker did not load the road network within ${startTimeoutMs} ms`));
        void w.terminate();
      }, startTimeoutMs);
      w.on('message', (m: WorkerReply) => {
        if (m.type === 'ready') {
          clearTimeout(startTimer);
          settled = true;
          resolve(m.info);
        } else if (m.type === 'fatal') {
          fail(routingError(m.error.code, m.error.message));
          void w.terminate();
        } else {
          const call = pending.get(m.id);
          if (!call) return; // timed out already
          pending.delete(m.id);
          clearTimeout(call.timer);
          if (m.ok) call.resolve(m.result);
          else call.reject(routingError(m.error.code, m.error.message));
        }
      });
      w.on('error', (e) => fail(routingError('worker_failed', `the routing worker failed: ${e.message}`)));
      w.on('exit', (code) => {
        if (!closed) fail(routingError('worker_failed', `the routing worker exited (code ${code})`));
      });
    });
    starting = p;
    return p;
  }

  async function call<T>(method: RoutingMethod, arg: unknown): Promise<T> {
    if (closed) throw routingError('closed', 'the routing service is closed');
    await start();
    const w = worker;
    if (!w) throw routingError('worker_failed', 'the routing worker is not running');
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(routingError('timeout', `routing ${method} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        w.postMessage({ id, method, arg } satisfies WorkerRequest);
      } catch (e) {
        // Functions, symbols and the like cannot cross to the thread.
        pending.delete(id);
        clearTimeout(timer);
        reject(routingError('invalid_input', `the ${method} argument cannot be sent: ${e instanceof Error ? e.message : String(e)}`));
      }
    });
  }

  return {
    ready: () => (closed ? Promise.reject(routingError('closed', 'the routing service is closed')) : start()),
    plan: (arg) => call<PlanAnswer>('plan', arg),
    driveTimes: (arg) => call<DriveTimesAnswer>('driveTimes', arg),
    route: (arg) => call<RouteAnswer>('route', arg),
    coverage: (arg = {}) => call<CoverageAnswer>('coverage', arg),
    timeRuns: (arg) => call<TimeRunsAnswer>('timeRuns', arg),
    remaining: (arg) => call<RemainingAnswer>('remaining', arg),
    async close() {
      if (closed) return;
      closed = true;
      failAll(routingError('closed', 'the routing service is closed'));
      const w = worker;
      worker = null;
      starting = null;
      if (w) await w.terminate();
    },
  };
}

function spawn(url: URL | undefined, workerData: RoutingWorkerData): Worker {
  if (url) return new Worker(url, { workerData });
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./routing-worker.js', here), { workerData });
  // Running from source: Node cannot load .ts in a thread by itself, and `--import tsx`
  // in execArgv does not reach a worker's entry on Node 20. tsx's API can, from inside.
  const tsxApi = pathToFileURL(createRequire(here).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./routing-worker.ts', here).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return new Worker(bootstrap, { eval: true, workerData });
}
