import { defineTable } from '../replica/table';
import { canonicalJson } from './chain';
import { centralAuditEntrySchema } from './schema';

/** The central's audit chain, as every workstation holds it: reconciled with the workstation's own chain like any other table. */
export const auditTable = defineTable({
  name: 'audit',
  schema: centralAuditEntrySchema,
  key: (r) => String(r.seq).padStart(12, '0'),
  columns: {
    seq: { type: 'INTEGER', of: (r) => r.seq },
    workstation: { type: 'TEXT', of: (r) => r.workstation },
    ws_seq: { type: 'INTEGER', of: (r) => r.wsSeq },
    at: { type: 'REAL', of: (r) => r.at },
  },
  digest: (r) => [r.seq, r.workstation, r.wsSeq, r.wsHash, r.prevHash, r.hash, r.at, r.userId, r.username, r.role, r.action, r.target, r.outcome, canonicalJson(r.detail)],
  maxRows: 2_000_000,
});
