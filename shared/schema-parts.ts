import { z } from 'zod';

/**
 * Pieces every domain's schemas are made of. Strict about shape and bounded in size:
 * rows arrive from the central platform and from other processes, and a row that fails
 * these checks never reaches a cache.
 */
export const entityId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'id: letters, digits and _.:- only');
export const label = z.string().min(1).max(200);
export const lon = z.number().finite().min(-180).max(180);
export const lat = z.number().finite().min(-90).max(90);
export const epochMs = z.number().finite().min(0);
export const quantity = z.number().int().min(1).max(1_000_000);
