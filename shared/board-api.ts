import { z } from 'zod';
import { itemTypeSchema, positionSchema, siteSchema, stockSchema, vehicleSchema } from './domain';
import { cursorSchema, REPLICA_TABLES } from './central-api';

/**
 * The board API: the one typed surface between the renderer and the backend.
 * Carried over an Electron MessagePort or a WebSocket (browser host); both sides
 * validate every message with these schemas. Each method takes one JSON-safe
 * argument and answers one value or a BoardError.
 *
 * Vehicle positions do not travel as JSON events: they are binary frames in the
 * positions-codec.ts format, forwarded from the central live stream.
 */

export const LINK_STATES = ['connected', 'reconnecting', 'offline'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export const linkStatusSchema = z.strictObject({
  state: z.enum(LINK_STATES),
  /** Base URL of the central endpoint in use. */
  endpoint: z.string().max(500),
  /** When the state last changed (epoch ms). */
  since: z.number().finite(),
  /** Last successful change-feed pull (epoch ms), null before the first. */
  lastPullAt: z.number().finite().nullable(),
  /** Last position batch received (epoch ms), null before the first. */
  lastPositionAt: z.number().finite().nullable(),
  cursor: cursorSchema,
  lastError: z.strictObject({ code: z.string().max(64), message: z.string().max(2000), at: z.number().finite() }).nullable(),
});
export type LinkStatus = z.infer<typeof linkStatusSchema>;

export const mapInfoSchema = z.strictObject({
  /** [west, south, east, north] */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number()]),
  zoom: z.number(),
  minzoom: z.number().int().min(0).max(24),
  maxzoom: z.number().int().min(0).max(24),
  attribution: z.string().max(500),
  /** Names of the vector layers in the tiles. */
  layers: z.array(z.string().max(64)).max(32),
});
export type MapInfo = z.infer<typeof mapInfoSchema>;

const empty = z.strictObject({});
const entityId = z.string().min(1).max(64);

export const stockLineSchema = z.strictObject({ item: itemTypeSchema, quantity: stockSchema.shape.quantity, safetyLevel: stockSchema.shape.safetyLevel });
export type StockLine = z.infer<typeof stockLineSchema>;

export const boardMethods = {
  /** Everything the board needs to draw its first frame, from the local cache. */
  'board.snapshot': {
    arg: empty,
    result: z.strictObject({
      sites: z.array(siteSchema),
      items: z.array(itemTypeSchema),
      vehicles: z.array(vehicleSchema),
      positions: z.array(positionSchema),
      link: linkStatusSchema,
    }),
  },
  'site.detail': {
    arg: z.strictObject({ siteId: entityId }),
    result: z.strictObject({ site: siteSchema, stock: z.array(stockLineSchema) }),
  },
  'vehicle.detail': {
    arg: z.strictObject({ vehicleId: entityId }),
    result: z.strictObject({
      vehicle: vehicleSchema,
      position: positionSchema.nullable(),
      /** Recent track, oldest first: [lon, lat, ts]. */
      trail: z.array(z.tuple([z.number(), z.number(), z.number()])).max(10_000),
    }),
  },
  'link.status': { arg: empty, result: linkStatusSchema },
  'map.info': { arg: empty, result: mapInfoSchema },
  /** One vector tile (Mapbox Vector Tile, uncompressed) as base64; null where there is none. */
  'map.tile': {
    arg: z.strictObject({
      z: z.number().int().min(0).max(24),
      x: z.number().int().min(0).max(2 ** 24),
      y: z.number().int().min(0).max(2 ** 24),
    }),
    result: z.strictObject({ data: z.string().max(8_000_000).nullable() }),
  },
} as const;

export const boardEvents = {
  'link.changed': linkStatusSchema,
  /** Replica tables changed locally after a pull: re-read what is shown. */
  'data.changed': z.strictObject({ tables: z.array(z.enum(REPLICA_TABLES)).min(1), cursor: cursorSchema }),
} as const;

export type BoardMethods = typeof boardMethods;
export type BoardMethod = keyof BoardMethods;
export type MethodArg<M extends BoardMethod> = z.input<BoardMethods[M]['arg']>;
export type MethodResult<M extends BoardMethod> = z.infer<BoardMethods[M]['result']>;
export type BoardEvents = typeof boardEvents;
export type BoardEvent = keyof BoardEvents;
export type EventData<E extends BoardEvent> = z.infer<BoardEvents[E]>;

export const BOARD_ERROR_CODES = ['bad_request', 'unknown_method', 'not_found', 'unavailable', 'internal'] as const;
export const boardErrorSchema = z.strictObject({ code: z.enum(BOARD_ERROR_CODES), message: z.string().max(2000) });
export type BoardErrorBody = z.infer<typeof boardErrorSchema>;

export class BoardError extends Error {
  constructor(
    readonly code: BoardErrorBody['code'],
    message: string,
  ) {
    super(message);
    this.name = 'BoardError';
  }
  toJSON(): BoardErrorBody {
    return { code: this.code, message: this.message.slice(0, 2000) };
  }
}

/** Text messages on the wire (JSON). Binary frames are position batches, server → client only. */
export const clientMessageSchema = z.strictObject({
  kind: z.literal('call'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(64),
  arg: z.unknown(),
});
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.union([
  z.strictObject({ kind: z.literal('result'), id: z.number().int().min(0), ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ kind: z.literal('result'), id: z.number().int().min(0), ok: z.literal(false), error: boardErrorSchema }),
  z.strictObject({ kind: z.literal('event'), name: z.string().max(64), data: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export function isBoardMethod(name: string): name is BoardMethod {
  return Object.prototype.hasOwnProperty.call(boardMethods, name);
}
export function isBoardEvent(name: string): name is BoardEvent {
  return Object.prototype.hasOwnProperty.call(boardEvents, name);
}

/** Describes a zod failure in one line for a BoardError message. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
