import { useEffect, useState } from 'react';
import type { DispatchOrder, SupplyRequest } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';

export type RequestsView = {
  requests: SupplyRequest[];
  dispatches: DispatchOrder[];
  /** Live predicted arrival (epoch ms) by dispatch id, re-predicted from where each vehicle is now. */
  etas: ReadonlyMap<string, number>;
  /** Orders awaiting approval the signed-in officer may decide. */
  mayDecide: ReadonlySet<string>;
  /** This console may pass requests up to the city (a console below it). */
  mayEscalate: boolean;
  loaded: boolean;
};

const EMPTY: RequestsView = { requests: [], dispatches: [], etas: new Map(), mayDecide: new Set(), mayEscalate: false, loaded: false };

/**
 * Requests and their dispatch orders (request.list), read again whenever the board's data
 * epoch moves (useBoard bumps it after data.changed and outbox.changed: a request was
 * created, dispatched, delivered or accepted by the central) and when the live arrival
 * predictions moved (dispatch.etasChanged).
 */
export function useRequests(client: BoardClient, epoch: number, onError: (message: unknown) => void): RequestsView {
  const [view, setView] = useState<RequestsView>(EMPTY);
  // The backend re-predicts arrivals as positions come in and says when one moved.
  const [etaBeat, setEtaBeat] = useState(0);
  useEffect(() => client.on('dispatch.etasChanged', () => setEtaBeat((n) => n + 1)), [client]);
  useEffect(() => {
    if (epoch === 0) return;
    let live = true;
    client.call('request.list', {}).then(
      (r) =>
        live &&
        setView({ requests: r.requests, dispatches: r.dispatches, etas: new Map(r.etas.map((e) => [e.dispatchId, e.etaAt])), mayDecide: new Set(r.mayDecide), mayEscalate: r.mayEscalate, loaded: true }),
      (e: unknown) => live && onError(e),
    );
    return () => {
      live = false;
    };
    // onError's identity does not matter; only a new epoch or new predictions are a reason to read again.
  }, [client, epoch, etaBeat]);
  return view;
}
