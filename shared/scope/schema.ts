import { z } from 'zod';
import { entityId, label, lat, lon } from '../schema-parts';

/**
 * The command structure (multi-level command): 1 city command center (市局指挥中心), its
 * county bureaus (分局), their police-station command rooms (派出所) and the street posts
 * (街面警务站) under them. Every user, site, vehicle, request and alert belongs to one unit,
 * and the unit decides which consoles see it and who approves what it takes (`rules.ts`).
 */
export const UNIT_KINDS = ['city', 'county', 'station', 'post'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A point as GeoJSON writes it: [lon, lat]. */
export const position = z.tuple([lon, lat]);

/**
 * A closed ring (first point repeated last, as GeoJSON has it). Bounded: a district's outline
 * is hand-drawn or simplified, and a tree travels whole to every console.
 */
export const ring = z
  .array(position)
  .min(4)
  .max(5000)
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'a ring ends where it starts');

/** A GeoJSON Polygon: the outer ring, then its holes (an enclave that belongs elsewhere). */
export const unitAreaSchema = z.strictObject({
  type: z.literal('Polygon'),
  coordinates: z.array(ring).min(1).max(64),
});
export type UnitArea = z.infer<typeof unitAreaSchema>;

export const unitSchema = z.strictObject({
  id: entityId,
  kind: z.enum(UNIT_KINDS),
  name: label,
  nameEn: label,
  /** The unit above; null for the city alone (`checkUnitTree` holds the tree to that). */
  parentId: entityId.nullable(),
  /**
   * Where the unit answers for: the city and each county have one; a station or a post may
   * have none and then takes its parent's (a post at a crossroads covers no district).
   */
  area: unitAreaSchema.nullable(),
  /** Where its command room is (a street address), for people; optional. */
  address: z.string().max(200).optional(),
});
export type Unit = z.infer<typeof unitSchema>;

/** The whole tree as it travels and as administrators edit it on the central (the client's is 194 units). */
export const unitListSchema = z.array(unitSchema).max(2000);

/**
 * What belongs to a unit: spread into a row's schema (users, sites, vehicles, requests,
 * alerts) — `z.strictObject({ ...ownedByUnit, … })`.
 */
export const ownedByUnit = { unitId: entityId } as const;

export const scopeSettingsSchema = z.strictObject({
  /** Show the neighbouring units' sites and vehicles on a console, faded and read-only. */
  showNeighbours: z.boolean(),
  /** An allocation of this many units (pieces of supplies, all sources together) or more needs a supervisor's approval. */
  largeAllocationUnits: z.number().int().min(1).max(10_000_000),
});
export type ScopeSettings = z.infer<typeof scopeSettingsSchema>;

/** 1,000 pieces: more than a street post's whole stock, well under a flood's 6,320 generators. */
export const DEFAULT_SCOPE_SETTINGS: ScopeSettings = { showNeighbours: false, largeAllocationUnits: 1000 };
