import { dirname, join } from 'node:path';
import { boardEvents, type BoardEvent, type EventData, type ServerMessage } from '../../shared/board-api';
import { decodePositions, PositionBatchError } from '../../shared/positions-codec';
import { getMeta, openStore, recordSyncEvent, setMeta, type Db } from './store/database';
import { createReplicaReader, readCursor } from './store/replica';
import { createPositionStore } from './store/positions';
import { createLinkMonitor } from './sync/link';
import { createEndpoints } from './sync/endpoints';
import { createPusher } from './sync/pusher';
import { createOutbox } from './store/outbox';
import { createOutageLog } from './store/outages';
import { createReconciler, type ReconcileResult } from './sync/reconcile';
import { createDispatchHandlers } from './dispatch/handlers';
import { createPuller } from './sync/puller';
import { createLiveStream } from './sync/live';
import { createHandlers } from './board/handlers';
import { createDispatcher } from './board/dispatch';
import { openBaseMap } from './map/basemap';
import { createLogger, errorMessage, type Logger } from './log';

export type BackendOptions = {
  /** Path of the local cache database (created if missing). */
  dbPath: string;
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
  log?: Logger;
  nativeBinding?: string;
  /** Safety-net pull period; notifications on the live stream trigger pulls sooner. */
  pullEveryMs?: number;
  liveSilenceMs?: number;
  /** How long 'reconnecting' lasts before the board says 'offline'. */
  offlineAfterMs?: number;
  /** Period of the automatic digest comparison with the central (default 60 s; also after each outage). */
  reconcileEveryMs?: number;
};

/** What a transport (MessagePort, WebSocket, test) receives: JSON messages, or binary position frames. */
export type BackendOutput = ServerMessage | ArrayBuffer;
export type BackendListener = (out: BackendOutput) => void;

/**
 * The backend: local cache + sync with the central + the board API. Plain Node: the
 * Electron utilityProcess, the browser host and the tests all start it the same way.
 */
