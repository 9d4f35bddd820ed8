import { z } from 'zod';

/**
 * The city's names, built once at import (and by the demo build): every named road, one
 * point per name, the middle vertex of its longest piece, so a destination found by name
 * lies on the street itself; and the places the data names (districts, towns, villages),
 * each at its own point. The board searches them across the whole city, not only what the
 * loaded tiles hold (names.json beside the base map; one written before places were
 * indexed has none).
 */
export const streetSchema = z.strictObject({ name: z.string().min(1).max(200), lon: z.number().finite(), lat: z.number().finite() });
export type Street = z.infer<typeof streetSchema>;
/** A prefecture-level city has tens of thousands of street names. */
export const MAX_STREETS = 200_000;
/** OSM's place=* values the index keeps, largest first (shared/city/map-features.ts draws the same). */
export const PLACE_KINDS = ['city', 'town', 'suburb', 'village', 'quarter', 'neighbourhood', 'hamlet'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];
export const placeNameSchema = z.strictObject({ name: z.string().min(1).max(200), kind: z.enum(PLACE_KINDS), lon: z.number().finite(), lat: z.number().finite() });
export type PlaceName = z.infer<typeof placeNameSchema>;
export const MAX_PLACES = 50_000;
export const namesFileSchema = z.strictObject({ streets: z.array(streetSchema).max(MAX_STREETS), places: z.array(placeNameSchema).max(MAX_PLACES).default([]) });
export type NamesFile = z.infer<typeof namesFileSchema>;

type Way = { name: string | null; coords: readonly (readonly [number, number])[] };

export function streetIndex(ways: readonly Way[]): Street[] {
  const best = new Map<string, { coords: Way['coords']; length: number }>();
  for (const w of ways) {
    const name = w.name?.trim();
    // A name without a letter (a bare route number) is no street an officer types.
    if (!name || !/\p{L}/u.test(name) || w.coords.length === 0) continue;
    let length = 0;
    for (let i = 1; i < w.coords.length; i++) length += Math.hypot(w.coords[i]![0] - w.coords[i - 1]![0], w.coords[i]![1] - w.coords[i - 1]![1]);
    const prev = best.get(name);
    if (!prev || length > prev.length) best.set(name, { coords: w.coords, length });
  }
  return [...best]
    .map(([name, { coords }]) => {
      const mid = coords[Math.floor(coords.length / 2)]!;
      return { name: name.slice(0, 200), lon: mid[0], lat: mid[1] };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

type PlacePoint = { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> | null };

/**
 * The named places, one per name and kind (an extract cut across a border may hold the
 * same node twice), larger kinds first, then by name.
 */
export function placeIndex(features: readonly PlacePoint[]): PlaceName[] {
  const seen = new Map<string, PlaceName>();
  for (const f of features) {
    const kind = f.properties?.class;
    const name = typeof f.properties?.name === 'string' ? f.properties.name.trim().slice(0, 200) : '';
    if (!name || !(PLACE_KINDS as readonly unknown[]).includes(kind) || f.geometry.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const key = `${kind as string}\u0000${name}`;
    if (!seen.has(key)) seen.set(key, { name, kind: kind as PlaceKind, lon, lat });
  }
  const rank = (k: PlaceKind) => PLACE_KINDS.indexOf(k);
  return [...seen.values()].sort((a, b) => rank(a.kind) - rank(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
