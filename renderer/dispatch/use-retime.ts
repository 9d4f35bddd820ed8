import { useEffect, useState } from 'react';
import type { BoardClient } from '../api/board-client';
import type { AcceptRun, Retimed } from './plan-edit';

/** Edits pause this long before they are timed again (routing answers in ~10–50 ms). */
const RETIME_DEBOUNCE_MS = 200;

/** What the edited runs are timed for: the recorded request, or the form's destination and deadline. */
export type RetimeTarget = { requestId: string } | { destination: { lon: number; lat: number }; deadlineMinutes: number };

export type RetimeState =
  | { status: 'idle' }
  | { status: 'loading'; key: string }
  | { status: 'done'; key: string; result: Retimed }
  | { status: 'error'; key: string; error: unknown };

/**
 * Times and checks the edited runs on the real roads (dispatch.retime) whenever they
 * change, or whenever `version` does (a vehicle's status or the stock changed under the
 * edit). A result belongs to the runs it was asked for: `key` says which, so an answer for
 * runs no longer on screen is never shown as theirs.
 */
export function useRetime(client: BoardClient, target: RetimeTarget | null, runs: readonly AcceptRun[] | null, version: string): { state: RetimeState; key: string | null } {
  const key = target && runs ? retimeKey(target, runs, version) : null;
  const [state, setState] = useState<RetimeState>({ status: 'idle' });
  useEffect(() => {
    if (!key || !target || !runs) {
      setState({ status: 'idle' });
      return;
    }
    let live = true;
    setState({ status: 'loading', key });
    const sent = runs.map((r) => ({ vehicleId: r.vehicleId, siteIds: r.siteIds, pickups: r.pickups }));
    const timer = setTimeout(() => {
      client.call('dispatch.retime', { ...target, runs: sent }).then(
        (result) => live && setState({ status: 'done', key, result }),
        (error: unknown) => live && setState({ status: 'error', key, error }),
      );
    }, RETIME_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for target, runs and version by content.
  }, [key, client]);
  return { state, key };
}

export function retimeKey(target: RetimeTarget, runs: readonly AcceptRun[], version: string): string {
  return JSON.stringify([target, runs.map((r) => [r.vehicleId, r.siteIds, r.pickups]), version]);
}
