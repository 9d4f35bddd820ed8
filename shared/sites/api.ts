import { z } from 'zod';
import { commandAck, commandId, empty, entityId } from '../board/common';
import type { MethodMap } from '../board/method';
import { sitePlacePayload } from './commands/site-place';
import { itemTypeSchema, siteSchema, stockSchema } from './schema';

export const stockLineSchema = z.strictObject({ item: itemTypeSchema, quantity: stockSchema.shape.quantity, safetyLevel: stockSchema.shape.safetyLevel });
export type StockLine = z.infer<typeof stockLineSchema>;

export const sitesMethods = {
  'site.detail': { permission: 'board.read',
    arg: z.strictObject({ siteId: entityId }),
    result: z.strictObject({ site: siteSchema, stock: z.array(stockLineSchema) }),
  },
  /** Every site's stock as the board shows it (queued actions laid over): where an item is kept (the palette). */
  'stock.list': { permission: 'board.read', arg: empty, result: z.strictObject({ stock: z.array(stockSchema).max(100_000) }) },
  /** Officer action: book stock in (+) or out (−) at a site. Queued offline. */
  'stock.adjust': { permission: 'stock.write',
    arg: z.strictObject({
      siteId: entityId,
      itemId: entityId,
      delta: z.number().int().min(-10_000_000).max(10_000_000).refine((d) => d !== 0, 'delta must not be 0'),
      reason: z.string().max(200),
      commandId,
    }),
    result: commandAck,
  },
  /**
   * Administrator's action: move a site to a new position on the map (inside the base map).
   * Queued offline like any command; the board shows the site at its new place at once.
   */
  'site.move': { permission: 'sites.admin',
    arg: z.strictObject({ siteId: entityId, lon: siteSchema.shape.lon, lat: siteSchema.shape.lat, commandId }),
    result: commandAck,
  },
  /** Administrator's action: a new site (depot, quick-pick point, police station) at a position inside the base map. */
  'site.place': { permission: 'sites.admin',
    arg: sitePlacePayload.extend({ commandId }),
    result: commandAck,
  },
} as const satisfies MethodMap;
