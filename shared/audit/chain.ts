import type { AuditFields, CentralAuditEntry, LocalAuditEntry } from './schema';
import { sha256Hex } from './sha256';

/** The hash before the first entry of a chain. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** Object keys sorted at every depth: the same entry always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** The fields a hash covers, in one fixed shape. */
function fieldsOf(e: AuditFields): AuditFields {
  return { at: e.at, workstation: e.workstation, userId: e.userId, username: e.username, role: e.role, action: e.action, target: e.target, outcome: e.outcome, detail: e.detail };
}

/** A workstation entry's hash: its seq, the hash before it and its fields. */
export function localEntryHash(seq: number, prevHash: string, fields: AuditFields): string {
  return sha256Hex(`${prevHash}\n${seq}\n${canonicalJson(fieldsOf(fields))}`);
}

/** A central entry's hash: also covers where it came from (the workstation's seq and hash). */
export function centralEntryHash(seq: number, prevHash: string, e: Omit<CentralAuditEntry, 'seq' | 'prevHash' | 'hash'>): string {
  return sha256Hex(`${prevHash}\n${seq}\n${e.workstation}\n${e.wsSeq}\n${e.wsHash}\n${canonicalJson(fieldsOf(e))}`);
}

export type ChainCheck = {
  ok: boolean;
  checked: number;
  /** The first entry whose link or content does not hold. */
  firstBroken: number | null;
  reason: string | null;
  /** Runs of entries not held here that a partial chain skips (0 for a whole one): their links are checked where the whole chain is held. */
  gaps: number;
};

/**
 * Walks a chain in seq order and names the first broken link: an entry whose stored hash
 * is not the hash of its content (edited), or whose prevHash is not the hash before it
 * (removed, inserted or reordered). `from` is the hash the first entry must follow.
 *
 * `partial`: the chain as a console below the city holds it — only its own units' entries
 * (multi-level command). Every entry held is still checked against its own hash, and every
 * link between two consecutive entries; across a gap (entries of other units, never sent
 * here) the link cannot be checked and is counted instead. The city's console holds the whole
 * chain and checks every link.
 */
export function verifyChain<E extends { seq: number; prevHash: string; hash: string }>(entries: Iterable<E>, hashOf: (e: E) => string, from = AUDIT_GENESIS, partial = false): ChainCheck {
  let prev = from;
  let checked = 0;
  let gaps = 0;
  let lastSeq: number | null = null;
  for (const e of entries) {
    if (lastSeq !== null && e.seq !== lastSeq + 1) {
      if (!partial || e.seq <= lastSeq) return { ok: false, checked, firstBroken: e.seq, reason: `entry ${lastSeq + 1} is missing`, gaps };
      gaps++;
      prev = e.prevHash;
    } else if (lastSeq === null && partial && e.seq !== 1) {
      gaps++;
      prev = e.prevHash;
    }
    if (e.prevHash !== prev) return { ok: false, checked, firstBroken: e.seq, reason: 'does not follow the entry before it', gaps };
    if (hashOf(e) !== e.hash) return { ok: false, checked, firstBroken: e.seq, reason: 'its content does not match its hash', gaps };
    prev = e.hash;
    lastSeq = e.seq;
    checked++;
  }
  return { ok: true, checked, firstBroken: null, reason: null, gaps };
}

export const verifyLocalChain = (entries: Iterable<LocalAuditEntry>, from?: string) => verifyChain(entries, (e) => localEntryHash(e.seq, e.prevHash, e), from);
export const verifyCentralChain = (entries: Iterable<CentralAuditEntry>, from?: string, partial = false) => verifyChain(entries, (e) => centralEntryHash(e.seq, e.prevHash, e), from, partial);
