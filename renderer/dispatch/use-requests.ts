import { useEffect, useState } from 'react';
import type { DispatchOrder, SupplyRequest } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';

export type RequestsView = { requests: SupplyRequest[]; dispatches: DispatchOrder[]; loaded: boolean };

const EMPTY: RequestsView = { requests: [], dispatches: [], loaded: false };

/**
 * Requests and their dispatch orders (request.list), read again whenever the board's data
 * epoch moves: useBoard bumps it after data.changed and outbox.changed, which is when a
 * request was created, dispatched, delivered or accepted by the central.
 */
export function useRequests(client: BoardClient, epoch: number, onError: (message: unknown) => void): RequestsView {
  const [view, setView] = useState<RequestsView>(EMPTY);
  useEffect(() => {
    if (epoch === 0) return;
    let live = true;
    client.call('request.list', {}).then(
      (r) => live && setView({ requests: r.requests, dispatches: r.dispatches, loaded: true }),
      (e: unknown) => live && onError(e),
    );
    return () => {
      live = false;
    };
    // onError's identity does not matter; only a new epoch is a reason to read again.
  }, [client, epoch]);
  return view;
}
