/**
 * The link to an https central: the reference central serves TLS with a certificate from
 * configuration (and refuses to bind beyond loopback without one); the workstation trusts
 * the division's CA given to it, not the system's list alone, and with a pin refuses any
 * other certificate. The live stream (wss) follows the same trust.
 */
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentralServer, type CentralServer } from '../../../central/server';
import { ensureDemoCity } from '../../../central/test-support';
import { DEMO_WORKSTATION } from '../../../shared/auth/workstation';
import { createBackend } from '../backend';
import { tempDir, testCacheKey, waitFor } from '../test-support';
import { OTHER_TEST_TLS, TEST_CENTRAL_TLS } from '../testing/tls-fixture';
import { createCentralClient } from './central-client';
import { CentralTlsError, centralTlsFromEnv, normalisePin } from './central-tls';

const tmp = tempDir('jb-central-tls-');
let central: CentralServer;
const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

beforeAll(async () => {
  await ensureDemoCity();
  central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tls: TEST_CENTRAL_TLS, simulate: true, tickMs: 200 });
}, 60_000);
afterAll(async () => {
  await central?.close();
  tmp.remove();
});

describe('an https central', () => {
  it('serves https only with its certificate, and never binds beyond loopback in the clear', async () => {
    expect(central.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await expect(createCentralServer({ dbPath: join(tmp.dir, 'open.sqlite'), port: 0, host: '0.0.0.0' })).rejects.toThrow(/beyond loopback\) needs TLS/);
  });

  it('is trusted through the division’s CA, not without it', async () => {
    // Self-signed: the system's list does not know it.
    await expect(createCentralClient(central.url, { timeoutMs: 3000 }).health()).rejects.toMatchObject({ code: 'network' });
    const h = await createCentralClient(central.url, { timeoutMs: 3000, tls: { ca: TEST_CENTRAL_TLS.cert } }).health();
    expect(h.status).toBe('ok');
  });

  it('with a pin, accepts only the pinned certificate, however it is signed', async () => {
    const right = createCentralClient(central.url, { timeoutMs: 3000, workstation: DEMO_WORKSTATION, tls: { ca: TEST_CENTRAL_TLS.cert, pin: fingerprint(TEST_CENTRAL_TLS.cert) } });
    expect((await right.health()).status).toBe('ok');
    // Trusted by its CA, but not the certificate pinned.
    const wrong = createCentralClient(central.url, { timeoutMs: 3000, tls: { ca: TEST_CENTRAL_TLS.cert, pin: fingerprint(OTHER_TEST_TLS.cert) } });
    await expect(wrong.health()).rejects.toThrow(/not the pinned one/);
  });

  it('carries the whole link: pulls and the live positions over wss', async () => {
    const key = testCacheKey();
    const backend = createBackend({
      cacheKey: key,
      dbPath: join(tmp.dir, 'cache.sqlite'),
      centralUrl: central.url,
      baseMapPath: join(tmp.dir, 'none.mbtiles'),
      log: () => {},
      centralTls: { ca: TEST_CENTRAL_TLS.cert, pin: fingerprint(TEST_CENTRAL_TLS.cert) },
    });
    backend.start();
    try {
      await waitFor(() => backend.stats().cursor > 0, 'a first pull over https', 20_000);
      await waitFor(() => backend.stats().positionFrames > 0, 'live positions over wss', 20_000);
      // Connected once the first sync is through (a ledger makes it several pages: positions may come first).
      await waitFor(() => backend.stats().link.state === 'connected', 'connected over https', 20_000);
    } finally {
      await backend.close();
    }
  }, 60_000);
});

describe('the trust from configuration', () => {
  it('reads the CA file and the pin, and refuses what it cannot use', () => {
    const ca = join(tmp.dir, 'ca.pem');
    writeFileSync(ca, TEST_CENTRAL_TLS.cert);
    const notPem = join(tmp.dir, 'ca.txt');
    writeFileSync(notPem, 'not a certificate');
    expect(centralTlsFromEnv({})).toBeUndefined();
    expect(centralTlsFromEnv({ JINGBAO_CENTRAL_CA_FILE: ca, JINGBAO_CENTRAL_PIN: fingerprint(TEST_CENTRAL_TLS.cert) })).toEqual({
      ca: TEST_CENTRAL_TLS.cert,
      pin: fingerprint(TEST_CENTRAL_TLS.cert).replace(/:/g, '').toLowerCase(),
    });
    expect(() => centralTlsFromEnv({ JINGBAO_CENTRAL_CA_FILE: notPem })).toThrow(CentralTlsError);
    expect(() => centralTlsFromEnv({ JINGBAO_CENTRAL_CA_FILE: join(tmp.dir, 'none.pem') })).toThrow(/cannot be read/);
    expect(() => normalisePin('12:34')).toThrow(/not a SHA-256 fingerprint/);
  });
});
