import { defineTable } from '../replica/table';
import { vehicleSchema } from './schema';

export const vehicleTable = defineTable({
  name: 'vehicle',
  schema: vehicleSchema,
  key: (r) => r.id,
  columns: { no: { type: 'INTEGER', of: (r) => r.no } },
  digest: (r) => [r.id, r.no, r.plate, r.kind, r.status, r.crew, r.homeSiteId, r.capacity, r.unitId ?? null],
  maxRows: 100_000,
});
