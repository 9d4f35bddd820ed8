import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import type { BoardMethod, MethodArg, MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { errorText } from '../format/error-text';
import { useLedgerBeat } from './use-assets-changed';

/**
 * One of the readiness figures, read again when the ledger (or `alsoTables`) changed. The
 * last figures stay on screen while a new read is under way, and after a failed one (with
 * the error). `arg` is compared by its JSON: a literal per render is fine.
 */
export function useLedgerRead<M extends BoardMethod>(
  client: BoardClient,
  t: TFunction,
  method: M,
  arg: MethodArg<M>,
  alsoTables?: readonly string[],
): { data: MethodResult<M> | null; error: string | null } {
  const beat = useLedgerBeat(client, alsoTables);
  const key = JSON.stringify(arg);
  const [state, setState] = useState<{ data: MethodResult<M> | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    let live = true;
    client.call(method, JSON.parse(key) as MethodArg<M>).then(
      (data) => live && setState({ data, error: null }),
      (e: unknown) => live && setState((s) => ({ data: s.data, error: errorText(t, e) })),
    );
    return () => {
      live = false;
    };
    // t changes identity with the language; the figures do not.
  }, [client, method, key, beat]);
  return state;
}
