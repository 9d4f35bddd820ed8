import { z } from 'zod';
import { entityId, label, lat, lon } from '../schema-parts';

/**
 * Sites: depots and quick-pick points (中心库 / 区域库 / 街面快取点), which hold stock and
 * send it out, and police stations (派出所), which are places supplies go to: a request's
 * destination, never a source. Item types and stock.
 */
export const SITE_KINDS = ['central', 'regional', 'quickpick', 'station'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
/** A site that holds stock and loads vehicles: a planner's source. */
export const isSupplySite = (s: { kind: SiteKind }): boolean => s.kind !== 'station';
/** The kinds vehicles are based at. */
export const isDepot = (s: { kind: SiteKind }): boolean => s.kind === 'central' || s.kind === 'regional';

export const siteSchema = z.strictObject({
  id: entityId,
  kind: z.enum(SITE_KINDS),
  name: label,
  nameEn: label,
  address: z.string().max(200),
  lon,
  lat,
  /** The unit it belongs to (shared/scope): which consoles see it. The central fills it in where a writer left it out. */
  unitId: entityId.optional(),
});
export type Site = z.infer<typeof siteSchema>;

export const itemTypeSchema = z.strictObject({
  id: entityId,
  name: label,
  nameEn: label,
  unit: z.string().min(1).max(20),
  unitEn: z.string().min(1).max(20),
  /** Equipment is tracked per asset for readiness; consumables are counted. */
  category: z.enum(['consumable', 'equipment']),
});
export type ItemType = z.infer<typeof itemTypeSchema>;

export const stockSchema = z.strictObject({
  siteId: entityId,
  itemId: entityId,
  quantity: z.number().int().min(0).max(10_000_000),
  /** Below this the site is short; the planner keeps reserves above it. */
  safetyLevel: z.number().int().min(0).max(10_000_000),
});
export type Stock = z.infer<typeof stockSchema>;
