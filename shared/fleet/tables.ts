import { defineTable } from '../replica/table';
import { vehicleSchema } from './schema';

export const vehicleTable = defineTable({
  name: 'vehicle',
  schema: vehicleSchema,
  key: (r) => r.id,
  columns: { no: { type: 'INTEGER', of: (r) => r.no } },
  digest: (r) => {
    const s = r.service;
    return [r.id, r.no, r.plate, r.kind, r.status, r.crew, r.homeSiteId, r.capacity, r.unitId ?? null, s ? [s.odometerKm, s.lastServiceKm, s.lastServiceAt, s.intervalKm, s.intervalMonths] : null];
  },
  maxRows: 100_000,
});
