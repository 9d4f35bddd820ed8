import { copyFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import {
  CENTRAL_HEADER,
  CHANGES_MAX_LIMIT,
  chainsRequestSchema,
  commandBatchSchema,
  commandSchema,
  KNOWN_HEADER,
  OFFICER_HEADER,
  REPLICA_TABLES,
  type Command,
  type CommandResult,
  type Digest,
  type Health,
  type LiveMessage,
  type ReplicaTable,
  auditUploadSchema,
  centralEnrolRequestSchema,
  centralLoginRequestSchema,
  SESSION_HEADER,
  userChangeSchema,
  unitChangeSchema,
  type CentralErrorBody,
  type UnitsResult,
} from '../shared/central-api';
import { roleCan, SYSTEM_ACTOR_ID } from '../shared/auth/roles';
import { DEMO_WORKSTATION, type WorkstationCredential } from '../shared/auth/workstation';
import { commandModule } from '../shared/commands/registry';
import { tableDecl } from '../shared/replica/registry';
import type { ApplyCtx, ApplyResult } from '../shared/commands/module';
import type { ScopeSettings } from '../shared/scope/schema';
import { createAuditAppender } from './audit/append';
import { seedDemoUsers } from './auth/demo-users';
import { AuthRefusal, createUserAuthority, type UserAuthority } from './auth/users';
import { authenticateWorkstation, syncWorkstations, type Workstation } from './auth/workstations';
import { tableDigest } from '../shared/digest';
import type { VehicleStatus } from '../shared/domain';
import { encodePositions } from '../shared/positions-codec';
import { loadCity } from './city';
import { createRng, generateFleet, placeFleet } from '../city/fleet';
import { DEFAULT_SEED_ASSETS, seedLedger } from './assets-seed';
import { seedServiceRecords } from './fleet/service-seed';
import { DEFAULT_CITY_DIR } from '../city/demo-manifest';
import type { LonLat } from '../shared/city/roads';
import { createSimulator, type DistanceUpdate, type StatusUpdate, type VehicleStart } from './fleet/simulator';
import { followChanges } from './fleet/follow';
import { createDutyWatcher } from './duty/watcher';
import type { AlertRecord } from '../shared/duty/schema';
import { deliver, pickUp } from '../shared/dispatch/trips';
import { CENTRAL_RETENTION, CommandConflictError, openStore, UnknownUnitError, type ConsoleScope, type MadeChange } from './store';
import { initialUnits } from '../shared/scope/initial';
import { createUnitAdmin, UNIT_REFUSAL_STATUS, UnitRefusal, type UnitAdmin } from './scope/units-admin';
import { visibility } from '../shared/scope/rules';

/**
 * The reference central server (警保云 stand-in) on plain node:http + ws:
 *
 *   GET  /health            GET /changes?since=&limit=     POST /commands
 *   WS   /live              hello, then one binary position batch per tick and
 *                           {type:'changed'} after new changes are committed
 *
 * It owns its own SQLite file, seeds it from the built demo city on first start and
 * keeps it (and the change cursor) across restarts. Fault injection (`faults`) lets
 * tests take the link down or make it flaky without killing the process.
 */

export type CentralServerOptions = {
  dbPath: string;
  /** Multi-level command's settings (shared/scope/schema.ts): the large-allocation threshold, neighbours shown faded. */
  scopeSettings?: Partial<ScopeSettings>;
  /** Default 127.0.0.1: the reference server is not meant to face a network. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  cityDir?: string;
  tickMs?: number;
  /** Simulated seconds per real second. */
  speedFactor?: number;
  /** Vehicles go out on jobs of their own (default); false: only on the central's dispatches (central/fleet/simulator.ts `ownJobs`). */
  simulatedJobs?: boolean;
  /** Run the clock. When false nothing moves until `simulator.tick()` is called. */
  simulate?: boolean;
  /** Fleet size on first seeding; other than the city's 120 generates a fleet (benchmarks). */
  vehicleCount?: number;
  /**
   * Assets of the readiness ledger seeded on first start (central/assets-seed.ts), with a
   * year of their events, repairs and storage readings: default DEFAULT_SEED_ASSETS (a few
   * hundred: tests, the e2e stack); the embedded demo seeds the real scale (90,000).
   */
  assets?: number;
  seed?: number;
  /** Longest routing slice (ms) before yielding to the event loop; Infinity = route inside tick. */
  routeSliceMs?: number;
  name?: string;
  /** How long the journal and superseded changes are kept (store.ts explains why the journal outlives every client's outbox). */
  retention?: { journalDays: number; changeDays: number };
  /** Period of the duty watcher's pass over the alert rules (default 5 s; 0: only when `duty.tick()` is called, for tests on a controlled clock). */
  dutyEveryMs?: number;
  /** Period of the retention job (default 6 h; it also runs at start). */
  pruneEveryMs?: number;
  /** SQLite synchronous mode; FULL (default) keeps an answered command through a power cut. NORMAL only for benchmarks. */
  synchronous?: 'FULL' | 'NORMAL';
  /**
   * The workstations allowed to connect, each with its own secret (every request but
   * /health is refused without one). Default: the demo workstation only (the embedded demo
   * and the tests); a real deployment lists its own (central/main.ts --workstations FILE).
   */
  workstations?: readonly WorkstationCredential[];
  /** Seed one demo account per role into an empty user table (default true: this is the reference server). */
  demoUsers?: boolean;
  /** Certificate and key (PEM): served over TLS (https, wss). Required to bind beyond loopback. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Tests only: called before each request is routed (after the fault injection), with its
   * path and its answer. The exactly-once tests use it to swap the database right after one
   * answer of a client's re-synchronisation and before the next, a race that timing-based
   * faults do not hit reliably.
   */
  beforeRoute?: (path: string, res: ServerResponse) => void;
};

const isLoopback = (h: string) => h === '127.0.0.1' || h === '::1' || h === 'localhost' || h.startsWith('127.');

export type CentralStats = {
  changesServed: number;
  pulls: number;
  commandsApplied: number;
  commandsReplayed: number;
  commandsRejected: number;
  /** Commands applied and then answered by a broken gateway (fault injection). */
  commandAnswersGarbled: number;
  /** Requests answered by a proxy's own error page (fault injection). */
  proxyPages: number;
  /** Requests refused because the client's view of the history is not this central's. */
  historyRefusals: number;
  framesSent: number;
  /** Position frames not sent because a client was behind (backpressure). */
  framesSkipped: number;
  liveClients: number;
  ticks: number;
  lastTickMs: number;
  maxTickMs: number;
};

export type Faults = {
  /** Refuse everything: HTTP and WebSocket connections are reset, live clients dropped. */
  offline: boolean;
  /** Share of HTTP requests answered 503 (0..1). */
  httpErrorRate: number;
  /** Added delay before each HTTP answer. */
  latencyMs: number;
  /** Requests per second allowed before answering 429 with Retry-After (0 = no limit): the upstream lowering its rate limit without notice. */
  rateLimitPerSec: number;
  /** Share of successful GET answers whose body is cut short or replaced by garbage (0..1). */
  malformedRate: number;
  /** Share of HTTP connections dropped without an answer (0..1). */
  dropRate: number;
  /** Share of live frames sent twice (0..1). */
  liveDuplicateRate: number;
  /** Share of live frames held back and sent after the next one (0..1). */
  liveReorderRate: number;
  /** Accept connections and never answer, never reset: a hung gateway (a black hole). */
  blackHole: boolean;
  /** Answers drip: 16 bytes every `dripMs` ms (0 = off). */
  dripMs: number;
  /** This server's clock is off by this much (position frame times and /health), e.g. ±1 day. */
  clockSkewMs: number;
  /**
   * Share of POST /commands that are applied and then answered by a broken gateway: a 200
   * HTML page, a truncated body, or a proxy's own 401/403/404/502 page (0..1).
   */
  commandAnswerFaultRate: number;
  /** Share of requests that never reach the central: a proxy answers its own 401/403/404/502 page (0..1). */
  proxyErrorRate: number;
};

export const NO_FAULTS: Faults = {
  offline: false, httpErrorRate: 0, latencyMs: 0, rateLimitPerSec: 0, malformedRate: 0, dropRate: 0, liveDuplicateRate: 0, liveReorderRate: 0,
  blackHole: false, dripMs: 0, clockSkewMs: 0, commandAnswerFaultRate: 0, proxyErrorRate: 0,
};

export type SimulatorControl = {
  /** One tick now: advance by `dtSeconds` (default tickMs/1000), broadcast positions, notify changes. */
  tick(dtSeconds?: number): void;
  pause(): void;
  resume(): void;
  readonly running: boolean;
  speedFactor: number;
  readonly vehicleCount: number;
  segment(vehicleNo: number): { from: LonLat; to: LonLat; edge: number } | null;
  statusOf(vehicleId: string): VehicleStatus | null;
  /** Drills and tests: slow one vehicle down (factor of its speed, 0..1]. */
  slow(vehicleId: string, factor: number): boolean;
  /** Drills and tests: a vehicle's tracker stops reporting from `at` (now by default), or reports again (null). */
  mute(vehicleId: string, at?: number | null): boolean;
  stats(): { vehicles: number; moving: number; queuedRoutes: number; routesComputed: number; simTimeS: number };
};

export type CentralServer = {
  /** http://host:port, no trailing slash. */
  url: string;
  close(): Promise<void>;
  stats(): CentralStats;
  simulator: SimulatorControl;
  /** The duty watcher (central/duty/watcher.ts): one pass of the alert rules now, or at `at` (a controlled clock). */
  duty: { tick(at?: number): AlertRecord[] };
  faults: { get(): Faults; set(patch: Partial<Faults>): void };
  /** A consistent copy of the database (SQLite online backup): to seed a standby, or to restore later. */
  backupTo(path: string): Promise<void>;
  /**
   * The central comes back from another copy of its database (an older backup, a fresh
   * file, a standby's copy): connections drop, and it serves that copy's history from now on.
   */
  replaceDatabase(fromPath: string): Promise<void>;
  /** Runs the retention job now (at `at`, default now). */
  prune(at?: number): { commands: number; changes: number };
  /** The head of the change log and its chain. */
  head(): { cursor: number; chain: string };
  /** Whether this start seeded the demo accounts (central/main.ts prints their sheet then). */
  seededDemoUsers: boolean;
  /** Users: accounts, sign-in, administration (tests and tools drive it directly). */
  users(): UserAuthority;
  /** The command tree's administration (central/scope/units-admin.ts). */
  units(): UnitAdmin;
};

export const MAX_COMMAND_BYTES = 64 * 1024;
/** A live client further behind than this misses position frames until it catches up. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
const DEFAULT_LIMIT = 500;
const HEARTBEAT_MS = 15_000;
const PROXY_STATUSES = [401, 403, 404, 502] as const;
const proxyPage = (status: number) =>
  `<!DOCTYPE html><html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>gateway</center></body></html>`;

type HttpError = { status: number; code: string; message: string };

const httpError = (status: number, code: string, message: string): HttpError => ({ status, code, message });

function parseNonNegativeInt(raw: string | null, name: string, fallback: number, max: number): number {
  if (raw === null) return fallback;
  if (!/^\d{1,16}$/.test(raw)) throw httpError(400, 'bad_request', `${name} must be a non-negative integer, got ${JSON.stringify(raw.slice(0, 40))}`);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n > max) throw httpError(400, 'bad_request', `${name} must be at most ${max}`);
  return n;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      reject(httpError(413, 'payload_too_large', `body over ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(httpError(413, 'payload_too_large', `body over ${limit} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks)));
    req.on('error', (err) => !failed && reject(httpError(400, 'bad_request', err.message)));
  });
}

/** A request body as JSON, within the command body limit. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_COMMAND_BYTES);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw httpError(400, 'bad_json', 'body is not valid JSON');
  }
}

const issuesText = (error: { issues: { path: PropertyKey[]; message: string }[] }): string =>
  error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');

export async function createCentralServer(options: CentralServerOptions): Promise<CentralServer> {
  const host = options.host ?? '127.0.0.1';
  // Officers' names, sessions and commands cross the network: never in the clear beyond this machine.
  if (!isLoopback(host) && !options.tls) throw new Error(`binding to ${host} (beyond loopback) needs TLS: give a certificate and key (--tls-cert, --tls-key)`);
  const tickMs = options.tickMs ?? 1000;
  if (!(tickMs >= 10)) throw new RangeError(`tickMs must be ≥ 10, got ${tickMs}`);
  const name = options.name ?? 'jingbao-central (reference)';
  const loaded = loadCity(options.cityDir ?? DEFAULT_CITY_DIR);
  // `let`: replaceDatabase swaps it; everything below reads it through this binding.
  const storeOptions = { ...(options.synchronous ? { synchronous: options.synchronous } : {}), ...(options.scopeSettings ? { scopeSettings: options.scopeSettings } : {}) };
  let store = openStore(options.dbPath, storeOptions);

  // --- people: the workstations allowed in, the users, the audit chain ------------------
  const workstations = options.workstations ?? [DEMO_WORKSTATION];
  syncWorkstations(store.db, workstations);
  let users = createUserAuthority(store);
  let audit = createAuditAppender(store);

  // --- seed on first start -----------------------------------------------------------
  const { city, graph, inMain } = loaded;
  // A database holds one city: its sites and vehicles are on that city's roads.
  const cityId = `${city.name} [${city.bounds.map((b) => b.toFixed(3)).join(',')}]`;
  // The command tree first (once): every site, vehicle and request seeded after it gets its unit as it is written.
  if (store.tree() === null) store.seedUnits(initialUnits(city.name, city.bounds));
  if (!store.isSeeded()) {
    const count = options.vehicleCount ?? city.vehicles.length;
    const vehicles = count === city.vehicles.length ? city.vehicles : generateFleet(count, city.sites, options.seed);
    store.seed({ sites: city.sites, items: city.items, stock: city.stock, vehicles }, cityId);
  } else if (store.seededCity() !== '' && store.seededCity() !== cityId) {
    const seeded = store.seededCity();
    store.close();
    throw new Error(`${options.dbPath} holds the city ${seeded}, not ${cityId}: start with that city, or give this one a database of its own (--db)`);
  }
  // The demo accounts come after the city: the change log starts with the city's sites.
  const seededDemoUsers = options.demoUsers === false ? false : await seedDemoUsers(users, (id) => store.tree()?.nodes.has(id) ?? false);
  // The ledger after the accounts: a board can sign in while its first sync pulls the assets.
  if (!store.assetsSeeded()) store.seedAssets(seedLedger(store.rows('site'), options.assets ?? DEFAULT_SEED_ASSETS, Date.now(), options.seed ?? 1));
  // The fleet's mileage and service records (once; a vehicle added later starts its own at its first service).
  if (!store.serviceSeeded()) store.seedServiceRecords(seedServiceRecords(store.rows('vehicle'), Date.now(), options.seed ?? 1));
  const vehicles = store.rows('vehicle').sort((a, b) => a.no - b.no);
  const sites = store.rows('site');
  const starts: Record<string, LonLat | VehicleStart> = {};
  const saved = store.loadPositions();
  if (saved.length > 0) {
    for (const p of saved) starts[p.vehicleId] = { lon: p.lon, lat: p.lat, heading: p.heading };
  } else if (vehicles.every((v) => city.vehicleStarts[v.id])) {
    Object.assign(starts, city.vehicleStarts);
  } else {
    Object.assign(starts, placeFleet(vehicles, sites, graph, inMain, options.seed));
  }

  // --- state shared by the pieces below ----------------------------------------------
  const stats: CentralStats = {
    changesServed: 0,
    pulls: 0,
    commandsApplied: 0,
    commandsReplayed: 0,
    commandsRejected: 0,
    commandAnswersGarbled: 0,
    proxyPages: 0,
    historyRefusals: 0,
    framesSent: 0,
    framesSkipped: 0,
    liveClients: 0,
    ticks: 0,
    lastTickMs: 0,
    maxTickMs: 0,
  };
  const faults: Faults = { ...NO_FAULTS };
  /** This server's clock, as wrong as the clock-skew fault makes it. */
  const clock = (): number => Date.now() + faults.clockSkewMs;
  let streamSeq = 0;
  // Fixed one-second windows: crude, like the upstream's limiter that lowered its rate without notice.
  let rateWindow = { start: 0, count: 0 };
  const overRateLimit = (): boolean => {
    if (faults.rateLimitPerSec <= 0) return false;
    const t = Date.now();
    if (t - rateWindow.start >= 1000) rateWindow = { start: t, count: 0 };
    return ++rateWindow.count > faults.rateLimitPerSec;
  };
  let heldFrame: { data: string | Buffer; binary: boolean } | null = null;
  /** Sends one live frame through the duplicate/reorder faults. */
  const sendLive = (ws: WebSocket, data: string | Buffer, binary: boolean): void => {
    if (faults.liveReorderRate > 0 && !heldFrame && faultRng.next() < faults.liveReorderRate) {
      heldFrame = { data, binary };
      return;
    }
    ws.send(data, { binary });
    if (faults.liveDuplicateRate > 0 && faultRng.next() < faults.liveDuplicateRate) ws.send(data, { binary });
    if (heldFrame) {
      const h = heldFrame;
      heldFrame = null;
      ws.send(h.data, { binary: h.binary });
    }
  };
  const faultRng = createRng((options.seed ?? 1) ^ 0x5eed);
  const live = new Set<WebSocket>();
  /** The scope each live client was opened for (its officer's, or its workstation's unit's). */
  const liveScopes = new WeakMap<WebSocket, ConsoleScope>();
  /** Upgrade requests swallowed by the black hole: not the HTTP server's to close. */
  const hung = new Set<Socket>();
  const alive = new WeakMap<WebSocket, boolean>();
  let closed = false;

  // 'changed' notifications: many commits in one turn of the event loop (or one tick)
  // become one message carrying the newest cursor.
  let changedPending = false;
  let changedTimer: ReturnType<typeof setImmediate> | null = null;
  const flushChanged = (): void => {
    if (changedTimer) clearImmediate(changedTimer);
    changedTimer = null;
    if (!changedPending || closed) return;
    changedPending = false;
    const msg = JSON.stringify({ type: 'changed', cursor: store.cursor() } satisfies LiveMessage);
    for (const ws of live) if (ws.readyState === WebSocket.OPEN) sendLive(ws, msg, false);
  };
  const markChanged = (): void => {
    changedPending = true;
    changedTimer ??= setImmediate(flushChanged);
  };

  const sim = createSimulator({
    graph,
    inMain,
    vehicles,
    sites,
    starts,
    speedFactor: options.speedFactor ?? 1,
    ownJobs: options.simulatedJobs,
    seed: options.seed,
    routeSliceMs: options.routeSliceMs,
    onStatusChanges: (updates: StatusUpdate[]) => {
      if (closed) return;
      if (store.setVehicleStatuses(updates).length > 0) markChanged();
    },
    // The trackers' mileage: each vehicle's odometer, a few km at a time (one row each).
    onDistance: (updates: DistanceUpdate[]) => {
      if (closed) return;
      if (store.addOdometer(updates).length > 0) markChanged();
    },
    // The vehicle's own events, by the same rules an officer's confirmation uses.
    onTripPickedUp: (dispatchId: string) => {
      if (closed) return;
      if (store.event((tx) => pickUp(tx, dispatchId, Date.now())).done) markChanged();
    },
    onTripArrived: (dispatchId: string) => {
      if (closed) return;
      if (store.event((tx) => deliver(tx, dispatchId, Date.now())).done) markChanged();
    },
  });

  /** Each vehicle's scope by its number, rebuilt (once per frame at most) when a vehicle or the tree changed. */
  let vehicleScopes: { at: string; byNo: Map<number, { unitId: string; kind: 'vehicle' }> } | null = null;
  const vehicleScopesNow = (): Map<number, { unitId: string; kind: 'vehicle' }> => {
    const at = `${store.lastSeqOf('vehicle')}:${store.lastSeqOf('unit')}`;
    if (vehicleScopes?.at !== at) {
      const byNo = new Map<number, { unitId: string; kind: 'vehicle' }>();
      for (const v of store.rows('vehicle')) {
        const s = store.rowScope('vehicle', v);
        if (s) byNo.set(v.no, { unitId: s.unitId, kind: 'vehicle' });
      }
      vehicleScopes = { at, byNo };
    }
    return vehicleScopes.byNo;
  };

  /** One frame per scope a live client holds: a console below the city is sent its scope's vehicles only. */
  function broadcastPositions(): void {
    if (live.size === 0) return;
    const ts = clock();
    const seq = ++streamSeq;
    const all = sim.positions(Date.now());
    const frames = new Map<string, ArrayBuffer>();
    let scopes: Map<number, { unitId: string; kind: 'vehicle' }> | null = null;
    const frameFor = (scope: ConsoleScope): ArrayBuffer => {
      const key = scope?.marker ?? '';
      let frame = frames.get(key);
      if (!frame) {
        scopes ??= scope ? vehicleScopesNow() : null;
        const byNo = scopes;
        const shown = scope && byNo
          ? all.filter((p) => {
              const v = byNo.get(p.vehicleNo);
              return v !== undefined && visibility(scope.tree, store.scopeSettings(), scope.unitId, v) !== 'hidden';
            })
          : all;
        frame = encodePositions(shown, ts, seq);
        frames.set(key, frame);
      }
      return frame;
    };
    for (const ws of live) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      // A slow client gets fewer frames rather than an ever-growing send buffer;
      // positions are replaced by the next frame anyway.
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        stats.framesSkipped++;
        continue;
      }
      sendLive(ws, Buffer.from(frameFor(liveScopes.get(ws) ?? null)), true);
      stats.framesSent++;
    }
  }

  function tick(dtSeconds = tickMs / 1000): void {
    if (closed) return;
    const t0 = performance.now();
    sim.step(dtSeconds);
    broadcastPositions();
    flushChanged();
    stats.ticks++;
    stats.lastTickMs = performance.now() - t0;
    stats.maxTickMs = Math.max(stats.maxTickMs, stats.lastTickMs);
  }

  let timer: ReturnType<typeof setInterval> | null = null;
  let lastTickAt = 0;
  const resume = (): void => {
    if (timer || closed) return;
    lastTickAt = performance.now();
    timer = setInterval(() => {
      const t = performance.now();
      // Real elapsed time keeps speeds honest under timer jitter; the cap stops a
      // suspended machine from teleporting every vehicle on wake-up.
      const dt = Math.min(t - lastTickAt, tickMs * 5) / 1000;
      lastTickAt = t;
      tick(dt);
    }, tickMs);
  };
  const pause = (): void => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  // --- HTTP ------------------------------------------------------------------------
  /** Writes a whole answer, or drips it 16 bytes at a time under the drip fault. */
  const writeAnswer = (res: ServerResponse, status: number, headers: Record<string, string | number>, body: string): void => {
    res.writeHead(status, { 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...headers });
    if (faults.dripMs <= 0) {
      res.end(body);
      return;
    }
    const bytes = Buffer.from(body);
    let at = 0;
    const drip = (): void => {
      if (res.destroyed || closed) return;
      const chunk = bytes.subarray(at, at + 16);
      at += chunk.length;
      if (at >= bytes.length) res.end(chunk);
      else {
        res.write(chunk);
        setTimeout(drip, faults.dripMs);
      }
    };
    drip();
  };
  const sendJson = (res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void => {
    if (status === 200 && res.req.method === 'GET' && faults.malformedRate > 0 && faultRng.next() < faults.malformedRate) {
      // Truncated or hostile bodies: half a page, or HTML from a broken proxy.
      body = faultRng.next() < 0.5 ? body.slice(0, Math.floor(body.length / 2)) : '<html><body>502 Bad Gateway</body></html>';
    }
    writeAnswer(res, status, { 'content-type': 'application/json; charset=utf-8', [CENTRAL_HEADER]: '1', ...extra }, body);
  };
  /** A gateway's own page: HTML, and without the central's header. */
  const sendProxyPage = (res: ServerResponse, status: number): void => {
    stats.proxyPages++;
    writeAnswer(res, status, { 'content-type': 'text/html' }, proxyPage(status));
  };
  /**
   * Checks the client's `jingbao-known: <seq>:<chain>` header: nothing is served or applied
   * for a client whose view of the history this database does not hold.
   */
  const checkKnown = (req: IncomingMessage): void => {
    const raw = req.headers[KNOWN_HEADER];
    if (raw === undefined) return;
    const m = /^(\d{1,16}):([0-9a-f]{16})$/.exec(String(raw));
    if (!m) throw httpError(400, 'bad_request', `${KNOWN_HEADER} must be <seq>:<16 hex digits>`);
    const seq = Number(m[1]);
    const verdict = store.checkKnown(seq, m[2]!);
    if (verdict === 'ok') return;
    stats.historyRefusals++;
    const head = store.cursor();
    if (verdict === 'ahead') throw httpError(409, 'cursor_ahead', `you have seen seq ${seq}; this central's history ends at ${head}: it was restored from an older copy or is behind; re-synchronise`);
    if (verdict === 'diverged') throw httpError(409, 'history_diverged', `this central's history differs from yours at seq ${seq} (head ${head}): re-synchronise`);
    throw httpError(409, 'cursor_expired', `seq ${seq} is older than this central keeps: re-synchronise`);
  };
  const sendError = (res: ServerResponse, e: HttpError, extra: Record<string, string> = {}): void =>
    sendJson(res, e.status, JSON.stringify({ code: e.code, message: e.message.slice(0, 2000) }), extra);

  function allow(req: IncomingMessage, method: string): void {
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      throw Object.assign(httpError(405, 'method_not_allowed', `${req.method} not allowed here; use ${method}`), { allow: method });
    }
  }

  /**
   * Whether the command's issuer may issue it: the workstation uploading it is the one it
   * names, and the officer it carries holds the command's permission here, now. The
   * workstation's own 'system' actor only from a workstation allowed it.
   */
  const authorizeCommand = (ws: Workstation) => (cmd: Command): ApplyResult => {
    const actor = cmd.actor;
    if (!actor || actor.userId === SYSTEM_ACTOR_ID) {
      return ws.allowSystem ? { ok: true } : { ok: false, code: 'forbidden', reason: `workstation ${ws.id} may not issue commands without an officer` };
    }
    if (actor.workstation !== ws.id) return { ok: false, code: 'forbidden', reason: `issued at ${actor.workstation}, uploaded by ${ws.id}` };
    return users.actorMay(actor.userId, commandModule(cmd.type).permission);
  };

  /**
   * The scope a request of the feed is served for: the officer the workstation names
   * (OFFICER_HEADER: trusted as the commands' actor is — the workstation proved itself, the
   * officer must exist and be enabled here), else the workstation's own unit; the city's when
   * neither has one.
   */
  const scopeUnitOf = (headers: IncomingMessage['headers'], ws: Workstation): string => {
    const root = store.tree()?.rootId ?? '';
    const officer = headers[OFFICER_HEADER];
    if (typeof officer === 'string' && officer !== '') {
      if (!/^[\x21-\x7e]{1,64}$/.test(officer)) throw httpError(400, 'bad_request', `${OFFICER_HEADER} must be a user id`);
      // A disabled officer's scope stays theirs (the feed must still carry the change that ends their session); an
      // officer this central does not know (restored from an older backup) gets the workstation's: the page's marker
      // then tells the workstation its cache is of another scope.
      const u = store.get('user_account', officer);
      if (u) return u.unitId ?? root;
    }
    return ws.unitId ?? root;
  };
  const scopeOf = (req: IncomingMessage, ws: Workstation): ConsoleScope => {
    try {
      return store.consoleScope(scopeUnitOf(req.headers, ws));
    } catch (e) {
      if (e instanceof UnknownUnitError) throw httpError(403, 'unknown_unit', e.message);
      throw e;
    }
  };
  /** The marker a page, snapshot or digest carries. */
  const markerOf = (scope: ConsoleScope): string => scope?.marker ?? store.fullMarker();

  /**
   * Whether the command's changes are all within its issuer's reach: rows of its own scope,
   * or supply sites its unit may draw from; never a neighbour's (shown read-only) or a row it
   * is not shown at all. The city reaches everything.
   */
  const withinScope = (cmd: Command, ws: Workstation) => (changes: readonly MadeChange[]): ApplyResult => {
    const tree = store.tree();
    if (!tree) return { ok: true };
    const actor = cmd.actor && cmd.actor.userId !== SYSTEM_ACTOR_ID ? store.get('user_account', cmd.actor.userId) : undefined;
    const unitId = actor ? (actor.unitId ?? tree.rootId) : (ws.unitId ?? tree.rootId);
    if (unitId === tree.rootId) return { ok: true };
    for (const c of changes) {
      const s = store.rowScope(c.table, c.row);
      if (!s) continue;
      const v = visibility(tree, store.scopeSettings(), unitId, s);
      if (v === 'own' || v === 'source') continue;
      const what = `${c.table} ${tableDecl(c.table).key(c.row as never)}`;
      return { ok: false, code: 'out_of_scope', reason: `${what} belongs to ${s.unitId}, outside ${unitId}'s scope${v === 'neighbour' ? ' (a neighbour’s: shown read-only)' : ''}` };
    }
    return { ok: true };
  };

  /**
   * What the rules may know of a command beyond its payload: the city's area, the command
   * tree and its settings, and who issued it (role and unit: an approval is a supervisor's of
   * the approving unit or above; null for the workstation's own actor, who decides nothing).
   */
  const applyContext = (cmd: Command): Omit<ApplyCtx, 'at'> => {
    const tree = store.tree();
    const account = cmd.actor && cmd.actor.userId !== SYSTEM_ACTOR_ID ? store.get('user_account', cmd.actor.userId) : undefined;
    const officer = account ? { role: account.role, unitId: account.unitId ?? tree?.rootId ?? '' } : null;
    return { area: city.bounds, scopeSettings: store.scopeSettings(), officer, ...(tree ? { units: tree } : {}) };
  };

  /** A refusal of a sign-in or an administrator's request, as HTTP. */
  const authError = (e: AuthRefusal): HttpError & { retryAfterS?: number } => {
    const status = { bad_credentials: 401, code_replayed: 401, unauthenticated: 401, rate_limited: 429, account_disabled: 403, forbidden: 403, enrolment_expired: 410, not_found: 404, username_taken: 409 }[e.code];
    return Object.assign(httpError(status, e.code, e.message), typeof e.params.retryAfterS === 'number' ? { retryAfterS: e.params.retryAfterS } : {});
  };
  const authed = async <T>(fn: () => Promise<T> | T): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AuthRefusal) throw authError(e);
      throw e;
    }
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://central.invalid');
    options.beforeRoute?.(url.pathname, res);
    // Every request but the health check is a known workstation's.
    const ws = url.pathname === '/health' ? null : authenticateWorkstation(store.db, req.headers.authorization);
    if (url.pathname !== '/health' && !ws) {
      throw httpError(401, 'unauthenticated', 'this workstation is not known to the central: check its id and secret (Authorization: Bearer <id>:<secret>)');
    }
    switch (url.pathname) {
      case '/auth/login': {
        allow(req, 'POST');
        const parsed = centralLoginRequestSchema.safeParse(await readJson(req));
        if (!parsed.success) throw httpError(400, 'bad_request', issuesText(parsed.error));
        sendJson(res, 200, JSON.stringify(await authed(() => users.login(parsed.data, ws!.id))));
        return;
      }
      case '/auth/enrol': {
        allow(req, 'POST');
        const parsed = centralEnrolRequestSchema.safeParse(await readJson(req));
        if (!parsed.success) throw httpError(400, 'bad_request', issuesText(parsed.error));
        sendJson(res, 200, JSON.stringify(await authed(() => users.enrol(parsed.data, ws!.id))));
        return;
      }
      case '/users': {
        // An administrator's request: their central session, from the workstation it was given to.
        const header = req.headers[SESSION_HEADER];
        const by = users.sessionUser(typeof header === 'string' ? header : undefined, ws!.id);
        if (!by) throw httpError(401, 'unauthenticated', 'an administrator’s session is needed (sign in again)');
        if (req.method === 'GET') {
          if (by.role !== 'admin') throw httpError(403, 'forbidden', `${by.username} may not administer users`);
          sendJson(res, 200, JSON.stringify({ users: users.list() }));
          return;
        }
        allow(req, 'POST');
        const parsed = userChangeSchema.safeParse(await readJson(req));
        if (!parsed.success) throw httpError(400, 'bad_request', issuesText(parsed.error));
        const result = await authed(() => users.change(by, parsed.data));
        markChanged();
        sendJson(res, 200, JSON.stringify(result));
        return;
      }
      case '/units': {
        // The command tree's administration (central/scope/units-admin.ts): an administrator's, like /users.
        const header = req.headers[SESSION_HEADER];
        const by = users.sessionUser(typeof header === 'string' ? header : undefined, ws!.id);
        if (!by) throw httpError(401, 'unauthenticated', 'an administrator’s session is needed (sign in again)');
        if (!roleCan(by.role, 'users.admin')) throw httpError(403, 'forbidden', `${by.username} may not administer the command tree`);
        const admin = createUnitAdmin(store, markChanged);
        if (req.method === 'GET') {
          sendJson(res, 200, JSON.stringify({ units: admin.list() } satisfies UnitsResult));
          return;
        }
        allow(req, 'POST');
        const parsed = unitChangeSchema.safeParse(await readJson(req));
        if (!parsed.success) throw httpError(400, 'bad_request', issuesText(parsed.error));
        try {
          sendJson(res, 200, JSON.stringify(admin.apply(parsed.data)));
        } catch (e) {
          if (!(e instanceof UnitRefusal)) throw e;
          // Nothing was written; the tree's own problem codes say what the change would have broken.
          const problems = e.problems.map(({ unitId, code, message }) => ({ unitId, code, message: message.slice(0, 500) })).slice(0, 100);
          sendJson(res, UNIT_REFUSAL_STATUS[e.code], JSON.stringify({ code: e.code, message: e.message.slice(0, 2000), ...(problems.length > 0 ? { problems } : {}) } satisfies CentralErrorBody));
        }
        return;
      }
      case '/audit': {
        allow(req, 'POST');
        const parsed = auditUploadSchema.safeParse(await readJson(req));
        if (!parsed.success) throw httpError(400, 'bad_request', issuesText(parsed.error));
        const r = audit.append(ws!.id, parsed.data.entries);
        if (r.accepted > 0) markChanged();
        // What was taken is kept; a refusal says where this workstation's chain stands here.
        sendJson(res, 200, JSON.stringify({ head: r.head, ...(r.error ? { refused: { code: r.error.code, message: r.error.message } } : {}) }));
        return;
      }
      case '/health': {
        allow(req, 'GET');
        const health: Health = {
          status: faults.httpErrorRate > 0 || faults.latencyMs > 0 ? 'degraded' : 'ok',
          name,
          time: clock(),
          cursor: store.cursor(),
          maxCommandBytes: MAX_COMMAND_BYTES,
          scopeSettings: store.scopeSettings(),
        };
        sendJson(res, 200, JSON.stringify(health));
        return;
      }
      case '/changes': {
        allow(req, 'GET');
        const since = parseNonNegativeInt(url.searchParams.get('since'), 'since', 0, Number.MAX_SAFE_INTEGER);
        const limit = parseNonNegativeInt(url.searchParams.get('limit'), 'limit', DEFAULT_LIMIT, CHANGES_MAX_LIMIT);
        if (limit < 1) throw httpError(400, 'bad_request', 'limit must be at least 1');
        const head = store.cursor();
        if (since > head) {
          // A cursor from the future means this server's database was replaced: the
          // client must start over instead of waiting forever for seqs that will be reused.
          stats.historyRefusals++;
          throw httpError(409, 'cursor_ahead', `since=${since} is ahead of the server's cursor ${head}; resync from 0`);
        }
        checkKnown(req);
        const scope = scopeOf(req, ws!);
        const page = store.changesPage(since, limit, scope);
        stats.pulls++;
        stats.changesServed += page.count;
        // A page for a console that sees everything says so too (its scope's marker), so a console that held less knows to widen.
        sendJson(res, 200, scope ? page.json : `${page.json.slice(0, -1)},"scope":${JSON.stringify(markerOf(scope))}}`);
        return;
      }
      case '/commands': {
        allow(req, 'POST');
        const json = await readJson(req);
        // One command, or a batch of them (the outbox replays in batches after an outage).
        const isBatch = typeof json === 'object' && json !== null && 'commands' in json;
        const parsed = isBatch ? commandBatchSchema.safeParse(json) : commandSchema.safeParse(json);
        if (!parsed.success) {
          const detail = issuesText(parsed.error);
          throw httpError(400, 'invalid_command', detail);
        }
        // Checked after the body is read and before anything is applied, with no await in
        // between: the database cannot be swapped under the check.
        checkKnown(req);
        // The simulator follows what the commands changed, once it is committed.
        const made: MadeChange[] = [];
        const run = (cmd: Command): CommandResult => {
          const { result, replay, changes } = store.runCommand(cmd, authorizeCommand(ws!), applyContext(cmd), withinScope(cmd, ws!));
          if (replay) stats.commandsReplayed++;
          else if (result.status === 'applied') {
            stats.commandsApplied++;
            made.push(...changes);
            markChanged();
          } else stats.commandsRejected++;
          return result;
        };
        const followed = <T>(value: T): T => {
          followChanges(sim, made.splice(0), (id) => store.get('request', id));
          return value;
        };
        if (!isBatch) {
          let result: CommandResult;
          try {
            result = followed(run(parsed.data as Command));
          } catch (err) {
            if (err instanceof CommandConflictError) throw httpError(409, err.code, err.message);
            throw err;
          }
          answerCommands(res, JSON.stringify(result));
          return;
        }
        // One transaction (one fsync) for the batch; each command still runs in its own
        // savepoint, so a refusal rolls back that command alone. Nothing is answered before
        // the batch commits: a crash in between loses the answers, and the client's retry of
        // the same ids applies them then.
        const results = followed(
          store.inTransaction(() =>
            (parsed.data as { commands: Command[] }).commands.map((cmd): CommandResult => {
              try {
                return run(cmd);
              } catch (err) {
                if (err instanceof CommandConflictError) return { id: cmd.id, status: 'rejected', code: err.code, reason: err.message };
                throw err;
              }
            }),
          ),
        );
        answerCommands(res, JSON.stringify({ results }));
        return;
      }
      case '/chains': {
        allow(req, 'POST');
        const parsed = chainsRequestSchema.safeParse(await readJson(req));
        if (!parsed.success) throw httpError(400, 'bad_request', issuesText(parsed.error));
        // With the client's point as a precondition: checked and answered with no await between.
        checkKnown(req);
        sendJson(res, 200, JSON.stringify(store.read(() => ({ chains: parsed.data.at.map((seq) => store.chainAt(seq)) }))));
        return;
      }
      case '/digest': {
        allow(req, 'GET');
        const scope = scopeOf(req, ws!);
        sendJson(res, 200, JSON.stringify(store.read(() => ({
          cursor: store.cursor(),
          scope: markerOf(scope),
          tables: Object.fromEntries(REPLICA_TABLES.map((t) => [t, { ...tableDigest(t, store.rowsIn(t, scope) as never), lastSeq: store.lastSeqIn(t, scope) }])) as Digest['tables'],
        }) satisfies Digest)));
        return;
      }
      case '/snapshot': {
        allow(req, 'GET');
        const table = url.searchParams.get('table');
        if (!REPLICA_TABLES.includes(table as ReplicaTable)) throw httpError(400, 'bad_request', `table must be one of ${REPLICA_TABLES.join(', ')}`);
        const t = table as ReplicaTable;
        const scope = scopeOf(req, ws!);
        sendJson(
          res,
          200,
          JSON.stringify(
            store.read(() => {
              const cursor = store.cursor();
              return { table: t, cursor, chain: store.chainAt(cursor), lastSeq: store.lastSeqIn(t, scope), scope: markerOf(scope), rows: store.rowsIn(t, scope) };
            }),
          ),
        );
        return;
      }
      default:
        throw httpError(404, 'not_found', `no route ${url.pathname}`);
    }
  }

  /**
   * The answer to POST /commands, already applied. Under the command-answer fault a broken
   * gateway replaces it: the client cannot tell whether it was applied, and must retry the
   * same ids rather than take it as a refusal.
   */
  const answerCommands = (res: ServerResponse, body: string): void => {
    if (faults.commandAnswerFaultRate > 0 && faultRng.next() < faults.commandAnswerFaultRate) {
      stats.commandAnswersGarbled++;
      const pick = faultRng.next();
      if (pick < 0.3) writeAnswer(res, 200, { 'content-type': 'text/html' }, proxyPage(200));
      else if (pick < 0.5) writeAnswer(res, 200, { 'content-type': 'application/json' }, body.slice(0, Math.max(1, Math.floor(body.length / 2))));
      else sendProxyPage(res, PROXY_STATUSES[Math.floor(faultRng.next() * PROXY_STATUSES.length)]!);
      return;
    }
    sendJson(res, 200, body);
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (faults.offline) {
      req.socket.destroy();
      return;
    }
    // A black hole: the connection is accepted and nothing ever comes back.
    if (faults.blackHole) return;
    if (faults.proxyErrorRate > 0 && faultRng.next() < faults.proxyErrorRate) {
      req.resume();
      sendProxyPage(res, PROXY_STATUSES[Math.floor(faultRng.next() * PROXY_STATUSES.length)]!);
      return;
    }
    if (faults.dropRate > 0 && faultRng.next() < faults.dropRate) {
      req.socket.destroy();
      return;
    }
    const answer = (): void => {
      // A delayed answer (latency fault) may come due after close: the database is gone.
      if (closed) {
        res.destroy();
        return;
      }
      if (overRateLimit()) {
        sendError(res, httpError(429, 'rate_limited', `over ${faults.rateLimitPerSec} requests per second`), { 'retry-after': '1' });
        return;
      }
      if (faults.httpErrorRate > 0 && faultRng.next() < faults.httpErrorRate) {
        sendError(res, httpError(503, 'unavailable', 'injected fault'));
        return;
      }
      route(req, res).catch((err: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const e = err as Partial<HttpError> & { allow?: string; retryAfterS?: number };
        if (typeof e.status === 'number' && typeof e.code === 'string') {
          const extra: Record<string, string> = e.allow ? { allow: e.allow } : {};
          if (e.retryAfterS !== undefined) extra['retry-after'] = String(e.retryAfterS);
          // After a 413 the rest of the body is unread: close instead of draining it.
          if (e.status === 413) extra.connection = 'close';
          sendError(res, e as HttpError, extra);
        } else {
          console.error('central: request failed', err);
          sendError(res, httpError(500, 'internal', 'internal error'));
        }
      });
    };
    if (faults.latencyMs > 0) setTimeout(answer, faults.latencyMs);
    else answer();
  };
  const server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createServer(handler);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  // --- WebSocket /live ---------------------------------------------------------------
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://central.invalid').pathname;
    if (faults.offline || closed) {
      socket.destroy();
      return;
    }
    if (faults.blackHole) {
      hung.add(socket);
      socket.on('close', () => hung.delete(socket));
      return;
    }
    if (path !== '/live') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const station = authenticateWorkstation(store.db, req.headers.authorization);
    if (!station) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let scope: ConsoleScope;
    try {
      scope = scopeOf(req, station);
    } catch {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      live.add(ws);
      liveScopes.set(ws, scope);
      stats.liveClients = live.size;
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      // Clients have nothing to say on this channel; anything they send is ignored.
      ws.on('message', () => {});
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        live.delete(ws);
        stats.liveClients = live.size;
      });
      ws.send(JSON.stringify({ type: 'hello', cursor: store.cursor(), time: clock() } satisfies LiveMessage));
    });
  });
  // Dead peers (a pulled cable sends no FIN) are found by ping/pong, not by waiting for TCP.
  const heartbeat = setInterval(() => {
    for (const ws of live) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const urlHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  if (options.simulate ?? true) resume();

  let watcher = createDutyWatcher(store, { silentSince: () => sim.silentSince(), placeOf: (id) => sim.placeOf(id) });
  const dutyTick = (at = Date.now()): AlertRecord[] => {
    if (closed) return [];
    const written = watcher.tick(at);
    if (written.length) markChanged();
    return written;
  };
  const dutyEveryMs = options.dutyEveryMs ?? 5000;
  const dutyTimer = dutyEveryMs > 0 ? setInterval(() => dutyTick(), dutyEveryMs) : null;
  dutyTimer?.unref();

  const retention = options.retention ?? CENTRAL_RETENTION;
  const prune = (at = Date.now()) => store.prune(at, retention);
  prune();
  const pruneTimer = setInterval(() => {
    if (!closed) prune();
  }, options.pruneEveryMs ?? 6 * 3600_000);
  pruneTimer.unref();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      pause();
      closed = true;
      clearInterval(heartbeat);
      clearInterval(pruneTimer);
      if (dutyTimer) clearInterval(dutyTimer);
      if (changedTimer) clearImmediate(changedTimer);
      sim.dispose();
      for (const ws of live) ws.terminate();
      live.clear();
      for (const socket of hung) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.savePositions(sim.saved());
      store.close();
    })();
    return closing;
  };

  const simulator: SimulatorControl = {
    tick,
    pause,
    resume,
    get running() {
      return timer !== null;
    },
    get speedFactor() {
      return sim.speedFactor;
    },
    set speedFactor(f: number) {
      sim.speedFactor = f;
    },
    vehicleCount: vehicles.length,
    segment: (no) => sim.segment(no),
    statusOf: (id) => sim.statusOf(id),
    slow: (id, factor) => sim.slow(id, factor),
    mute: (id, at = Date.now()) => sim.mute(id, at),
    stats: () => sim.stats(),
  };

  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${addr.port}`,
    close,
    stats: () => ({ ...stats }),
    simulator,
    duty: { tick: dutyTick },
    backupTo: async (path) => {
      await store.backupTo(path);
    },
    replaceDatabase: async (fromPath) => {
      if (closed) throw new Error('central is closed');
      // As a restart from another copy would: every connection drops, clients come back
      // to whatever history that copy holds.
      for (const ws of live) ws.terminate();
      server.closeAllConnections();
      store.close();
      for (const suffix of ['-wal', '-shm']) rmSync(options.dbPath + suffix, { force: true });
      copyFileSync(fromPath, options.dbPath);
      store = openStore(options.dbPath, storeOptions);
      syncWorkstations(store.db, workstations);
      users = createUserAuthority(store);
      audit = createAuditAppender(store);
      watcher = createDutyWatcher(store, { silentSince: () => sim.silentSince(), placeOf: (id) => sim.placeOf(id) });
      if (options.demoUsers !== false) await seedDemoUsers(users, (id) => store.tree()?.nodes.has(id) ?? false);
      markChanged();
      await Promise.resolve();
    },
    prune,
    seededDemoUsers,
    units: () => createUnitAdmin(store, markChanged),
    users: () => users,
    head: () => store.read(() => {
      const cursor = store.cursor();
      return { cursor, chain: store.chainAt(cursor) ?? '' };
    }),
    faults: {
      get: () => ({ ...faults }),
      set: (patch) => {
        for (const k of ['httpErrorRate', 'malformedRate', 'dropRate', 'liveDuplicateRate', 'liveReorderRate', 'commandAnswerFaultRate', 'proxyErrorRate'] as const) {
          const v = patch[k];
          if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`${k} must be within 0..1`);
        }
        Object.assign(faults, patch);
        if (faults.offline) {
          for (const ws of live) ws.terminate();
          server.closeAllConnections();
        }
      },
    },
  };
}
