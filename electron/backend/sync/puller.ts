import type { ReplicaTable } from '../../../shared/central-api';
import { CentralError } from './central-client';
import type { ChangesPage } from '../../../shared/central-api';
import { recordSyncEvent, type Db } from '../store/database';
import { createReplicaWriter, readCursor } from '../store/replica';
import type { LinkMonitor } from './link';
import { errorMessage, type Logger } from '../log';

export const PULL_PAGE_SIZE = 500;

/**
 * Pulls the change feed from the stored cursor until it is drained. Single-flight:
 * a request that arrives while a pull runs makes it go round once more instead of
 * starting a second one. A malformed page is logged and recorded, nothing of it is
 * applied, and the pull is retried later from the same cursor.
 */
export function createPuller(deps: {
  db: Db;
  /** One page of the change feed from the endpoint in service. */
  fetchPage: (since: number, limit: number) => Promise<ChangesPage>;
  link: LinkMonitor;
  log: Logger;
  onApplied: (tables: ReplicaTable[], cursor: number) => void;
  pageSize?: number;
}) {
  const { db, link, log } = deps;
  const writer = createReplicaWriter(db);
  let running: Promise<boolean> | null = null;
  let again = false;
  let pages = 0;
  let stopped = false;

  async function drain(): Promise<boolean> {
    for (;;) {
      const since = readCursor(db);
      let page;
      try {
        page = await deps.fetchPage(since, deps.pageSize ?? PULL_PAGE_SIZE);
      } catch (e) {
        if (stopped) return false;
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
      if (stopped) return false;
      const tables = writer.applyPage(page);
      pages++;
      if (tables.length > 0) deps.onApplied(tables, page.cursor);
      if (!page.hasMore) {
        link.pulled(readCursor(db));
        return true;
      }
    }
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
      } while (again && ok);
      running = null;
      return ok;
    })();
    return running;
  }

  return {
    pull,
    pagesApplied: () => pages,
    cursor: () => readCursor(db),
    stop: () => {
      stopped = true;
    },
  };
}
export type Puller = ReturnType<typeof createPuller>;
