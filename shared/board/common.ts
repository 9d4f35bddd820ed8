import { z } from 'zod';

/** Pieces several domains' board API methods share. */
export const empty = z.strictObject({});
export const entityId = z.string().min(1).max(64);
/** An officer action's answer: the command it queued. */
export const commandAck = z.strictObject({ commandId: z.uuid(), issuedAt: z.number().finite() });
/**
 * The caller's idempotency key for an officer's intent: sending the same intent again
 * (an answer lost, a retry after a restart) answers the command already queued instead
 * of queuing a second one. Omitted, the backend makes one.
 */
export const commandId = z.uuid().optional();
export const lonLat = z.strictObject({ lon: z.number().finite().min(-180).max(180), lat: z.number().finite().min(-90).max(90) });
