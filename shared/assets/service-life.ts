import { inService } from './lifecycle';
import type { Asset, AssetClass, AssetType } from './schema';

/**
 * Service life (helmets, stab vests: `serviceLifeMonths` on the type, counted from acceptance):
 * the items already past it, and those reaching it within the horizon (90 days by default),
 * listed soonest first so they are scrapped before they expire, not after (the division scrapped
 * 1,980 helmets and 732 stab vests already expired). Items not yet accepted, and scrapped
 * ones, are not listed; one out with an officer must come back before it can be scrapped
 * (lifecycle.ts), and says so.
 */

export const SERVICE_LIFE_HORIZON_DAYS = 90;
const DAY = 86_400_000;

/** `months` calendar months after `at` (UTC), the day clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(at: number, months: number): number {
  const d = new Date(at);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

export type ExpiryEntry = {
  assetId: string;
  typeId: string;
  class: AssetClass;
  siteId: string | null;
  expiresAt: number;
  /** Whole days left (negative: expired that many days ago). */
  daysLeft: number;
  status: 'expired' | 'expiring';
  /** Out with an officer (allocated): it must be returned before it is scrapped. */
  out: boolean;
};

export type ExpiryReport = {
  entries: ExpiryEntry[];
  /** Per class: expired and expiring counts. */
  byClass: Partial<Record<AssetClass, { expired: number; expiring: number }>>;
};

export function serviceLifeDue(assets: readonly Asset[], types: readonly AssetType[], now: number, horizonDays = SERVICE_LIFE_HORIZON_DAYS): ExpiryReport {
  const lifeOf = new Map(types.filter((t) => t.serviceLifeMonths !== null).map((t) => [t.id, t]));
  const until = now + horizonDays * DAY;
  const entries: ExpiryEntry[] = [];
  const byClass: ExpiryReport['byClass'] = {};
  for (const a of assets) {
    const type = lifeOf.get(a.typeId);
    if (!type || a.acceptedAt === null || !inService(a.state)) continue;
    const expiresAt = addMonths(a.acceptedAt, type.serviceLifeMonths!);
    if (expiresAt > until) continue;
    const status = expiresAt <= now ? 'expired' : 'expiring';
    entries.push({ assetId: a.id, typeId: a.typeId, class: type.class, siteId: a.siteId, expiresAt, daysLeft: Math.floor((expiresAt - now) / DAY), status, out: a.state === 'allocated' });
    const c = (byClass[type.class] ??= { expired: 0, expiring: 0 });
    c[status]++;
  }
  entries.sort((x, y) => x.expiresAt - y.expiresAt || (x.assetId < y.assetId ? -1 : 1));
  return { entries, byClass };
}

export type ExpiryCount = { expired: number; expiring: number };

/**
 * The list's counts per type and per site (a site of null: out with an officer, no site
 * recorded), and in all: what the readiness view shows before anyone opens the list. Types
 * and sites in id order (null last).
 */
export function expiryCounts(entries: readonly Pick<ExpiryEntry, 'typeId' | 'siteId' | 'status'>[]): {
  total: ExpiryCount;
  byType: (ExpiryCount & { typeId: string })[];
  bySite: (ExpiryCount & { siteId: string | null })[];
} {
  const total: ExpiryCount = { expired: 0, expiring: 0 };
  const types = new Map<string, ExpiryCount>();
  const sites = new Map<string | null, ExpiryCount>();
  for (const e of entries) {
    total[e.status]++;
    let t = types.get(e.typeId);
    if (!t) types.set(e.typeId, (t = { expired: 0, expiring: 0 }));
    t[e.status]++;
    let s = sites.get(e.siteId);
    if (!s) sites.set(e.siteId, (s = { expired: 0, expiring: 0 }));
    s[e.status]++;
  }
  const byId = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  return {
    total,
    byType: [...types].sort(([a], [b]) => byId(a, b)).map(([typeId, c]) => ({ typeId, ...c })),
    bySite: [...sites].sort(([a], [b]) => byId(a, b)).map(([siteId, c]) => ({ siteId, ...c })),
  };
}
