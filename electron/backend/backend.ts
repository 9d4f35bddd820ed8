import { join } from 'node:path';
import { allBoardMethods, boardEvents, INTERNAL_CALLER, type BoardEvent, type BoardMethod, type CallerContext, type EventData, type ServerMessage } from '../../shared/board-api';
import { REPLICA_TABLES } from '../../shared/central-api';
import { commandModule, isCommandType, type CommandType, type PayloadOf } from '../../shared/commands/registry';
import { getMeta, openStore, recordSyncEvent, setMeta, type Db } from './store/database';
import { scopeSettingsSchema, type ScopeSettings } from '../../shared/scope/schema';
import type { CacheKey } from './store/cache-file';
import { createReplicaReader, readCursor, readKnown } from './store/replica';
import { createPositionStore } from './store/positions';
import { createLinkMonitor } from './link/link';
import { createEndpoints } from './link/endpoints';
import { createPusher } from './link/pusher';
import { createOutbox, type OutboxEntry } from './store/outbox';
import { createOutageLog } from './store/outages';
import { createRetention } from './store/retention';
import { createReconciler, type ReconcileResult } from './link/reconcile';
import { createRewinder } from './link/rewind';
import { createScopeKeeper } from './link/scope';
import { SYSTEM_ACTOR_ID } from '../../shared/auth/roles';
import { inSubtree, type UnitTree } from '../../shared/scope/tree';
import { createPositionFeed } from './fleet/position-feed';
import { createDispatchHandlers, ETA_EVERY_MS } from './dispatch/handlers';
import { createPuller } from './link/puller';
import { createLiveStream } from './link/live';
import { composeHandlers } from './board/handlers';
import { createDispatcher } from './board/dispatcher';
import { createSnapshotHandlers } from './board/snapshot';
import { createCommandIssuer } from './commands/issue';
import { createAuditLog } from './audit/log';
import { createAuditUploader } from './audit/uploader';
import { createAuditHandlers } from './audit/handlers';
import { createAuth } from './auth/service';
import { createAuthDemoHandlers, createAuthHandlers } from './auth/handlers';
import { createUnitsHandlers } from './scope/handlers';
import { createNeighbourJudge } from './scope/neighbours';
import { createVerifiers } from './auth/verifiers';
import { commandTarget, createBoardView } from './store/view';
import { DEMO_WORKSTATION, type WorkstationCredential } from '../../shared/auth/workstation';
import type { CentralTls } from './link/central-tls';
import type { Role } from '../../shared/auth/roles';
import { createSitesHandlers } from './sites/handlers';
import { createAssetsHandlers } from './assets/handlers';
import { createFleetHandlers } from './fleet/handlers';
import { createLinkDemoHandlers, createLinkHandlers } from './link/handlers';
import { createAlertsHandlers } from './alerts/handlers';
import { createDutyHandlers } from './duty/handlers';
import { createReportHandlers } from './duty/report-handlers';
import { createMapHandlers } from './map/handlers';
import { createMapService } from './map/map-service';
import { createWallHandlers } from './wall/handlers';
import { openBaseMap } from './map/basemap';
import { createCityInUse } from './cities/city-in-use';
import { createImportService } from './cities/import-service';
import { createCitiesHandlers, sitesOutside, toCityView } from './cities/handlers';
import { defaultCitiesDir } from '../../city/city-store';
import { createLogger, errorMessage, type Logger } from './log';

