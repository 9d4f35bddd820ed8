import { z } from 'zod';

/**
 * The city's street names, built once at import (and by the demo build) from every named
 * road: one point per name, the middle vertex of its longest piece, so a destination found
 * by name lies on the street itself. The board searches it across the whole city, not only
 * the streets whose tiles happen to be loaded (names.json beside the base map).
 */
export const streetSchema = z.strictObject({ name: z.string().min(1).max(200), lon: z.number().finite(), lat: z.number().finite() });
export type Street = z.infer<typeof streetSchema>;
/** A prefecture-level city has tens of thousands of street names. */
export const MAX_STREETS = 200_000;
export const namesFileSchema = z.strictObject({ streets: z.array(streetSchema).max(MAX_STREETS) });
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
