import { describe, expect, it } from 'vitest';
import { checkTotp, newTotpSecret, totpCode, totpStep, totpUri } from './totp';

describe('TOTP', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const at = 1_764_000_000_000;

  it('matches RFC 6238 (SHA-1 vector at 59 s: 287082)', () => {
    // RFC 6238 appendix B, 8-digit 94287082 → the 6-digit code is its last six digits.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
    expect(totpCode(rfcSecret, 59_000)).toBe('287082');
    expect(totpStep(rfcSecret, '287082', 59_000)).toBe(1);
  });

  it('takes a code one step either side, refuses a wrong one and a replayed one', () => {
    const code = totpCode(secret, at);
    const step = Math.floor(at / 30_000);
    expect(checkTotp(secret, code, 0, at)).toEqual({ ok: true, step });
    expect(checkTotp(secret, code, 0, at + 30_000)).toEqual({ ok: true, step });
    expect(checkTotp(secret, code, 0, at + 90_000)).toEqual({ ok: false, code: 'bad_credentials' });
    expect(checkTotp(secret, code, step, at)).toEqual({ ok: false, code: 'code_replayed' });
    expect(checkTotp(secret, '12345', 0, at)).toEqual({ ok: false, code: 'bad_credentials' });
  });

  it('makes distinct secrets and a scannable URI', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
    expect(totpUri(a, 'duty01')).toMatch(/^otpauth:\/\/totp\/.*duty01\?.*secret=[A-Z2-7]+.*period=30/);
  });
});