export function createBackend(opts: BackendOptions) {
  const log = opts.log ?? createLogger();
  const db: Db = openStore(opts.dbPath, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  const replica = createReplicaReader(db);
  const positions = createPositionStore(db);
  const baseMap = openBaseMap(opts.baseMapPath, opts.nativeBinding);
  const outbox = createOutbox(db);
  const outages = createOutageLog(db);
  const listeners = new Set<BackendListener>();
  // Sockets and requests in flight answer after close(); nothing may touch the closed database then.
  let closed = false;
  let positionFrames = 0;
  let positionFramesRejected = 0;
  let positionFramesStale = 0;
  let lastBatchTs = 0;

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
  const endpoints = createEndpoints({
    primary: opts.centralUrl,
    ...(opts.backupCentralUrl ? { backup: opts.backupCentralUrl } : {}),
    log,
    ...(opts.healthEveryMs ? { healthEveryMs: opts.healthEveryMs } : {}),
    onSwitch: (name, url) => {
      link.endpoint(name, url);
      live.reconnect();
      pusher.kick();
      void puller.pull();
    },
  });
  const puller = createPuller({
    db,
    fetchPage: (since, limit) => endpoints.execute((c) => c.changes(since, limit)),
    link,
    log,
    onApplied: (tables, cursor) => {
      emit('data.changed', { tables, cursor });
      // Pulled changes may reflect applied commands: pending marks change.
      commandsChanged(false);
    },
  });
  const serverRowFor = (type: string, payload: unknown): unknown => {
    const p = payload as Record<string, string>;
    if (type === 'vehicle.setStatus') return replica.vehicle(p.vehicleId!) ?? null;
    if (type === 'stock.adjust') return replica.stockOf(p.siteId!).find((l) => l.item.id === p.itemId) ?? null;
    return null;
  };
  const pusher = createPusher({
    outbox,
    endpoints,
    log,
    serverRowFor,
    ...(opts.pushBackoff ? { backoff: opts.pushBackoff } : {}),
    ...(opts.pushBatch ? { batchSize: opts.pushBatch } : {}),
    onChange: () => commandsChanged(false),
    onPushed: () => link.pushed(),
  });
  function commandsChanged(kick = true) {
    const queueDepth = outbox.pendingCount();
    const conflicts = outbox.openConflictCount();
    link.queue(queueDepth, conflicts);
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
    db,
    endpoints,
    replica,
    log,
    onResynced: (tables) => emit('data.changed', { tables, cursor: readCursor(db) }),
  });
  let lastReconcile: { at: number; tables: ReconcileResult[] } | null = null;
  const reconcile = async () => {
    const tables = await reconciler.run();
    if (tables.length > 0 && !closed) lastReconcile = { at: Date.now(), tables };
    return tables;
  };
  const dispatch = createDispatchHandlers({
    replica,
    positions,
    outbox,
    commandsChanged: () => commandsChanged(true),
    roadsPath: opts.roadsPath ?? join(dirname(opts.baseMapPath), 'roads.json'),
    db,
    onAlertAcknowledged: (alertId) => emit('alerts.changed', { acknowledged: alertId }),
  });
  const handlers = createHandlers({
    replica, positions, link, baseMap, outbox, endpoints, dispatch: dispatch.handlers,
    outages: () => outages.list(),
    reconciliation: () => lastReconcile,
    commandsChanged: () => commandsChanged(true),
    setCut,
    settings: { get: (k) => getMeta(db, `setting.${k}`), set: (k, v) => setMeta(db, `setting.${k}`, v) },
    onWallSchedule: (schedule) => emit('wall.scheduleChanged', { schedule }),
  });
  const dispatcher = createDispatcher(handlers, log);

  const onPositions = (buf: Buffer) => {
    if (closed) return;
    let batch;
    try {
      batch = decodePositions(buf);
    } catch (e) {
      positionFramesRejected++;
      const message = errorMessage(e);
      log('error', 'live.bad_positions', { message });
      if (e instanceof PositionBatchError) link.payloadRejected(e.code, message);
      return;
    }
    if (batch.rejected > 0) log('warn', 'live.positions_dropped', { rejected: batch.rejected });
    // A duplicated or late frame must not move vehicles back in time.
    if (batch.ts <= lastBatchTs) {
      positionFramesStale++;
      return;
    }
    lastBatchTs = batch.ts;
    positions.write(batch);
    positionFrames++;
    link.positions(Date.now());
    // Forward the validated frame as is: the renderer decodes it straight into typed arrays.
    broadcast(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  };

  const live = createLiveStream({
    url: () => endpoints.current().client.liveUrl,
    blocked: () => endpoints.isCut(),
    log,
    ...(opts.liveSilenceMs ? { silenceMs: opts.liveSilenceMs } : {}),
    onOpen: () => link.liveOpened(),
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
    onPositions,
  });

  let timers: NodeJS.Timeout[] = [];

  return {
    start() {
      link.queue(outbox.pendingCount(), outbox.openConflictCount());
      endpoints.start();
      live.start();
      pusher.start();
      void puller.pull();
      timers = [
        setInterval(() => void puller.pull(), opts.pullEveryMs ?? 30_000),
        setInterval(() => link.tick(), 1_000),
        setInterval(() => void reconcile(), opts.reconcileEveryMs ?? 60_000),
      ];
      log('info', 'backend.started', { dbPath: opts.dbPath, central: opts.centralUrl, backup: opts.backupCentralUrl ?? null, cursor: readCursor(db), queued: outbox.pendingCount() });
    },
    handle: dispatcher.handle,
    call: dispatcher.call,
    subscribe(l: BackendListener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    pull: puller.pull,
    reconcile,
    setCut,
    stats: () => ({
      queueDepth: outbox.pendingCount(),
      conflicts: outbox.openConflictCount(),
      commandsSent: pusher.sent(),
      endpoint: endpoints.current().name,
      cursor: readCursor(db),
      pagesApplied: puller.pagesApplied(),
      positionFrames,
      positionFramesRejected,
      positionFramesStale,
      liveMessagesRejected: live.rejectedMessages(),
      link: link.status(),
    }),
    recordEvent: (kind: string, detail: string) => recordSyncEvent(db, kind, detail),
    async close() {
      if (closed) return;
      closed = true;
      timers.forEach(clearInterval);
      pusher.stop();
      puller.stop();
      endpoints.stop();
      live.close();
      listeners.clear();
      await dispatch.close();
      baseMap.close();
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