export type BackendOptions = {
  /** Path of the local cache database (created if missing). */
  dbPath: string;
  /**
   * The cache's key (32 bytes; store/cache-file.ts). Electron hands it over from
   * electron/main; the browser host and the tests take it from configuration.
   */
  cacheKey: CacheKey;
  /** Base URL of the central API (primary endpoint), e.g. http://127.0.0.1:8787 */
  centralUrl: string;
  /** Backup endpoint of the central (N+1); failover when the primary fails. */
  backupCentralUrl?: string;
  /** Health probe period (default 1 s). */
  healthEveryMs?: number;
  pushBackoff?: { initialDelay: number; maxDelay: number };
  /** Commands per push request (default PUSH_BATCH; 1 = one request per command). */
  pushBatch?: number;
  /** MBTiles file of the offline base map. */
  baseMapPath: string;
  /** Road network for routing (default: roads.json beside the base map). */
  roadsPath?: string;
  /** The imported cities (Settings → Cities): default $JINGBAO_CITIES_DIR, else .jingbao/cities. */
  citiesDir?: string;
  /**
   * The city named at start (--city, JINGBAO_CITY), whose base map is `baseMapPath`: it wins
   * over the city an administrator last switched to on this workstation. Without it the
   * board starts on that kept city, if any, else on `baseMapPath`.
   */
  startedWithCity?: string;
  log?: Logger;
  nativeBinding?: string;
  /** Safety-net pull period; notifications on the live stream trigger pulls sooner. */
  pullEveryMs?: number;
  liveSilenceMs?: number;
  /** How long 'reconnecting' lasts before the board says 'offline'. */
  offlineAfterMs?: number;
  /** Period of the automatic digest comparison with the central (default 60 s; also after each outage). */
  reconcileEveryMs?: number;
  /** The demo build (npm start, tests): serves the demo methods, such as cutting the link. Never in production. */
  demo?: boolean;
  /** With `demo`: the demo account the sign-in page signs in by itself (`npm start -- --demo-login ROLE`). */
  demoLogin?: Role;
  /** Days applied commands, resolved conflicts and link history are kept (default 90; store/retention.ts). */
  retentionDays?: number;
  /** Largest push body in bytes (default PUSH_BATCH_BYTES, lowered to what the central says it takes). */
  pushBatchBytes?: number;
  /** Health probe deadline (default HEALTH_TIMEOUT_MS). */
  healthTimeoutMs?: number;
  /** SQLite synchronous mode (default FULL: power-safe). NORMAL only for benchmarks. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Jitter source for backoffs (tests pass a seeded one). */
  random?: () => number;
  /** Period of the live arrival predictions (default ETA_EVERY_MS). */
  etaEveryMs?: number;
  /**
   * This workstation's credential for the central (shared/auth/workstation.ts). Default: the
   * demo workstation, which only the reference central knows; the Electron app and the
   * browser host ask for a real one unless they run the demo.
   */
  workstation?: WorkstationCredential;
  /** Trust for an https central: the division's CA and an optional pinned certificate (link/central-tls.ts). */
  centralTls?: CentralTls;
};

/** The city this workstation was last switched to (Settings → Cities), in its cache's meta table. */
const CITY_SETTING = 'setting.city';
/** The central's scope settings as last heard (`scopeSettingsNow`). */
const SCOPE_SETTINGS_KEY = 'central.scope_settings';

/** What a transport (MessagePort, WebSocket, test) receives: JSON messages, or binary position frames. */
export type BackendOutput = ServerMessage | ArrayBuffer;
export type BackendListener = (out: BackendOutput) => void;

/**
 * The backend: local cache + sync with the central + the board API. Plain Node: the
 * Electron utilityProcess, the browser host and the tests all start it the same way.
 */
