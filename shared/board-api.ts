import { z } from 'zod';
import { alertsEvents, alertsMethods } from './alerts/api';
import { assetsMethods } from './assets/api';
import { dutyMethods } from './duty/api';
import { reportMethods } from './duty/report-api';
import { auditMethods } from './audit/api';
import { authDemoMethods, authEvents, authMethods } from './auth/api';
import { boardDataEvents, boardSnapshotMethods } from './board/api';
import { citiesEvents, citiesMethods } from './city/api';
import { dispatchEvents, dispatchMethods } from './dispatch/api';
import { fleetMethods } from './fleet/api';
import { linkDemoMethods, linkEvents, linkMethods } from './link/api';
import { mapEvents, mapMethods } from './map/api';
import { sitesMethods } from './sites/api';
import { unitsMethods } from './scope/api';
import { wallEvents, wallMethods } from './wall/api';

/**
 * The board API: the one typed surface between the renderer and the backend, the union of
 * the domains' methods and events (each declared beside its handlers: shared/<domain>/api.ts,
 * electron/backend/<domain>/). Carried over an Electron MessagePort or a WebSocket (browser
 * host); both sides validate every message with these schemas. Each method takes one
 * JSON-safe argument and answers one value or a BoardError, and declares the permission a
 * caller needs.
 *
 * Vehicle positions do not travel as JSON events: they are binary frames in the
 * positions-codec.ts format.
 */

export * from './board/common';
export * from './board/context';
export type { MethodSpec } from './board/method';
export * from './link/api';
export * from './dispatch/api';
export * from './sites/api';
export * from './map/api';
export * from './wall/api';
export * from './auth/api';
export * from './audit/api';
export * from './city/api';
export * from './assets/api';
export * from './duty/api';
export * from './duty/report-api';
export * from './scope/api';

export const boardMethods = {
  ...boardSnapshotMethods,
  ...sitesMethods,
  ...fleetMethods,
  ...linkMethods,
  ...dispatchMethods,
  ...alertsMethods,
  ...mapMethods,
  ...wallMethods,
  ...authMethods,
  ...auditMethods,
  ...citiesMethods,
  ...assetsMethods,
  ...dutyMethods,
  ...reportMethods,
  ...unitsMethods,
} as const;

/** Demo-build methods (see link/api.ts): served only by a backend started with `demo: true`. */
export const demoMethods = { ...linkDemoMethods, ...authDemoMethods } as const;

export const boardEvents = { ...boardDataEvents, ...linkEvents, ...dispatchEvents, ...alertsEvents, ...wallEvents, ...mapEvents, ...authEvents, ...citiesEvents } as const;

export type BoardMethods = typeof boardMethods & typeof demoMethods;
export const allBoardMethods: BoardMethods = { ...boardMethods, ...demoMethods };
export type BoardMethod = keyof BoardMethods;
export type MethodArg<M extends BoardMethod> = z.input<BoardMethods[M]['arg']>;
export type MethodResult<M extends BoardMethod> = z.infer<BoardMethods[M]['result']>;
export type BoardEvents = typeof boardEvents;
export type BoardEvent = keyof BoardEvents;
export type EventData<E extends BoardEvent> = z.infer<BoardEvents[E]>;

/**
 * Why the backend refused a call. The UI translates the code (with `params` for the names
 * and numbers it needs), never the English `message`, which is for logs and support.
 */
export const BOARD_ERROR_CODES = [
  // the call itself
  'bad_request', 'unknown_method', 'not_found', 'unavailable', 'internal', 'forbidden', 'unauthenticated',
  // an action refused against what the board shows
  'unknown_item', 'vehicle_unavailable', 'vehicle_twice', 'pickup_not_a_stop', 'insufficient_stock',
  'request_closed', 'dispatch_closed', 'dispatch_loaded', 'command_id_reused', 'conflict_resolved',
  'position_unknown', 'routing_failed', 'over_capacity', 'below_safety', 'source_is_destination',
  'site_exists', 'outside_map', 'outside_every_unit',
  // the command tree's administration: a change that would leave a cycle, an orphan, a unit under its own descendant
  'bad_tree',
  // multi-level command (approvals, passing a request up)
  'no_authority', 'already_decided', 'not_awaiting', 'nothing_above', 'out_of_scope',
  // who is calling (logins, roles, the idle lock)
  'bad_credentials', 'code_replayed', 'rate_limited', 'account_disabled', 'locked', 'session_expired', 'enrolment_expired',
  'offline_login_unavailable', 'central_unreachable', 'username_taken', 'second_factor_required',
  // the base map's source (Settings → Base map)
  'map_source',
  // cities (Settings → Cities)
  'import_running', 'import_file_missing', 'city_in_use', 'city_not_found',
  // the readiness ledger (assets, repairs)
  // a vehicle's service record (an odometer reading that cannot be right)
  'odometer_backwards', 'odometer_implausible', 'no_service_record',
  'asset_not_found', 'step_refused', 'repair_open', 'repair_decided', 'repair_exists', 'repair_not_in_repair', 'vehicle_busy',
  // the duty shift (alerts, settings, handovers)
  'alert_closed', 'note_required', 'no_target', 'bad_settings', 'already_signed', 'already_taken_over', 'same_person',
  'changed_after_signature', 'shift_not_found', 'drill_running', 'drill_finished', 'empty_period',
] as const;
export type BoardErrorCode = (typeof BOARD_ERROR_CODES)[number];
/** Names and numbers a translated refusal needs: `{ plate: '粤A·1900警', status: 'enroute' }`. */
export const errorParamsSchema = z.record(z.string().max(40), z.union([z.string().max(200), z.number().finite()]));
export const boardErrorSchema = z.strictObject({ code: z.enum(BOARD_ERROR_CODES), message: z.string().max(2000), params: errorParamsSchema.optional() });
export type BoardErrorBody = z.infer<typeof boardErrorSchema>;
export type BoardErrorParams = z.infer<typeof errorParamsSchema>;

export class BoardError extends Error {
  constructor(
    readonly code: BoardErrorCode,
    message: string,
    readonly params?: BoardErrorParams,
  ) {
    super(message);
    this.name = 'BoardError';
  }
  toJSON(): BoardErrorBody {
    return { code: this.code, message: this.message.slice(0, 2000), ...(this.params ? { params: this.params } : {}) };
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
  return Object.prototype.hasOwnProperty.call(allBoardMethods, name);
}
export function isDemoMethod(name: string): name is keyof typeof demoMethods {
  return Object.prototype.hasOwnProperty.call(demoMethods, name);
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
