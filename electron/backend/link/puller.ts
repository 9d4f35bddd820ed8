import type { ReplicaTable } from '../../../shared/central-api';
import { CentralError } from './central-client';
import type { ChangesPage } from '../../../shared/central-api';
import { recordSyncEvent, type Db } from '../store/database';
import { createReplicaWriter, readCursor } from '../store/replica';
import type { LinkMonitor } from './link';
import { errorMessage, type Logger } from '../log';

export const PULL_PAGE_SIZE = 500;
/** Pages a single pull may apply before yielding: a central that always says "more" cannot keep us in the loop. */
export const PULL_MAX_PAGES = 10_000;

/**
 * Pulls the change feed from the stored cursor until it is drained. Single-flight:
 * a request that arrives while a pull runs makes it go round once more instead of
 * starting a second one. A malformed page is logged and recorded, nothing of it is
 * applied, and the pull is retried later from the same cursor. A page that says there
 * is more but brings nothing (and does not advance the cursor) is a broken central:
 * recorded, and the pull stops until the next round instead of spinning.
 */
export function createPuller(deps: {
  db: Db;
  /** One page of the change feed from the endpoint in service. */
  fetchPage: (since: number, limit: number) => Promise<ChangesPage>;
  link: LinkMonitor;
  log: Logger;
  onApplied: (tables: ReplicaTable[], cursor: number) => void;
  /** The central does not hold this cache's view of its history: re-synchronise. */
  onRewind: (e: CentralError) => void;
  /** While true (a rewind runs) nothing is pulled. */
  paused?: () => boolean;
  /** A page's scope marker; true: it is not the cache's scope (a re-synchronisation starts), apply nothing. */
  served?: (scope: string | undefined) => boolean;
  pageSize?: number;
}) {
  const { db, link, log } = deps;
  const writer = createReplicaWriter(db);
  let running: Promise<boolean> | null = null;
  let again = false;
  let pages = 0;
  let emptyPages = 0;
  let stopped = false;

  async function drain(): Promise<boolean> {
    for (let n = 0; n < PULL_MAX_PAGES; n++) {
      if (deps.paused?.()) return false;
      const since = readCursor(db);
      let page;
      try {
        page = await deps.fetchPage(since, deps.pageSize ?? PULL_PAGE_SIZE);
      } catch (e) {
        if (stopped) return false;
        if (e instanceof CentralError && e.rewind) {
          log('warn', 'sync.history_refused', { since, code: e.centralCode, message: e.message });
          deps.onRewind(e);
          return false;
        }
        const code = e instanceof CentralError ? e.code : 'internal';
        if (code === 'malformed') {
          log('error', 'sync.page_rejected', { since, message: errorMessage(e) });
          recordSyncEvent(db, 'page_rejected', `since ${since}: ${errorMessage(e)}`);
          link.payloadRejected('malformed_page', errorMessage(e));
        } else {
          log('warn', 'sync.pull_failed', { since, code, message: errorMessage(e) });
          link.pullFailed(code, errorMessage(e));
        }
        return false;
      }
      if (stopped || deps.paused?.()) return false;
      if (deps.served?.(page.scope)) return false;
      // A console below the city is not sent what lies outside its scope: the cursor moves past those, and says how many.
      const passedOver = (page.filtered ?? 0) > 0 && page.cursor > since && page.cursor - since >= page.changes.length + page.filtered!;
      if (page.changes.length === 0 && page.cursor !== since && !passedOver) {
        // An empty page moves nothing: a cursor other than ours is one we would jump to blind.
        const message = `since ${since}: an empty page with cursor ${page.cursor} (a cursor from ${page.cursor > since ? 'the future' : 'the past'})`;
        log('error', 'sync.page_rejected', { since, message });
        recordSyncEvent(db, 'page_rejected', message);
        link.payloadRejected('malformed_page', message);
        return false;
      }
      if (page.hasMore && page.changes.length === 0 && !passedOver) {
        emptyPages++;
        const message = `since ${since}: the central says there is more but sent no changes (cursor ${page.cursor})`;
        log('error', 'sync.empty_page', { since, cursor: page.cursor });
        recordSyncEvent(db, 'empty_page', message);
        link.payloadRejected('empty_page', message);
        return false;
      }
      const tables = writer.applyPage(page);
      pages++;
      if (tables.length > 0) deps.onApplied(tables, page.cursor);
      if (!page.hasMore) {
        link.pulled(readCursor(db));
        return true;
      }
    }
    log('warn', 'sync.pull_yielded', { pages: PULL_MAX_PAGES });
    again = true;
    return true;
  }

  function pull(): Promise<boolean> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let ok: boolean;
      do {
        again = false;
        ok = await drain();
      } while (again && ok && !stopped);
      running = null;
      return ok;
    })();
    return running;
  }

  return {
    pull,
    pagesApplied: () => pages,
    emptyPages: () => emptyPages,
    cursor: () => readCursor(db),
    /** Resolves when no pull is running. */
    idle: async () => {
      while (running) await running.catch(() => false);
    },
    stop: () => {
      stopped = true;
    },
  };
}
export type Puller = ReturnType<typeof createPuller>;
