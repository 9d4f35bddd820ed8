import { hash as argonHash, hashRaw as argonHashRaw, verify as argonVerify } from '@node-rs/argon2';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ARGON2ID } from '../../../shared/auth/kdf';
import type { Role } from '../../../shared/auth/roles';
import type { UserAccount } from '../../../shared/auth/schema';
import type { Db } from '../store/database';

type Row = {
  user_id: string; username: string; display_name: string; role: string; version: number; password_hash: string;
  seed_salt: Buffer; seed_iv: Buffer; seed_box: Buffer; last_counter: number; cached_at: number;
};

export type Verifier = { userId: string; username: string; displayName: string; role: Role; version: number; lastStep: number };

/**
 * What lets an officer who signed in on this workstation before sign in while the central
 * is unreachable: their password as an argon2id hash (memory-hard), and their TOTP seed
 * sealed with AES-256-GCM under a key derived from the password (argon2id, its own salt).
 * The seed opens only with the right password, so an offline sign-in still needs both
 * factors, and a copy of the cache gives neither. The cache is encrypted at rest as well.
 * Written at every online sign-in; dropped when the central's account moves on (password,
 * second factor or status changed), so whoever changes them there is obeyed at the next contact.
 */
export function createVerifiers(db: Db, now: () => number = Date.now) {
  const q = {
    get: db.prepare<[string], Row>('SELECT * FROM auth_verifier WHERE username = ?'),
    byId: db.prepare<[string], Row>('SELECT * FROM auth_verifier WHERE user_id = ?'),
    put: db.prepare(
      `INSERT INTO auth_verifier (user_id, username, display_name, role, version, password_hash, seed_salt, seed_iv, seed_box, last_counter, cached_at)
       VALUES (@user_id, @username, @display_name, @role, @version, @password_hash, @seed_salt, @seed_iv, @seed_box, @last_counter, @cached_at)
       ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name, role = excluded.role,
         version = excluded.version, password_hash = excluded.password_hash, seed_salt = excluded.seed_salt, seed_iv = excluded.seed_iv,
         seed_box = excluded.seed_box, last_counter = MAX(auth_verifier.last_counter, excluded.last_counter), cached_at = excluded.cached_at`,
    ),
    drop: db.prepare<[string]>('DELETE FROM auth_verifier WHERE user_id = ?'),
    dropName: db.prepare<[string, string]>('DELETE FROM auth_verifier WHERE username = ? AND user_id <> ?'),
    setStep: db.prepare<[number, string]>('UPDATE auth_verifier SET last_counter = MAX(last_counter, ?) WHERE user_id = ?'),
    all: db.prepare<[], Row>('SELECT * FROM auth_verifier'),
  };
  const toVerifier = (r: Row): Verifier => ({ userId: r.user_id, username: r.username, displayName: r.display_name, role: r.role as Role, version: r.version, lastStep: r.last_counter });
  const sealKey = (password: string, salt: Buffer) => argonHashRaw(password, { ...ARGON2ID, salt, outputLen: 32 });

  return {
    /** After an online sign-in: what an offline one will check. */
    async remember(user: UserAccount, password: string, totpSecret: string, lastStep: number): Promise<void> {
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const [passwordHash, key] = await Promise.all([argonHash(password, ARGON2ID), sealKey(password, salt)]);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(user.id));
      const box = Buffer.concat([c.update(totpSecret, 'utf8'), c.final(), c.getAuthTag()]);
      db.transaction(() => {
        q.dropName.run(user.username, user.id);
        q.put.run({
          user_id: user.id, username: user.username, display_name: user.displayName, role: user.role, version: user.version, password_hash: passwordHash,
          seed_salt: salt, seed_iv: iv, seed_box: box, last_counter: lastStep, cached_at: now(),
        });
      })();
    },
    /** The verifier for a user name, if this workstation has one. */
    find: (username: string): Verifier | null => {
      const r = q.get.get(username);
      return r ? toVerifier(r) : null;
    },
    byUserId: (userId: string): Verifier | null => {
      const r = q.byId.get(userId);
      return r ? toVerifier(r) : null;
    },
    /** The password, checked against the cached hash. */
    async checkPassword(userId: string, password: string): Promise<boolean> {
      const r = q.byId.get(userId);
      return r ? argonVerify(r.password_hash, password).catch(() => false) : false;
    },
    /** The TOTP seed, opened with the password (null: wrong password or a tampered box). */
    async openSeed(userId: string, password: string): Promise<string | null> {
      const r = q.byId.get(userId);
      if (!r) return null;
      try {
        const key = await sealKey(password, r.seed_salt);
        const d = createDecipheriv('aes-256-gcm', key, r.seed_iv);
        d.setAAD(Buffer.from(r.user_id));
        d.setAuthTag(r.seed_box.subarray(r.seed_box.length - 16));
        return Buffer.concat([d.update(r.seed_box.subarray(0, r.seed_box.length - 16)), d.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
    /** A TOTP step used here (offline or online): never accepted again on this workstation. */
    usedStep: (userId: string, step: number): void => void q.setStep.run(step, userId),
    drop: (userId: string): void => void q.drop.run(userId),
    /**
     * Verifiers whose account the central has moved on (disabled, or a newer version: its
     * password, second factor or role changed): dropped; returns the user ids. An account
     * this workstation has not heard of yet keeps its verifier.
     */
    obey(account: (userId: string) => UserAccount | undefined): string[] {
      const dropped: string[] = [];
      for (const r of q.all.all()) {
        const a = account(r.user_id);
        if (a && (a.disabled || a.version !== r.version)) {
          q.drop.run(r.user_id);
          dropped.push(r.user_id);
        }
      }
      return dropped;
    },
  };
}
export type Verifiers = ReturnType<typeof createVerifiers>;
