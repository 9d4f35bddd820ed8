import type { auditMethods } from '../../../shared/audit/api';
import type { CallerContext } from '../../../shared/board-api';
import type { HandlersOf } from '../board/handler-types';
import type { Auth } from '../auth/service';
import type { AuditLog } from './log';

/** The audit log for auditors and supervisors, and the record of every export. */
export function createAuditHandlers(d: {
  audit: AuditLog;
  auth: Auth;
  /** This console is below the city: its cache holds only its units' part of the central's chain. */
  partialChain: () => boolean;
}): HandlersOf<typeof auditMethods> {
  const who = (ctx: CallerContext) => {
    const s = d.auth.sessionOf(ctx);
    return s ? { userId: s.userId, username: s.username, role: s.role } : { userId: null, username: 'system', role: 'system' as const };
  };
  return {
    'audit.list': (_ctx, filter) => d.audit.list(filter),
    'audit.verify': () => d.audit.verify(d.partialChain()),
    'audit.recordExport': (ctx, { kind, rows, detail }) => {
      d.audit.append({ ...who(ctx), action: 'export', target: `export:${kind}`, outcome: 'ok', detail: { rows, ...detail } });
      return {};
    },
  };
}
