import { z } from 'zod';
import { assetStep } from '../assets/commands/asset-step';
import { assetCycles } from '../assets/commands/asset-cycles';
import { assetFlights } from '../assets/commands/asset-flights';
import { climateRecord } from '../assets/commands/climate-record';
import { repairClose } from '../assets/commands/repair-close';
import { repairDecide } from '../assets/commands/repair-decide';
import { repairFile } from '../assets/commands/repair-file';
import { dispatchApprove, dispatchRefuse, requestEscalate } from '../dispatch/commands/approval';
import { requestCancel, dispatchCancel } from '../dispatch/commands/cancel';
import { dispatchConfirmDelivery, dispatchConfirmPickup } from '../dispatch/commands/dispatch-confirm';
import { dispatchCreate } from '../dispatch/commands/dispatch-create';
import { requestCreate } from '../dispatch/commands/request-create';
import { vehicleRecordService } from '../fleet/commands/vehicle-record-service';
import { vehicleSetServiceInterval } from '../fleet/commands/vehicle-set-service-interval';
import { vehicleSetStatus } from '../fleet/commands/vehicle-set-status';
import { siteMove } from '../sites/commands/site-move';
import { sitePlace } from '../sites/commands/site-place';
import { stockAdjust } from '../sites/commands/stock-adjust';
import { actorSchema } from '../auth/schema';
import { alertAcknowledge, alertClose, alertEscalate } from '../duty/commands/alert-act';
import { drillFinish, drillStart } from '../duty/commands/drill';
import { dutyConfigure } from '../duty/commands/duty-configure';
import { handoverSign, handoverTakeOver } from '../duty/commands/handover';
import type { CommandModule, CommandOf } from './module';

/**
 * Every officer's command. Adding one: its module in its domain's commands/ folder, an entry
 * here, its description texts in the renderer, and a board API method that issues it;
 * commands.registry.test.ts checks each has every part.
 */
export const COMMANDS = [
  vehicleSetStatus, vehicleRecordService, vehicleSetServiceInterval, stockAdjust, requestCreate, dispatchCreate, dispatchConfirmPickup, dispatchConfirmDelivery, requestCancel, dispatchCancel, siteMove, sitePlace,
  requestEscalate, dispatchApprove, dispatchRefuse,
  assetStep, repairFile, repairDecide, repairClose, climateRecord, assetCycles, assetFlights,
  alertAcknowledge, alertEscalate, alertClose, dutyConfigure, handoverSign, handoverTakeOver, drillStart, drillFinish,
] as const;

export type Command = CommandOf<(typeof COMMANDS)[number]>;
export type CommandType = Command['type'];
export type PayloadOf<T extends CommandType> = Extract<Command, { type: T }>['payload'];

const byType = new Map<string, CommandModule>(COMMANDS.map((m) => [m.type, m as unknown as CommandModule]));
export const COMMAND_TYPES = COMMANDS.map((m) => m.type) as unknown as readonly [CommandType, ...CommandType[]];

export function commandModule<T extends CommandType>(type: T): CommandModule<T, PayloadOf<T>> {
  const m = byType.get(type);
  if (!m) throw new Error(`no command '${type}'`);
  return m as unknown as CommandModule<T, PayloadOf<T>>;
}
export function isCommandType(type: string): type is CommandType {
  return byType.has(type);
}

/** The wire form of every command (the central parses with it, the outbox validates with it). */
export const commandSchema = z.discriminatedUnion(
  'type',
  COMMANDS.map((m) =>
    z.strictObject({ id: z.uuid(), type: z.literal(m.type), issuedAt: z.number().finite(), payload: m.payload as z.ZodType, actor: actorSchema.optional() }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<Command>;
