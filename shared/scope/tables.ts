import { defineTable } from '../replica/table';
import { unitSchema } from './schema';

/**
 * The command tree (shared/scope): every console holds it whole — the names of the units it
 * shows, the areas a request's destination falls in — while the rows it holds are its scope's.
 * Administrators edit it on the central (`unit.save`, `unit.move`).
 */
export const unitTable = defineTable({
  name: 'unit',
  schema: unitSchema,
  key: (r) => r.id,
  columns: { parent_id: { type: 'TEXT', of: (r) => r.parentId } },
  digest: (r) => [r.id, r.kind, r.name, r.nameEn, r.parentId, r.area ? JSON.stringify(r.area.coordinates) : null, r.address ?? null],
  maxRows: 2000,
});
