import { AUDIT_GENESIS, centralEntryHash, localEntryHash } from '../../shared/audit/chain';
import type { CentralAuditEntry, LocalAuditEntry } from '../../shared/audit/schema';
import type { CentralStore } from '../store';

/** Why a workstation's upload was refused: its chain does not continue the one held here. */
export class AuditRefusal extends Error {
  constructor(
    readonly code: 'audit_gap' | 'audit_chain_broken' | 'audit_diverged',
    message: string,
    readonly head: number,
  ) {
    super(message);
  }
}

/**
 * Takes a workstation's audit entries into the central's chain, the authoritative one.
 * Each must continue that workstation's chain as held here (its seq next, its prevHash the
 * last one's hash, its hash its content's): an entry edited, dropped or reordered on the
 * workstation before upload is refused and named. Entries already held are skipped if
 * identical and refused if not. Accepted entries are chained again centrally and written
 * through the change log, so every workstation holds the central's chain (replica table
 * `audit`). One transaction: all of a batch up to a refusal is kept, nothing half-written.
 */
export function createAuditAppender(store: CentralStore) {
  const db = store.db;
  const q = {
    head: db.prepare<[string], { ws_seq: number; ws_hash: string }>('SELECT ws_seq, ws_hash FROM audit_ws_head WHERE workstation = ?'),
    putHead: db.prepare<[string, number, string]>(
      'INSERT INTO audit_ws_head (workstation, ws_seq, ws_hash) VALUES (?, ?, ?) ON CONFLICT (workstation) DO UPDATE SET ws_seq = excluded.ws_seq, ws_hash = excluded.ws_hash',
    ),
    last: db.prepare<[], { row: string }>('SELECT row FROM audit ORDER BY seq DESC LIMIT 1'),
    held: db.prepare<[string, number], { row: string }>('SELECT row FROM audit WHERE workstation = ? AND ws_seq = ?'),
  };

  const append = db.transaction((workstation: string, entries: readonly LocalAuditEntry[]): { head: number; accepted: number; error: AuditRefusal | null } => {
    let head = q.head.get(workstation) ?? { ws_seq: 0, ws_hash: AUDIT_GENESIS };
    let accepted = 0;
    const lastRow = q.last.get();
    let last = lastRow ? (JSON.parse(lastRow.row) as CentralAuditEntry) : null;
    for (const e of entries) {
      if (e.workstation !== workstation) return { head: head.ws_seq, accepted, error: new AuditRefusal('audit_chain_broken', `entry ${e.seq} names workstation ${e.workstation}`, head.ws_seq) };
      if (e.seq <= head.ws_seq) {
        const held = q.held.get(workstation, e.seq);
        if (held && (JSON.parse(held.row) as CentralAuditEntry).wsHash !== e.hash) {
          return { head: head.ws_seq, accepted, error: new AuditRefusal('audit_diverged', `entry ${e.seq} differs from the one received before`, head.ws_seq) };
        }
        continue;
      }
      if (e.seq !== head.ws_seq + 1) return { head: head.ws_seq, accepted, error: new AuditRefusal('audit_gap', `expected entry ${head.ws_seq + 1}, got ${e.seq}`, head.ws_seq) };
      if (e.prevHash !== head.ws_hash || localEntryHash(e.seq, e.prevHash, e) !== e.hash) {
        return { head: head.ws_seq, accepted, error: new AuditRefusal('audit_chain_broken', `entry ${e.seq} does not continue this workstation's chain`, head.ws_seq) };
      }
      const seq = (last?.seq ?? 0) + 1;
      const prevHash = last?.hash ?? AUDIT_GENESIS;
      const base = { at: e.at, workstation, userId: e.userId, username: e.username, role: e.role, action: e.action, target: e.target, outcome: e.outcome, detail: e.detail, wsSeq: e.seq, wsHash: e.hash };
      const row: CentralAuditEntry = { ...base, seq, prevHash, hash: centralEntryHash(seq, prevHash, base) };
      store.put('audit', row);
      last = row;
      head = { ws_seq: e.seq, ws_hash: e.hash };
      q.putHead.run(workstation, head.ws_seq, head.ws_hash);
      accepted++;
    }
    return { head: head.ws_seq, accepted, error: null };
  });

  return {
    append: (workstation: string, entries: readonly LocalAuditEntry[]) => append(workstation, entries),
    head: (workstation: string): number => q.head.get(workstation)?.ws_seq ?? 0,
  };
}
