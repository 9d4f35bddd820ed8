import { createHash, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { WorkstationCredential } from '../../shared/auth/workstation';

/** Workstations allowed to talk to the central (shared/auth/workstation.ts): stored as hashes of their secrets. */
const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Makes the table say exactly what the configuration says (added, changed, removed ones disabled). */
export function syncWorkstations(db: Database.Database, list: readonly WorkstationCredential[]): void {
  db.transaction(() => {
    db.prepare('UPDATE workstation SET disabled = 1').run();
    const put = db.prepare(
      `INSERT INTO workstation (id, secret_hash, name, allow_system, disabled, unit_id) VALUES (?, ?, ?, ?, 0, ?)
       ON CONFLICT (id) DO UPDATE SET secret_hash = excluded.secret_hash, name = excluded.name, allow_system = excluded.allow_system, disabled = 0, unit_id = excluded.unit_id`,
    );
    for (const w of list) {
      if (!/^[A-Za-z0-9._-]{1,64}$/.test(w.id)) throw new Error(`workstation id '${w.id}' must be 1–64 letters, digits, . _ -`);
      if (w.secret.length < 16) throw new Error(`workstation '${w.id}': the secret must be at least 16 characters`);
      put.run(w.id, hashSecret(w.secret), w.name ?? '', w.allowSystem ? 1 : 0, w.unitId ?? null);
    }
  })();
}

/** unitId: its home unit (null: the city's). */
export type Workstation = { id: string; allowSystem: boolean; unitId: string | null };

/** The workstation a request's Authorization header proves, or null. */
export function authenticateWorkstation(db: Database.Database, header: string | undefined): Workstation | null {
  const m = /^Bearer ([A-Za-z0-9._-]{1,64}):(.{16,256})$/.exec(header ?? '');
  if (!m) return null;
  const row = db.prepare('SELECT secret_hash, allow_system, disabled, unit_id FROM workstation WHERE id = ?').get(m[1]!) as
    | { secret_hash: string; allow_system: number; disabled: number; unit_id: string | null }
    | undefined;
  // Compare even when the id is unknown, so timing does not tell which ids exist.
  const expected = Buffer.from(row?.secret_hash ?? '0'.repeat(64), 'hex');
  const given = Buffer.from(hashSecret(m[2]!), 'hex');
  if (!timingSafeEqual(expected, given) || !row || row.disabled) return null;
  return { id: m[1]!, allowSystem: row.allow_system === 1, unitId: row.unit_id };
}
