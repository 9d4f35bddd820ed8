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
  let inFlight: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let refusedAt: number | null = null;

  /** One pass: every pending entry, a batch at a time. */
  async function pass(): Promise<void> {
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
          again = false;
          return;
        }
        refusedAt = null;
        if (batch.length < AUDIT_BATCH) return;
      }
    } catch (e) {
      deps.logger('debug', 'audit.upload_failed', { message: errorMessage(e) });
      again = false;
    }
  }

  /**
   * Uploads what is pending. A call while a pass is under way does not return at once: an entry
   * written since that pass read its batch gets one more pass, and the call resolves when that
   * is done — so awaiting it means "what was written before this call has been offered".
   */
  function run(): Promise<void> {
    if (stopped || deps.blocked()) return Promise.resolve();
    if (inFlight) {
      again = true;
      return inFlight;
    }
    const p = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again && !stopped && !deps.blocked());
      } finally {
        inFlight = null;
      }
    })();
    inFlight = p;
    return p;
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
