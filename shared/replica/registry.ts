import { assetEventTable, assetTable, assetTypeTable, batteryDayTable, climateReadingTable, repairTable } from '../assets/tables';
import { auditTable } from '../audit/tables';
import { alertTable, drillTable, dutyConfigTable, handoverTable } from '../duty/tables';
import { userAccountTable } from '../auth/tables';
import { dispatchTable, requestTable } from '../dispatch/tables';
import { vehicleTable } from '../fleet/tables';
import { itemTable, siteTable, stockTable } from '../sites/tables';
import { unitTable } from '../scope/tables';
import type { TableDecl } from './table';

/**
 * Every replica table, in the order they are pulled, compared and snapshotted. Adding one:
 * its declaration in its domain folder, a migration on each side (central/store.ts,
 * electron/backend/store/migrations.ts), and an entry here (tables.registry.test.ts checks all three).
 */
export const TABLES = [
  siteTable, itemTable, stockTable, vehicleTable, requestTable, dispatchTable, userAccountTable, auditTable,
  assetTypeTable, assetTable, assetEventTable, repairTable, climateReadingTable,
  dutyConfigTable, alertTable, handoverTable, drillTable, unitTable, batteryDayTable,
] as const;

export type TableName = (typeof TABLES)[number]['name'];
type DeclOf<N extends TableName> = Extract<(typeof TABLES)[number], { name: N }>;
export type RowOf<N extends TableName> = DeclOf<N> extends TableDecl<N, infer R> ? R : never;

export const TABLE_NAMES = TABLES.map((t) => t.name) as unknown as readonly [TableName, ...TableName[]];

const byName = new Map<string, TableDecl>(TABLES.map((t) => [t.name, t as unknown as TableDecl]));
export function tableDecl<N extends TableName>(name: N): TableDecl<N, RowOf<N>> {
  const t = byName.get(name);
  if (!t) throw new Error(`no replica table '${name}'`);
  return t as unknown as TableDecl<N, RowOf<N>>;
}
export function isTableName(name: string): name is TableName {
  return byName.has(name);
}
