import type { LinkStatus } from '../../shared/board-api';

/**
 * A live-stream hiccup that recovers within this long is not an outage worth a banner;
 * a real drop still shows well inside the 10 s the officers were promised.
 */
export const OUTAGE_BANNER_GRACE_MS = 3000;

/**
 * The central link is down or going down ('reconnecting' comes at once, 'offline' after
 * the backend's grace period): the board then says so and keeps working from the cache.
 */
export function isLinkDown(link: LinkStatus | null): boolean {
  return link !== null && link.state !== 'connected';
}

/**
 * Whether the outage banner shows: at once when offline or cut by hand, after a short
 * grace while merely reconnecting. `since` is the backend's clock; on one machine it is
 * ours, and a skewed remote clock only shifts the grace, never hides an 'offline'.
 */
export function showOutageBanner(link: LinkStatus | null, now: number): boolean {
  if (!link || !isLinkDown(link)) return false;
  if (link.state === 'offline' || link.cut) return true;
  return now - link.since >= OUTAGE_BANNER_GRACE_MS;
}
