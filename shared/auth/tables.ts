import { defineTable } from '../replica/table';
import { userAccountSchema } from './schema';

/** Users as the central holds them, without secrets: a disable or a password change reaches every workstation at the next contact. */
export const userAccountTable = defineTable({
  name: 'user_account',
  schema: userAccountSchema,
  key: (r) => r.id,
  columns: { username: { type: 'TEXT', of: (r) => r.username } },
  digest: (r) => [r.id, r.username, r.displayName, r.role, r.disabled, r.enrolled, r.version, r.updatedAt, r.unitId ?? null],
  maxRows: 100_000,
});
