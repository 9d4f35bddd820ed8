import { errorMessage, type Logger } from '../log';
import type { CentralClient } from '../link/central-client';
import type { AuditLog } from './log';

/** Entries per upload (the central takes up to 500). */
export const AUDIT_BATCH = 200;
const EVERY_MS = 2_000;

/**
 * Sends this workstation's audit chain to the central, in order, from the first entry it
 * lacks. The central answers how far it holds the chain: entries up to there are marked
 * sent; a central restored from an older copy holds less, and the rest is sent again.
 * An entry the central refuses as not continuing the chain (edited or reordered here) stops
 * the upload and is reported: it is evidence, never dropped or rewritten.
 */
export function createAuditUploader(deps: { log: AuditLog; client: () => CentralClient; blocked: () => boolean; logger: Logger; onRefused: (message: string) => void; everyMs?: number }) {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let stopped = false;
  let refusedAt: number | null = null;

  async function run(): Promise<void> {
    if (running || stopped || deps.blocked()) return;
    running = true;
    try {
      for (;;) {
        const batch = deps.log.pending(AUDIT_BATCH);
        if (batch.length === 0) return;
        const r = await deps.client().uploadAudit(batch);
        if (stopped) return;
        if (r.head < batch[0]!.seq - 1) {
          // The central holds less of our chain than we sent it before: send it again from there.
          const n = deps.log.resendAfter(r.head);
          deps.logger('warn', 'audit.resend', { head: r.head, entries: n });
          continue;
        }
        deps.log.uploaded(r.head);
        if (r.refused) {
          if (refusedAt === null || Date.now() - refusedAt > 60_000) deps.onRefused(`${r.refused.code}: ${r.refused.message}`);
          refusedAt = Date.now();
          return;
        }
        refusedAt = null;
        if (batch.length < AUDIT_BATCH) return;
      }
    } catch (e) {
      deps.logger('debug', 'audit.upload_failed', { message: errorMessage(e) });
    } finally {
      running = false;
    }
  }

  return {
    start() {
      timer = setInterval(() => void run(), deps.everyMs ?? EVERY_MS);
      timer.unref?.();
      void run();
    },
    /** Something new to send: soon, not at the next beat. */
    kick: () => void run(),
    run,
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
  };
}
