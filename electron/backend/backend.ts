import { join } from 'node:path';
import { boardEvents, type BoardEvent, type EventData, type ServerMessage } from '../../shared/board-api';
import { decodePositions, PositionBatchError } from '../../shared/positions-codec';
import { openStore, recordSyncEvent, type Db } from './store/database';
import { createReplicaReader, readCursor } from './store/replica';
import { createPositionStore } from './store/positions';
import { createCentralClient } from './sync/central-client';
import { createLinkMonitor } from './sync/link';
import { createPuller } from './sync/puller';
import { createLiveStream } from './sync/live';
import { createHandlers } from './board/handlers';
import { createDispatcher } from './board/dispatch';
import { openBaseMap } from './map/basemap';
import { createLogger, errorMessage, type Logger } from './log';

export type BackendOptions = {
  /** Path of the local cache database (created if missing). */
  dbPath: string;
  /** Base URL of the central API, e.g. http://127.0.0.1:8787 */
  centralUrl: string;
  /** MBTiles file of the offline base map. */
  baseMapPath: string;
  log?: Logger;
  nativeBinding?: string;
  /** Safety-net pull period; notifications on the live stream trigger pulls sooner. */
  pullEveryMs?: number;
  liveSilenceMs?: number;
  /** How long 'reconnecting' lasts before the board says 'offline'. */
  offlineAfterMs?: number;
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
  const central = createCentralClient(opts.centralUrl);
  const listeners = new Set<BackendListener>();
  let positionFrames = 0;
  let positionFramesRejected = 0;

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

  const link = createLinkMonitor(central.baseUrl, readCursor(db), (s) => emit('link.changed', s), Date.now, opts.offlineAfterMs);
  const puller = createPuller({ db, central, link, log, onApplied: (tables, cursor) => emit('data.changed', { tables, cursor }) });
  const handlers = createHandlers({ replica, positions, link, baseMap });
  const dispatcher = createDispatcher(handlers, log);

  const onPositions = (buf: Buffer) => {
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
    positions.write(batch);
    positionFrames++;
    link.positions(Date.now());
    // Forward the validated frame as is: the renderer decodes it straight into typed arrays.
    broadcast(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  };

  const live = createLiveStream({
    url: central.liveUrl,
    log,
    ...(opts.liveSilenceMs ? { silenceMs: opts.liveSilenceMs } : {}),
    onOpen: () => link.liveOpened(),
    onClose: (reason) => {
      link.liveClosed('link_down', reason);
      log('warn', 'live.closed', { reason });
    },
    onMessage: (m) => {
      // hello: the server's cursor on (re)connect, so anything missed while away is pulled now.
      if (m.type === 'hello' || m.type === 'changed') {
        if (m.cursor !== readCursor(db) || m.type === 'hello') void puller.pull();
      }
    },
    onPositions,
  });

  let timers: NodeJS.Timeout[] = [];
  let closed = false;

  return {
    start() {
      live.start();
      void puller.pull();
      timers = [
        setInterval(() => void puller.pull(), opts.pullEveryMs ?? 30_000),
        setInterval(() => link.tick(), 1_000),
      ];
      log('info', 'backend.started', { dbPath: opts.dbPath, central: central.baseUrl, cursor: readCursor(db) });
    },
    handle: dispatcher.handle,
    call: dispatcher.call,
    subscribe(l: BackendListener): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    pull: puller.pull,
    stats: () => ({
      cursor: readCursor(db),
      pagesApplied: puller.pagesApplied(),
      positionFrames,
      positionFramesRejected,
      liveMessagesRejected: live.rejectedMessages(),
      link: link.status(),
    }),
    recordEvent: (kind: string, detail: string) => recordSyncEvent(db, kind, detail),
    async close() {
      if (closed) return;
      closed = true;
      timers.forEach(clearInterval);
      live.close();
      listeners.clear();
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
