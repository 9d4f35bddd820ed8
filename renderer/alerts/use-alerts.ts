import { useCallback, useSyncExternalStore } from 'react';
import type { MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';

export type AlertList = MethodResult<'alert.list'>;

/** Re-read when no event says something changed (a provisional signal moves with the clock). */
const POLL_MS = 5_000;

type AlertStore = { subscribe(listener: () => void): () => void; get(): AlertList | null; refresh(): void };

/**
 * One reading of alert.list per board client, shared by the bell, the desk and the map's
 * rings: read while any of them listens, again on every event that may change it.
 */
function createAlertStore(client: BoardClient): AlertStore {
  const listeners = new Set<() => void>();
  let list: AlertList | null = null;
  let stop: (() => void) | null = null;
  let asked = 0;
  const refresh = () => {
    const ask = ++asked;
    client.call('alert.list', {}).then(
      (r) => {
        // An older answer arriving late must not replace a newer one.
        if (ask < asked) return;
        list = r;
        listeners.forEach((l) => l());
      },
      () => undefined,
    );
  };
  const start = () => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    const offs = [client.on('alerts.changed', refresh), client.on('data.changed', refresh), client.on('outbox.changed', refresh), client.on('dispatch.etasChanged', refresh)];
    return () => {
      clearInterval(timer);
      offs.forEach((off) => off());
    };
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      stop ??= start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stop?.();
          stop = null;
        }
      };
    },
    get: () => list,
    refresh,
  };
}

const stores = new WeakMap<BoardClient, AlertStore>();
const storeFor = (client: BoardClient): AlertStore => {
  let s = stores.get(client);
  if (!s) stores.set(client, (s = createAlertStore(client)));
  return s;
};

/** The alerts as last read (null until the first answer), and a way to read them again now (after an act). */
export function useAlerts(client: BoardClient): { list: AlertList | null; refresh(): void } {
  const store = storeFor(client);
  const list = useSyncExternalStore(store.subscribe, store.get, store.get);
  const refresh = useCallback(() => store.refresh(), [store]);
  return { list, refresh };
}