export function createBackend(opts: BackendOptions) {
  const log = opts.log ?? createLogger();
  const workstation = opts.workstation ?? DEMO_WORKSTATION;
  const db: Db = openStore(opts.dbPath, {
    key: opts.cacheKey,
    // An unencrypted cache from an older version is encrypted in place at the first start.
    onEncryptionStep: (step) => log('info', 'cache.encrypt', { step }),
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    ...(opts.synchronous ? { synchronous: opts.synchronous } : {}),
  });
  const replica = createReplicaReader(db);
  const positions = createPositionStore(db);
  const citiesDir = opts.citiesDir ?? defaultCitiesDir();
  const city = createCityInUse({
    citiesDir,
    baseMapPath: opts.baseMapPath,
    ...(opts.roadsPath ? { roadsPath: opts.roadsPath } : {}),
    startedWith: opts.startedWithCity ?? null,
    kept: () => getMeta(db, CITY_SETTING),
    keep: (name) => setMeta(db, CITY_SETTING, name),
    open: (path) => openBaseMap(path, opts.nativeBinding),
    log,
  });
  /** The city in use's base map (switched by cities.use: whichever is current answers). */
  const baseMap = city.baseMap;
  const outbox = createOutbox(db, Date.now, {
    // A refusal by the central is on the officer's audit chain, where the action was recorded when it was issued.
    // What an earlier officer of another scope queued is uploaded as his, and shown to nobody here (commandShownHere).
    shown: () => commandsShownHere(),
    onRefused: (e, code, reason) =>
      audit.append({
        userId: e.actor && e.actor.userId !== SYSTEM_ACTOR_ID ? e.actor.userId : null, username: e.actor?.username ?? null, role: e.actor?.role ?? 'system',
        action: 'command', target: `command:${e.type}`, outcome: 'refused', detail: { commandId: e.id, code, reason: reason.slice(0, 500) },
      }),
  });
  const outages = createOutageLog(db);
  const retention = createRetention(db, opts.retentionDays !== undefined ? { days: opts.retentionDays } : {});
  const listeners = new Set<BackendListener>();
  // Sockets and requests in flight answer after close(); nothing may touch the closed database then.
  let closed = false;

  const broadcast = (out: BackendOutput) => {
    for (const l of listeners) {
      try {
        l(out);
      } catch (e) {
        log('error', 'backend.listener_failed', { message: errorMessage(e) });
      }
    }
  };
  function emit<E extends BoardEvent>(name: E, data: EventData<E>) {
    boardEvents[name].parse(data);
    broadcast({ kind: 'event', name, data });
  }

  /**
   * Link events go to the sync_event log (the link-health panel and the handover read it),
   * at most one per kind every few seconds: a flapping link must not flood the cache.
   */
  const lastEventAt = new Map<string, { at: number; suppressed: number }>();
  const linkEvent = (kind: string, detail: string) => {
    if (closed) return;
    const t = Date.now();
    const last = lastEventAt.get(kind);
    if (last && t - last.at < 5_000) {
      last.suppressed++;
      return;
    }
    const more = last && last.suppressed > 0 ? ` (+${last.suppressed} more like it since)` : '';
    lastEventAt.set(kind, { at: t, suppressed: 0 });
    recordSyncEvent(db, kind, detail + more);
    log('warn', `link.${kind}`, { detail });
  };

  let everConnected = false;
  const link = createLinkMonitor(
    opts.centralUrl.replace(/\/+$/, ''),
    readCursor(db),
    (s) => {
      if (closed) return;
      // The shift's outage history: an outage runs from leaving 'connected' to coming back
      // (or, when the link was never up since start, from when the board says 'offline').
      if (s.state === 'connected') {
        // Back from an outage: check nothing drifted while we were apart.
        if (outages.closeOpen()) void reconcile();
        everConnected = true;
      } else if (everConnected || s.state === 'offline') outages.openIfNone();
      emit('link.changed', s);
    },
    Date.now,
    opts.offlineAfterMs,
  );
  // Whose scope this cache holds (multi-level command): named to the central on every request.
  const scope = createScopeKeeper({
    db,
    units: () => replica.all('unit'),
    log,
    rescope: (reason) => {
      rewinder.rescope(reason);
      live.reconnect();
    },
  });
  // The central's scope settings as last heard, kept in the cache (`scopeSettingsNow`): read once here.
  let heardSettings: ScopeSettings | null = (() => {
    const kept = getMeta(db, SCOPE_SETTINGS_KEY);
    if (kept === undefined) return null;
    try {
      const parsed = scopeSettingsSchema.safeParse(JSON.parse(kept));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  })();
  const endpoints = createEndpoints({
    officer: () => scope.officer(),
    primary: opts.centralUrl,
    ...(opts.backupCentralUrl ? { backup: opts.backupCentralUrl } : {}),
    log,
    known: () => readKnown(db),
    workstation,
    ...(opts.centralTls ? { tls: opts.centralTls } : {}),
    ...(opts.healthEveryMs ? { healthEveryMs: opts.healthEveryMs } : {}),
    ...(opts.healthTimeoutMs ? { healthTimeoutMs: opts.healthTimeoutMs } : {}),
    onScopeSettings: (settings) => {
      if (closed) return;
      const json = JSON.stringify(settings);
      if (json === JSON.stringify(heardSettings)) return;
      setMeta(db, SCOPE_SETTINGS_KEY, json);
      heardSettings = settings;
    },
    onSwitch: (name, url, why) => {
      if (closed) return;
      link.endpoint(name, url);
      linkEvent('failover', `${why}: now on the ${name} endpoint ${url}`);
      live.reconnect();
      pusher.kick();
      void puller.pull();
    },
  });
  const rewinder = createRewinder({
    db,
    outbox,
    endpoints,
    log,
    ...(opts.random ? { random: opts.random } : {}),
    quiesce: async () => {
      await pusher.idle();
      await puller.idle();
    },
    onStart: (reason) => link.resync(reason),
    onDone: (r) => {
      if (closed) return;
      link.rewound(r);
      emit('data.changed', { tables: [...REPLICA_TABLES], cursor: readCursor(db) });
      commandsChanged(true);
      void puller.pull();
    },
    onFailed: (message) => link.payloadRejected('rewind_failed', message),
    adoptScope: (marker) => scope.adopt(marker),
  });
  const puller = createPuller({
    db,
    fetchPage: (since, limit) => endpoints.execute((c) => c.changes(since, limit)),
    link,
    log,
    paused: () => rewinder.active(),
    served: (marker) => scope.served(marker),
    onRewind: (e) => rewinder.trigger(e),
    onApplied: (tables, cursor) => {
      emit('data.changed', { tables, cursor });
      // An account changed at the central: its sessions and cached verifiers follow.
      if (tables.includes('user_account')) auth.obey();
      // Pulled changes may reflect applied commands: pending marks change.
      commandsChanged(false);
    },
  });
  /** What the central holds of the thing a refused command touched (its module says what), from the mirror. */
  const serverRowFor = (type: string, payload: unknown): unknown =>
    isCommandType(type) ? commandModule(type).serverRow({ get: replica.get, where: replica.where, put: () => {} }, payload as never) : null;
  const pusher = createPusher({
    outbox,
    log,
    send: (cmds) => endpoints.execute((c) => c.sendCommands(cmds)),
    serverRowFor,
    paused: () => rewinder.active(),
    onRewind: (e) => rewinder.trigger(e),
    onEvent: linkEvent,
    centralMaxBytes: () => endpoints.maxCommandBytes(),
    ...(opts.pushBackoff ? { backoff: opts.pushBackoff } : {}),
    ...(opts.pushBatch ? { batchSize: opts.pushBatch } : {}),
    ...(opts.pushBatchBytes ? { batchBytes: opts.pushBatchBytes } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    onChange: () => commandsChanged(false),
    onPushed: () => link.pushed(),
  });
  function commandsChanged(kick = true) {
    if (closed) return;
    const queueDepth = outbox.pendingCount();
    const conflicts = outbox.openConflictCount();
    link.queue(queueDepth, conflicts, outbox.unknownCount());
    emit('outbox.changed', { queueDepth, conflicts });
    if (kick) pusher.kick();
  }
  const setCut = (cut: boolean) => {
    endpoints.setCut(cut);
    link.cut(cut);
    log('warn', cut ? 'link.cut' : 'link.restored', {});
    live.reconnect();
    if (!cut) {
      pusher.kick();
      void puller.pull();
    }
  };
  const reconciler = createReconciler({
    scopeHeld: () => scope.marker(),
    db,
    endpoints,
    replica,
    log,
    onResynced: (tables) => emit('data.changed', { tables, cursor: readCursor(db) }),
  });
  let lastReconcile: { at: number; tables: ReconcileResult[] } | null = null;
  const reconcile = async () => {
    if (rewinder.active()) return [];
    const tables = await reconciler.run();
    if (tables.length > 0 && !closed) lastReconcile = { at: Date.now(), tables };
    return tables;
  };
  // --- people: the audit chain, sessions and sign-in, who each command is from
  const audit = createAuditLog(db, workstation.id);
  const auditUploader = createAuditUploader({
    log: audit,
    client: () => endpoints.current().client,
    blocked: () => endpoints.isCut() || rewinder.active(),
    logger: log,
    onRefused: (message) => linkEvent('audit_refused', `the central refused this workstation's audit chain: ${message}`),
  });
  const verifiers = createVerifiers(db);
  const auth = createAuth({
    db,
    workstation: workstation.id,
    client: () => endpoints.current().client,
    cut: () => endpoints.isCut(),
    verifiers,
    audit,
    log,
    demo: opts.demo === true,
    demoLogin: opts.demo === true ? (opts.demoLogin ?? null) : null,
    account: (id) => replica.get('user_account', id),
    accountByName: (username) => replica.where('user_account', 'username', username)[0],
    changed: (reason) => emit('auth.changed', { reason }),
    signedIn: (user) => scope.signedIn(user),
    unitOf: (userId) => {
      const unitId = replica.get('user_account', userId)?.unitId;
      const unit = unitId ? replica.get('unit', unitId) : undefined;
      return unit && unit.kind !== 'city' ? { id: unit.id, kind: unit.kind, name: unit.name, nameEn: unit.nameEn } : null;
    },
  });
  const audited = <T>(ctx: CallerContext, fn: () => T, entry: (result: T) => { target: string; detail: Record<string, unknown> }): T =>
    db.transaction(() => {
      const result = fn();
      const a = auth.actorOf(ctx);
      audit.append({ userId: a.userId === 'system' ? null : a.userId, username: a.username, role: a.role, action: 'command', outcome: 'ok', ...entry(result) });
      return result;
    })();
  // A neighbouring unit's sites and vehicles (sent when the central's showNeighbours allows): shown faded, read-only.
  /**
   * The console's unit now: the signed-in officer's (the city's when his account names none, as the
   * central serves him), else the unit the central last served this workstation; null before any.
   */
  function consoleUnit(): string | null {
    const officer = scope.officer();
    if (officer !== null) {
      const account = replica.get('user_account', officer);
      if (account) return account.unitId ?? scope.tree()?.rootId ?? null;
    }
    const m = scope.marker();
    return m === undefined || m === 'all' ? null : m.split('@')[0]!;
  }
  /** The tree and the console's unit when that unit is one below the city the tree holds; null otherwise (the city sees everything). */
  function unitBelowCity(): { tree: UnitTree; unit: string } | null {
    const tree = scope.tree();
    const unit = consoleUnit();
    return tree && unit !== null && tree.nodes.has(unit) && unit !== tree.rootId ? { tree, unit } : null;
  }
  /**
   * Which queued commands are laid over this console's view (null: all): not an officer's of a
   * unit outside the console's scope (Centrum's officer queued it offline and signed out;
   * Hisingen's signed in) — it is still uploaded as his, but nothing of it shows here. Asked once
   * per read of the queue; each officer's unit looked up once.
   */
  function commandsShownHere(): ((e: OutboxEntry) => boolean) | null {
    const below = unitBelowCity();
    if (!below) return null;
    const { tree, unit } = below;
    const within = new Map<string, boolean>();
    return (e) => {
      if (!e.actor || e.actor.userId === SYSTEM_ACTOR_ID) return true;
      let ok = within.get(e.actor.userId);
      if (ok === undefined) {
        const actorUnit = replica.get('user_account', e.actor.userId)?.unitId ?? tree.rootId;
        ok = tree.nodes.has(actorUnit) && inSubtree(tree, unit, actorUnit);
        within.set(e.actor.userId, ok);
      }
      return ok;
    };
  }
  /**
   * The central's scope settings (the large-allocation threshold, neighbours shown) as its last
   * /health said, kept in the cache: a board started while the link is down plans and judges
   * approvals by the settings it last heard, not the defaults. Null before it has ever heard.
   */
  const scopeSettingsNow = (): ScopeSettings | null => endpoints.scopeSettings() ?? heardSettings;
  const neighbours = createNeighbourJudge({ tree: () => scope.tree(), consoleUnit });
  /** Why a command touches what this console holds read-only (a neighbour's site, its stock, its vehicle), else null. */
  const readOnly = (type: CommandType, payload: unknown): string | null => {
    const j = neighbours.judge();
    const site = (id: string) => {
      const s = replica.get('site', id);
      return s && j.site(s) ? `site ${id} is a neighbouring unit's (${s.unitId}): shown read-only here` : null;
    };
    const vehicle = (id: string) => {
      const v = replica.get('vehicle', id);
      return v && j.vehicle(v) ? `vehicle ${id} is a neighbouring unit's (${v.unitId}): shown read-only here` : null;
    };
    if (type === 'asset.step') {
      // The ledger belongs where it is kept: an asset sent to a site outside the console's own units would be another's.
      const to = (payload as PayloadOf<'asset.step'>).siteId;
      const s = to === undefined ? undefined : replica.get('site', to);
      const below = unitBelowCity();
      if (s && below && !inSubtree(below.tree, below.unit, s.unitId ?? below.tree.rootId)) {
        return `site ${to} is ${s.unitId ?? below.tree.rootId}'s, outside ${below.unit}: an asset is sent to another unit by a level above both`;
      }
    }
    if (type === 'dispatch.create') {
      const dsp = (payload as PayloadOf<'dispatch.create'>).dispatch;
      return vehicle(dsp.vehicleId) ?? dsp.pickups.map((p) => site(p.siteId)).find((x) => x !== null) ?? null;
    }
    const target = commandTarget({ type, payload: payload as never });
    const [kind, rest] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
    if (kind === 'vehicle') return vehicle(rest);
    if (kind === 'site') return site(rest);
    if (kind === 'stock') return site(rest.split('/')[0]!);
    // A site's storage readings are its unit's to record.
    if (kind === 'climate') return site(rest);
    return null;
  };
  const commands = createCommandIssuer({
    db,
    outbox,
    audit,
    readOnly,
    actorOf: (ctx) => auth.actorOf(ctx),
    before: (type, payload) => commandModule(type).serverRow(createBoardView(replica, outbox.unreflected()).tx, payload as never),
    commandsChanged: () => {
      commandsChanged(true);
      auditUploader.kick();
    },
  });
  const dispatch = createDispatchHandlers({
    replica,
    units: () => scope.tree(),
    scopeSettings: scopeSettingsNow,
    neighbours,
    positions,
    outbox,
    commands,
    roadsPath: city.roadsPath,
  });
  const cityChanged = (mapChanged: boolean) => {
    // The base-map source frames itself on the city in use (a map service's camera, the city's own tiles).
    if (mapChanged) maps.cityChanged();
    emit('cities.changed', { inUse: city.inUse(), mapChanged });
  };
  const imports = createImportService({
    dir: citiesDir,
    onProgress: (state) => !closed && emit('cities.importProgress', state),
    onEnd: (outcome) => {
      if (closed) return;
      if (!outcome.ok) {
        log('warn', 'city.import_failed', { city: outcome.name, code: outcome.code, message: outcome.message });
        emit('cities.importFailed', { id: outcome.id, name: outcome.name, code: outcome.code, message: outcome.message.slice(0, 2000) });
        return;
      }
      const view = toCityView(outcome.summary);
      log('info', 'city.imported', { city: view.name, roads: view.roads, ms: view.ms });
      // The board moves to the city just imported (the administrator asked for it by importing).
      try {
        city.use(view.name);
        cityChanged(true);
      } catch (e) {
        log('error', 'city.switch_failed', { city: view.name, message: errorMessage(e) });
      }
      const sites = replica.sites();
      emit('cities.importDone', { id: outcome.id, city: view, sitesOutside: sitesOutside(sites, view.bounds), sites: sites.length });
    },
  });
  const recentEvents = db.prepare('SELECT at, kind, detail FROM sync_event ORDER BY id DESC LIMIT 50');
  const settings = { get: (k: string) => getMeta(db, `setting.${k}`), set: (k: string, v: string) => setMeta(db, `setting.${k}`, v) };
  /** A setting changed by this caller: audited with before and after, in the same transaction as the change. */
  const settingChanged = <T>(ctx: CallerContext, key: string, before: unknown, after: unknown, write: () => T): T =>
    db.transaction(() => {
      const result = write();
      const a = auth.actorOf(ctx);
      audit.append({ userId: a.userId === 'system' ? null : a.userId, username: a.username, role: a.role, action: 'setting_change', target: `setting:${key}`, outcome: 'ok', detail: { before, after } });
      return result;
    })();
  const maps = createMapService({
    cityMap: () => baseMap,
    settings,
    settingChanged,
    onChanged: () => emit('map.changed', { reason: 'source' }),
    log: (level, event, detail) => log(level, event, detail),
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  const handlers = composeHandlers({
    board: createSnapshotHandlers({ replica, positions, outbox, link, neighbours }),
    sites: createSitesHandlers({ replica, outbox, commands, mapBounds: () => baseMap.info().bounds }),
    assets: createAssetsHandlers({ db, replica, outbox, commands, neighbours }),
    fleet: createFleetHandlers({ replica, positions, outbox, commands }),
    link: createLinkHandlers({
      link,
      endpoints,
      outbox,
      outages: () => outages.list(),
      reconciliation: () => lastReconcile,
      lastRewind: () => rewinder.last(),
      events: () => recentEvents.all() as { at: number; kind: string; detail: string }[],
      demo: opts.demo === true,
      commandsChanged: () => {
        commandsChanged(true);
        auditUploader.kick();
      },
      actorOf: (ctx) => auth.actorOf(ctx),
      audited,
    }),
    linkDemo: createLinkDemoHandlers({ link, setCut }),
    dispatch: dispatch.handlers,
    alerts: createAlertsHandlers({
      db,
      replica,
      outbox,
      commands,
      etaOf: (id) => dispatch.etas().get(id)?.etaAt,
      linkDownSince: () => outages.list().find((o) => o.endedAt === null)?.startedAt ?? null,
      changed: () => emit('alerts.changed', { reason: 'queued' }),
    }),
    duty: createDutyHandlers({
      db,
      replica,
      unit: () => unitBelowCity()?.unit ?? null,
      outbox,
      commands,
      outages: () => outages.list(7 * 24 * 3600_000),
      etaOf: (id) => dispatch.etas().get(id)?.etaAt,
      drill: {
        workstation: workstation.id,
        cut: setCut,
        queueDepth: () => outbox.pendingCount(),
        conflicts: () => outbox.openConflictCount(),
        drained: async (ms) => {
          const until = Date.now() + ms;
          while (Date.now() < until && !closed) {
            if (link.status().state === 'connected' && outbox.pendingCount() === 0) {
              await puller.pull();
              return true;
            }
            await new Promise((r) => setTimeout(r, 100));
          }
          return false;
        },
        reconcile,
      },
    }),
    report: createReportHandlers({
      db,
      replica,
      outbox,
      // The caller's unit (the city's when none): each level sees its own figures and its children's.
      // A caller with no session (the wall) reports for the officer whose scope the cache holds.
      rollupScope: (ctx) => {
        const tree = scope.tree();
        if (!tree) return null;
        const caller = auth.actorOf(ctx).userId;
        const userId = caller === 'system' ? scope.officer() : caller;
        const unitId = (userId !== null ? replica.get('user_account', userId)?.unitId : undefined) ?? tree.rootId;
        return { tree, unitId };
      },
    }),
    map: createMapHandlers({ maps, cityMap: () => baseMap }),
    wall: createWallHandlers({ settings, onWallSchedule: (schedule) => emit('wall.scheduleChanged', { schedule }), settingChanged }),
    auth: createAuthHandlers(auth),
    authDemo: createAuthDemoHandlers(auth),
    units: createUnitsHandlers(auth),
    audit: createAuditHandlers({ audit, auth, partialChain: () => unitBelowCity() !== null }),
    cities: createCitiesHandlers({
      citiesDir,
      city,
      imports,
      sites: () => replica.sites(),
      changed: cityChanged,
      audited: (ctx, target, detail, act) =>
        db.transaction(() => {
          const result = act();
          const a = auth.actorOf(ctx);
          audit.append({ userId: a.userId === 'system' ? null : a.userId, username: a.username, role: a.role, action: 'setting_change', target, outcome: 'ok', detail });
          return result;
        })(),
    }),
  });
  const dispatcher = createDispatcher(handlers, log, { demo: opts.demo === true, authorize: (ctx, permission, method) => auth.authorize(ctx, permission, method) });

  const feed = createPositionFeed({
    positions,
    log,
    onRejected: (code, message) => link.payloadRejected(code, message),
    onEvent: linkEvent,
    onAccepted: (at) => link.positions(at),
    forward: (frame) => broadcast(frame),
  });

  const live = createLiveStream({
    url: () => endpoints.current().client.liveUrl,
    headers: () => endpoints.current().client.liveHeaders(),
    tls: () => endpoints.current().client.liveTls,
    blocked: () => endpoints.isCut(),
    log,
    ...(opts.liveSilenceMs ? { silenceMs: opts.liveSilenceMs } : {}),
    onOpen: () => {
      feed.resetStream();
      link.liveOpened();
    },
    onClose: (reason) => {
      if (closed) return;
      link.liveClosed('link_down', reason);
      log('warn', 'live.closed', { reason });
    },
    onMessage: (m) => {
      if (closed) return;
      // hello: the server's cursor on (re)connect, so anything missed while away is pulled now.
      if (m.type === 'hello' || m.type === 'changed') {
        if (m.cursor !== readCursor(db) || m.type === 'hello') void puller.pull();
      }
    },
    onPositions: (buf) => {
      if (!closed) feed.onFrame(buf);
    },
  });

  /** Once a second: the link state's clock, and the central's clock against ours. */
  const tick = () => {
    link.tick();
    const skew = endpoints.clockSkewMs();
    link.clockSkew(skew);
    if (skew !== null && Math.abs(skew) > 60_000) {
      linkEvent('clock_skew', `the ${endpoints.current().name} central's clock is ${Math.round(skew / 1000)} s ${skew > 0 ? 'ahead of' : 'behind'} this workstation's: times from it are not trusted`);
    }
  };
  const runRetention = () => {
    try {
      const n = retention.run();
      if (Object.values(n).some((x) => x > 0)) log('info', 'store.pruned', n);
    } catch (e) {
      log('error', 'store.prune_failed', { message: errorMessage(e) });
    }
  };

  /** Live arrival predictions: refreshed on a timer; the renderers re-read when one moved. */
  let etaRunning = false;
  const refreshEtas = async () => {
    if (etaRunning || closed) return;
    etaRunning = true;
    try {
      if (await dispatch.refreshEtas()) emit('dispatch.etasChanged', { count: dispatch.etas().size });
    } catch (e) {
      log('warn', 'dispatch.eta_failed', { message: errorMessage(e) });
    } finally {
      etaRunning = false;
    }
  };

  let timers: NodeJS.Timeout[] = [];

  return {
    start() {
      link.queue(outbox.pendingCount(), outbox.openConflictCount(), outbox.unknownCount());
      link.rewound(rewinder.last());
      runRetention();
      endpoints.start();
      live.start();
      pusher.start();
      auditUploader.start();
      // A rewind left unfinished by a restart goes on before anything is pulled or pushed.
      rewinder.resume();
      void puller.pull();
      timers = [
        setInterval(() => void puller.pull(), opts.pullEveryMs ?? 30_000),
        setInterval(tick, 1_000),
        setInterval(() => void reconcile(), opts.reconcileEveryMs ?? 60_000),
        setInterval(runRetention, 6 * 3600_000),
        setInterval(() => void refreshEtas(), opts.etaEveryMs ?? ETA_EVERY_MS),
      ];
      log('info', 'backend.started', { dbPath: opts.dbPath, central: opts.centralUrl, backup: opts.backupCentralUrl ?? null, cursor: readCursor(db), queued: outbox.pendingCount() });
    },
    /** One message from a transport, with its caller (every transport says who is calling). */
    handle: (raw: unknown, ctx: CallerContext) => dispatcher.handle(raw, ctx),
    /** A call from inside (tests, tools): the internal caller unless another is given. */
    call: (method: BoardMethod, arg: unknown, ctx: CallerContext = INTERNAL_CALLER) => dispatcher.call(method, arg, ctx),
    subscribe(l: BackendListener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    pull: puller.pull,
    reconcile,
    setCut,
    /** Runs the retention job now. */
    prune: () => retention.run(),
    stats: () => {
      const f = feed.stats();
      return {
        queueDepth: outbox.pendingCount(),
        conflicts: outbox.openConflictCount(),
        unknownOutcomes: pusher.unknownOutcomes(),
        commandsSent: pusher.sent(),
        pushRequests: pusher.sends(),
        endpoint: endpoints.current().name,
        failovers: endpoints.failovers(),
        rewinds: rewinder.count(),
        rewinding: rewinder.active(),
        cursor: readCursor(db),
        pagesApplied: puller.pagesApplied(),
        emptyPages: puller.emptyPages(),
        positionFrames: f.frames,
        positionFramesRejected: f.rejected,
        positionFramesStale: f.stale,
        positionFramesClockAhead: f.clockAhead,
        positionRecordsDropped: f.recordsDropped,
        liveMessagesRejected: live.rejectedMessages(),
        link: link.status(),
        /** The central's scope settings as its last /health said, kept across restarts (null: never heard). */
        scopeSettings: scopeSettingsNow(),
      };
    },
    recordEvent: (kind: string, detail: string) => recordSyncEvent(db, kind, detail),
    /**
     * Signing in for transports that do it outside the board API (the browser host's HTTP
     * sign-in sets a cookie): the same checks and audit as auth.login over a port.
     */
    auth: {
      login: (ctx: CallerContext, arg: { username: string; password: string; code: string }) => auth.login(ctx, arg),
      enrol: (ctx: CallerContext, arg: { token: string; code: string }) => auth.enrol(ctx, arg),
      demoLogin: (ctx: CallerContext, role: Role) => auth.demoLogin(ctx, role),
      wallLogin: (ctx: CallerContext) => auth.wallLogin(ctx),
      logout: (ctx: CallerContext) => auth.logout(ctx),
      /**
       * Whether a caller may call a method, before the transport does work for it (the browser
       * host's city upload): the same check, and the same audit of a refusal, as the call.
       */
      authorize: (ctx: CallerContext, method: BoardMethod) => auth.authorize(ctx, allBoardMethods[method].permission, method),
      /** Whether a session id is one this backend issued and still valid (locked counts as valid). */
      valid: (sessionId: string | null | undefined): boolean => 'session' in auth.sessions.get(sessionId),
      /** A connection refused before it reached the board API (no session, a foreign origin): audited. */
      refused: (origin: string, why: string) =>
        audit.append({ userId: null, username: null, role: null, action: 'session_refused', target: null, outcome: 'refused', detail: { origin, why } }),
    },
    /** This workstation's audit chain, uploaded now (tests). */
    uploadAudit: () => auditUploader.run(),
    async close() {
      if (closed) return;
      closed = true;
      timers.forEach(clearInterval);
      rewinder.stop();
      pusher.stop();
      auditUploader.stop();
      puller.stop();
      endpoints.stop();
      live.close();
      listeners.clear();
      await imports.close();
      await dispatch.close();
      city.close();
      db.close();
    },
  };
}
export type Backend = ReturnType<typeof createBackend>;

/** Default file locations under a data folder (the Electron userData or .jingbao/ for the host). */
export function defaultPaths(dataDir: string, resourcesDir: string) {
  return {
    dbPath: join(dataDir, 'cache.sqlite'),
    baseMapPath: join(resourcesDir, 'demo-city', 'build', 'basemap.mbtiles'),
  };
}
