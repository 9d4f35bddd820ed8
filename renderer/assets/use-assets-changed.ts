import { useEffect, useState } from 'react';
import type { BoardClient } from '../api/board-client';

/** The ledger's replica tables: a change in any of them may change what the asset views show. */
const LEDGER_TABLES: readonly string[] = ['asset', 'asset_event', 'repair', 'asset_type'];
const DEBOUNCE_MS = 300;
const NONE: readonly string[] = [];

/**
 * A number that moves when the ledger changed: a pull brought asset, timeline or repair rows
 * (data.changed naming one of those tables), or a queued command was accepted, refused or
 * added (outbox.changed: the board's view lays queued steps over the mirror). Debounced: a
 * stock-take's corrections arrive as a burst of pages, and readiness over 90,000 assets is
 * read once for them, not once a page. `alsoTables`: more tables a view reads (vehicles for
 * turnout, storage readings for the batteries); a constant array, not one made per render.
 */
export function useLedgerBeat(client: BoardClient, alsoTables: readonly string[] = NONE): number {
  const [beat, setBeat] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setBeat((n) => n + 1);
      }, DEBOUNCE_MS);
    };
    const offs = [client.on('data.changed', (e) => e.tables.some((t) => LEDGER_TABLES.includes(t) || alsoTables.includes(t)) && soon()), client.on('outbox.changed', soon)];
    return () => {
      for (const off of offs) off();
      if (timer) clearTimeout(timer);
    };
  }, [client, alsoTables]);
  return beat;
}
