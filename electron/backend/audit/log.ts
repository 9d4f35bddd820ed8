import { AUDIT_GENESIS, localEntryHash, verifyCentralChain, verifyLocalChain, type ChainCheck } from '../../../shared/audit/chain';
import type { AuditAction, AuditFields, CentralAuditEntry, LocalAuditEntry } from '../../../shared/audit/schema';
import type { Db } from '../store/database';

/** What a caller says about an entry; the log adds when, where, and the chain. */
export type AuditInput = Omit<AuditFields, 'at' | 'workstation'>;

type Row = {
  seq: number; at: number; workstation: string; user_id: string | null; username: string | null; role: string | null; action: string;
  target: string | null; outcome: string; detail: string; prev_hash: string; hash: string; uploaded_at: number | null;
};
const toEntry = (r: Row): LocalAuditEntry => ({
  seq: r.seq, at: r.at, workstation: r.workstation, userId: r.user_id, username: r.username, role: r.role as LocalAuditEntry['role'],
  action: r.action as AuditAction, target: r.target, outcome: r.outcome as LocalAuditEntry['outcome'], detail: JSON.parse(r.detail) as Record<string, unknown>,
  prevHash: r.prev_hash, hash: r.hash,
});

export type AuditFilter = { from?: number; to?: number; username?: string; action?: AuditAction; limit: number };

/**
 * This workstation's audit chain (table audit_log): an entry for every command, sign-in and
 * out, failed sign-in, lock and unlock, role change, export and setting change, each
 * holding the hash of the one before. `append` runs inside the caller's transaction, so an
 * action and its entry are written together or not at all. Entries go to the central
 * (audit/uploader.ts), which keeps the authoritative chain; this workstation holds that
 * chain too (replica table `audit`) and `verify` checks both, and that they agree.
 */
export function createAuditLog(db: Db, workstation: string, now: () => number = Date.now) {
  const q = {
    last: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
    insert: db.prepare(
      `INSERT INTO audit_log (seq, at, workstation, user_id, username, role, action, target, outcome, detail, prev_hash, hash)
       VALUES (@seq, @at, @workstation, @user_id, @username, @role, @action, @target, @outcome, @detail, @prev_hash, @hash)`,
    ),
    all: db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq'),
    pending: db.prepare<[number], Row>('SELECT * FROM audit_log WHERE uploaded_at IS NULL ORDER BY seq LIMIT ?'),
    pendingCount: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM audit_log WHERE uploaded_at IS NULL'),
    markUploaded: db.prepare<[number, number]>('UPDATE audit_log SET uploaded_at = ? WHERE seq <= ? AND uploaded_at IS NULL'),
    unmarkAfter: db.prepare<[number]>('UPDATE audit_log SET uploaded_at = NULL WHERE seq > ? AND uploaded_at IS NOT NULL'),
    centralAll: db.prepare<[], { row: string }>('SELECT row FROM audit ORDER BY seq'),
    centralMine: db.prepare<[string], { row: string }>('SELECT row FROM audit WHERE workstation = ? ORDER BY ws_seq'),
  };

  const append = (input: AuditInput): LocalAuditEntry => {
    const last = q.last.get();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? AUDIT_GENESIS;
    const fields: AuditFields = { at: now(), workstation, ...input };
    const hash = localEntryHash(seq, prevHash, fields);
    q.insert.run({
      seq, at: fields.at, workstation, user_id: fields.userId, username: fields.username, role: fields.role, action: fields.action,
      target: fields.target, outcome: fields.outcome, detail: JSON.stringify(fields.detail), prev_hash: prevHash, hash,
    });
    return { ...fields, seq, prevHash, hash };
  };

  const matches = (e: LocalAuditEntry | CentralAuditEntry, f: AuditFilter) =>
    (f.from === undefined || e.at >= f.from) && (f.to === undefined || e.at <= f.to) && (f.username === undefined || e.username === f.username) && (f.action === undefined || e.action === f.action);

  return {
    /** Writes one entry; call it in the transaction of the action it records. */
    append: (input: AuditInput): LocalAuditEntry => db.transaction(() => append(input))(),
    /** Entries newest first: the central's chain as held here, and this workstation's not yet there. */
    list(f: AuditFilter): { central: CentralAuditEntry[]; local: LocalAuditEntry[] } {
      const central: CentralAuditEntry[] = [];
      const rows = q.centralAll.all();
      for (let i = rows.length - 1; i >= 0 && central.length < f.limit; i--) {
        const e = JSON.parse(rows[i]!.row) as CentralAuditEntry;
        if (matches(e, f)) central.push(e);
      }
      const local = q
        .pending.all(100_000)
        .map(toEntry)
        .filter((e) => matches(e, f))
        .reverse()
        .slice(0, f.limit);
      return { central, local };
    },
    /** The next entries to upload, in order. */
    pending: (limit: number): LocalAuditEntry[] => q.pending.all(limit).map(toEntry),
    pendingCount: (): number => q.pendingCount.get()!.n,
    /** The central holds this workstation's chain up to `head`. */
    uploaded: (head: number): void => void q.markUploaded.run(now(), head),
    /** The central holds less than we thought (restored from an older copy): send again from `head`. */
    resendAfter: (head: number): number => q.unmarkAfter.run(head).changes,
    /**
     * The three checks an auditor's "verify" runs: this workstation's chain, the central's
     * chain as held here (`partial`: a console below the city holds only its units' entries),
     * and every entry of ours there unchanged (by its hash).
     */
    verify(partial = false): { local: ChainCheck; central: ChainCheck; mismatch: number | null } {
      const local = q.all.all().map(toEntry);
      const central = q.centralAll.all().map((r) => JSON.parse(r.row) as CentralAuditEntry);
      const ours = new Map(local.map((e) => [e.seq, e.hash]));
      let mismatch: number | null = null;
      for (const r of q.centralMine.all(workstation)) {
        const c = JSON.parse(r.row) as CentralAuditEntry;
        if (ours.get(c.wsSeq) !== c.wsHash) {
          mismatch = c.wsSeq;
          break;
        }
      }
      return { local: verifyLocalChain(local), central: verifyCentralChain(central, undefined, partial), mismatch };
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
