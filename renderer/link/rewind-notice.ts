import type { LinkStatus } from '../../shared/board-api';

/** How long after a re-synchronisation the board keeps saying it happened (unless dismissed). */
export const REWIND_NOTICE_MS = 10 * 60_000;

/**
 * Whether the rewind notice shows: while the board re-synchronises (the central came back
 * with older data), and for a while after, so an officer who looked away still learns that
 * some of the shift's actions were sent again. `dismissedAt` is the rewind the officer closed.
 */
export function showRewindNotice(link: LinkStatus | null, now: number, dismissedAt: number | null): 'running' | 'done' | null {
  if (!link) return null;
  if (link.resync) return 'running';
  const r = link.lastRewind;
  if (r && now - r.at < REWIND_NOTICE_MS && dismissedAt !== r.at) return 'done';
  return null;
}
