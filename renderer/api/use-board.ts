import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinkStatus, MapInfo, MethodResult } from '../../shared/board-api';
import { errorText } from '../format/error-text';
import type { VehicleFeed } from '../map/vehicle-feed';
import type { BoardClient, ConnectionState } from './board-client';

export type Snapshot = Omit<MethodResult<'board.snapshot'>, 'positions' | 'link'>;

export type Toast = { id: number; text: string };

export type BoardState = {
  connection: ConnectionState;
  /** The backend connection was open at least once since start. */
  everOpened: boolean;
  snapshot: Snapshot | null;
  link: LinkStatus | null;
  mapInfo: MapInfo | null;
  /** Bumped whenever replica data or the outbox changed; open panels re-read their detail. */
  dataEpoch: number;
  toasts: Toast[];
  reportError(text: string): void;
  dismissToast(id: number): void;
};

const TOAST_MS = 8000;
const RELOAD_DEBOUNCE_MS = 200;
const RETRY_MS = 3000;
/** Safety net for the data-age display should a link.changed event be missed. */
const LINK_POLL_MS = 15_000;

/**
 * Board data from the backend: the snapshot on every (re)connect, a fresh snapshot when
 * replica tables change, link status events, and position frames into the vehicle feed.
 */
export function useBoard(client: BoardClient, feed: VehicleFeed): BoardState {
  const { t } = useTranslation();
  const [connection, setConnection] = useState<ConnectionState>(() => client.connection());
  const [everOpened, setEverOpened] = useState(() => client.connection() === 'open');
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [link, setLink] = useState<LinkStatus | null>(null);
  const [mapInfo, setMapInfo] = useState<MapInfo | null>(null);
  const [dataEpoch, setDataEpoch] = useState(0);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const toastId = useRef(0);
  const tRef = useRef(t);
  tRef.current = t;

  const dismissToast = useCallback((id: number) => setToasts((list) => list.filter((x) => x.id !== id)), []);
  const reportError = useCallback(
    (text: string) => {
      const id = ++toastId.current;
      // Keep the last few: a flapping backend must not bury the map in messages.
      setToasts((list) => [...list.filter((x) => x.text !== text), { id, text }].slice(-4));
      setTimeout(() => dismissToast(id), TOAST_MS);
    },
    [dismissToast],
  );

  useEffect(() => {
    let disposed = false;
    let loadSeq = 0;
    let reloadTimer: ReturnType<typeof setTimeout> | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let haveMapInfo = false;

    const load = async () => {
      const seq = ++loadSeq;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      try {
        const [snap, info] = await Promise.all([
          client.call('board.snapshot', {}),
          haveMapInfo ? Promise.resolve(null) : client.call('map.info', {}),
        ]);
        // A later load started meanwhile: its answer is the one to show.
        if (disposed || seq !== loadSeq) return;
        feed.applySnapshot(snap.vehicles, snap.positions);
        setSnapshot({ sites: snap.sites, items: snap.items, vehicles: snap.vehicles, pending: snap.pending });
        setLink(snap.link);
        if (info) {
          haveMapInfo = true;
          setMapInfo(info);
        }
        setDataEpoch((n) => n + 1);
      } catch (error) {
        if (disposed || seq !== loadSeq) return;
        reportError(tRef.current('errors:error.snapshot', { message: errorText(tRef.current, error) }));
        // The connection-open handler retries after a reconnect; retry here for other failures.
        if (client.connection() === 'open') retryTimer = setTimeout(() => void load(), RETRY_MS);
      }
    };

    const scheduleReload = () => {
      if (reloadTimer) return;
      reloadTimer = setTimeout(() => {
        reloadTimer = null;
        void load();
      }, RELOAD_DEBOUNCE_MS);
    };

    const offs = [
      client.onConnection((state) => {
        setConnection(state);
        if (state === 'open') {
          setEverOpened(true);
          void load();
        }
      }),
      client.on('link.changed', (status) => setLink(status)),
      client.on('data.changed', scheduleReload),
      // A command queued, accepted or refused: the pending marks and the optimistic
      // figures (vehicle status, stock) come with the snapshot, so re-read it.
      client.on('outbox.changed', scheduleReload),
      // Another base map (a source set in Settings, another city): its description read afresh; the map redraws on it.
      client.on('map.changed', () => {
        haveMapInfo = false;
        void load();
      }),
      // The board switched city (Settings → Cities): the map's bounds and style are read
      // afresh, and the map is made again on them, framing the new city.
      client.on('cities.changed', (e) => {
        if (!e.mapChanged) return;
        haveMapInfo = false;
        void load();
      }),
      client.onPositions((_frame, checked) => feed.applyFrame(checked)),
    ];
    const linkPoll = setInterval(() => {
      if (client.connection() !== 'open') return;
      client.call('link.status', {}).then(
        (status) => !disposed && setLink(status),
        () => {}, // the next poll or event will do; errors from calls already surface elsewhere
      );
    }, LINK_POLL_MS);
    setConnection(client.connection());
    if (client.connection() === 'open') {
      setEverOpened(true);
      void load();
    }

    return () => {
      disposed = true;
      for (const off of offs) off();
      if (reloadTimer) clearTimeout(reloadTimer);
      if (retryTimer) clearTimeout(retryTimer);
      clearInterval(linkPoll);
    };
  }, [client, feed, reportError]);

  return { connection, everOpened, snapshot, link, mapInfo, dataEpoch, toasts, reportError, dismissToast };
}
