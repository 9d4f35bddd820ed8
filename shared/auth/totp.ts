import { Secret, TOTP } from 'otpauth';

/**
 * Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30 s), as every phone
 * authenticator makes them. A code is good for the step it belongs to and one step either
 * side (clock drift); each step is good once per account (a code seen over a shoulder or
 * replayed from a log is refused).
 */
export const TOTP_PERIOD_S = 30;
const ISSUER = '警保指挥台 Jingbao';

const totp = (secretBase32: string, label = 'user') => new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_S });

/** A new random secret (160 bits), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans (the enrolment QR code). */
export function totpUri(secretBase32: string, username: string): string {
  return totp(secretBase32, username).toString();
}

/** The code for `at` (tests, the demo). */
export function totpCode(secretBase32: string, at = Date.now()): string {
  return totp(secretBase32).generate({ timestamp: at });
}

/**
 * The time step a code belongs to (within one step of `at`), or null when it is wrong.
 * The caller refuses a step not newer than the last one accepted for the account.
 */
export function totpStep(secretBase32: string, code: string, at = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: at, window: 1 });
  return delta === null ? null : Math.floor(at / 1000 / TOTP_PERIOD_S) + delta;
}

export type SecondFactorVerdict = { ok: true; step: number } | { ok: false; code: 'bad_credentials' | 'code_replayed' };

/** Checks a TOTP code against the last step used: a wrong code, a replayed one, or the new step. */
export function checkTotp(secretBase32: string, code: string, lastStep: number, at = Date.now()): SecondFactorVerdict {
  const step = totpStep(secretBase32, code, at);
  if (step === null) return { ok: false, code: 'bad_credentials' };
  if (step <= lastStep) return { ok: false, code: 'code_replayed' };
  return { ok: true, step };
}
