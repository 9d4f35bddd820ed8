import { defineTable } from '../replica/table';
import { itemTypeSchema, siteSchema, stockSchema } from './schema';

export const siteTable = defineTable({
  name: 'site',
  schema: siteSchema,
  key: (r) => r.id,
  columns: {},
  digest: (r) => [r.id, r.kind, r.name, r.nameEn, r.address, r.lon, r.lat, r.unitId ?? null],
  maxRows: 100_000,
});

export const itemTable = defineTable({
  name: 'item',
  schema: itemTypeSchema,
  key: (r) => r.id,
  columns: {},
  digest: (r) => [r.id, r.name, r.nameEn, r.unit, r.unitEn, r.category],
  maxRows: 100_000,
});

export const stockTable = defineTable({
  name: 'stock',
  schema: stockSchema,
  key: (r) => `${r.siteId}/${r.itemId}`,
  columns: { site_id: { type: 'TEXT', of: (r) => r.siteId }, item_id: { type: 'TEXT', of: (r) => r.itemId } },
  digest: (r) => [r.siteId, r.itemId, r.quantity, r.safetyLevel],
  maxRows: 1_000_000,
});
