import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import type { MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { errorText } from '../format/error-text';
import { useLedgerBeat } from './use-assets-changed';

export type ReadinessSummary = MethodResult<'readiness.summary'>;

/** readiness.summary, read again when the ledger changed (debounced: use-assets-changed.ts). */
export function useReadiness(client: BoardClient, t: TFunction): { summary: ReadinessSummary | null; error: string | null } {
  const beat = useLedgerBeat(client);
  const [state, setState] = useState<{ summary: ReadinessSummary | null; error: string | null }>({ summary: null, error: null });
  useEffect(() => {
    let live = true;
    client.call('readiness.summary', {}).then(
      (summary) => live && setState({ summary, error: null }),
      (e: unknown) => live && setState((s) => ({ summary: s.summary, error: errorText(t, e) })),
    );
    return () => {
      live = false;
    };
    // t changes identity with the language; the figures do not.
  }, [client, beat]);
  return state;
}
