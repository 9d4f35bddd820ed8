import type { MethodArg } from '../../shared/board-api';
import { SITE_KINDS, type Site, type SiteKind } from '../../shared/domain';

/**
 * Where an administrator puts a site: an existing one moved, or a new one placed. The map
 * is in pick mode meanwhile; a click chooses the position, and the board draws the site
 * there (selected) until the command is sent or the pick is cancelled.
 */
export type SitePickIntent = { kind: 'move'; site: Site } | { kind: 'place'; site: Omit<Site, 'lon' | 'lat'> };
export type PickedPosition = { lon: number; lat: number };
/** [west, south, east, north] (map.info). */
export type Bounds = readonly [number, number, number, number];

export const insideBounds = (p: PickedPosition, b: Bounds): boolean => p.lon >= b[0] && p.lon <= b[2] && p.lat >= b[1] && p.lat <= b[3];

/** The sites as the map draws them during a pick: the one being placed or moved at the chosen position. */
export function previewSites(sites: readonly Site[], pick: SitePickIntent | null, at: PickedPosition | null): readonly Site[] {
  if (!pick || !at) return sites;
  const shown: Site = { ...pick.site, lon: at.lon, lat: at.lat };
  return pick.kind === 'move' ? sites.map((s) => (s.id === pick.site.id ? shown : s)) : [...sites, shown];
}

/** The board call that carries out a pick at a position. */
export function siteCommandOf(pick: SitePickIntent, at: PickedPosition):
  | { method: 'site.move'; arg: Omit<MethodArg<'site.move'>, 'commandId'> }
  | { method: 'site.place'; arg: Omit<MethodArg<'site.place'>, 'commandId'> } {
  // Six decimals: about 10 cm, finer than any click; a shorter payload for the audit log.
  const lon = Math.round(at.lon * 1e6) / 1e6;
  const lat = Math.round(at.lat * 1e6) / 1e6;
  if (pick.kind === 'move') return { method: 'site.move', arg: { siteId: pick.site.id, lon, lat } };
  const { id, kind, name, nameEn, address } = pick.site;
  return { method: 'site.place', arg: { siteId: id, kind, name, nameEn, address, lon, lat } };
}

export type NewSiteDraft = { id: string; name: string; nameEn: string; kind: SiteKind | ''; address: string };
export const EMPTY_NEW_SITE: NewSiteDraft = { id: '', name: '', nameEn: '', kind: '', address: '' };
export type NewSiteProblem = 'idEmpty' | 'idChars' | 'idTaken' | 'nameEmpty' | 'kindEmpty' | 'tooLong';

const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

/** A new site's form, checked as the backend and the central will (shared/sites/schema.ts): the first problem, or the site. */
export function checkNewSite(d: NewSiteDraft, takenIds: ReadonlySet<string>): { ok: true; site: Omit<Site, 'lon' | 'lat'> } | { ok: false; problem: NewSiteProblem } {
  const id = d.id.trim();
  const name = d.name.trim();
  const nameEn = d.nameEn.trim() || name;
  const address = d.address.trim();
  if (!id) return { ok: false, problem: 'idEmpty' };
  if (!ID_PATTERN.test(id) || id.length > 64) return { ok: false, problem: 'idChars' };
  if (takenIds.has(id)) return { ok: false, problem: 'idTaken' };
  if (!name) return { ok: false, problem: 'nameEmpty' };
  if (!d.kind || !(SITE_KINDS as readonly string[]).includes(d.kind)) return { ok: false, problem: 'kindEmpty' };
  if (name.length > 200 || nameEn.length > 200 || address.length > 200) return { ok: false, problem: 'tooLong' };
  return { ok: true, site: { id, kind: d.kind, name, nameEn, address } };
}
