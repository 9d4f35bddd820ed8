import { readFileSync } from 'node:fs';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { Agent, fetch as tlsFetch } from 'undici';

/**
 * How this workstation trusts the central over TLS: the division's own certificate
 * authority (a PEM file: an intranet CA is not in the system's list) and, optionally, the
 * central's certificate pinned by its SHA-256 fingerprint, refused however well it is
 * signed if it is any other. The host name is checked as usual either way.
 */
export type CentralTls = { ca?: string | Buffer; pin?: string };

/** Why a TLS setting cannot be used: said at start, and the board does not start. */
export class CentralTlsError extends Error {}

/** "AB:CD:…" or "abcd…" (64 hex digits, as `openssl x509 -fingerprint -sha256` prints it) → "abcd…". */
export function normalisePin(pin: string): string {
  const hex = pin.replace(/^sha256[/:=]?/i, '').replace(/[:\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new CentralTlsError(`the central's pin '${pin.slice(0, 100)}' is not a SHA-256 fingerprint (64 hex digits, colons allowed)`);
  return hex;
}

/** Options for tls.connect (undici's connector, the live stream's WebSocket): the CA, and the pin checked after the usual identity check. */
export function tlsConnectOptions(t: CentralTls): { ca?: string | Buffer; checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined } {
  const pin = t.pin ? normalisePin(t.pin) : null;
  return {
    ...(t.ca ? { ca: t.ca } : {}),
    checkServerIdentity(host, cert) {
      const wrongName = checkServerIdentity(host, cert);
      if (wrongName) return wrongName;
      if (pin && cert.fingerprint256.replace(/:/g, '').toLowerCase() !== pin) {
        return new Error(`the central's certificate (${cert.fingerprint256}) is not the pinned one`);
      }
      return undefined;
    },
  };
}

/** One fetch (one connection pool) per trust: the health probe makes a client every second. */
const fetchers = new WeakMap<CentralTls, typeof fetch>();

/** The fetch the central client uses: the platform's, or one that trusts the configured CA and checks the pin. */
export function centralFetch(t: CentralTls | undefined): typeof fetch {
  if (!t || (!t.ca && !t.pin)) return fetch;
  let f = fetchers.get(t);
  if (!f) {
    const dispatcher = new Agent({ connect: tlsConnectOptions(t) });
    f = ((input: string, init?: RequestInit) => tlsFetch(input, { ...(init as object), dispatcher } as Parameters<typeof tlsFetch>[1])) as unknown as typeof fetch;
    fetchers.set(t, f);
  }
  return f;
}

/**
 * The central's TLS trust as the administrator configured it: JINGBAO_CENTRAL_CA_FILE (the
 * division's CA, PEM) and JINGBAO_CENTRAL_PIN (the central's certificate's SHA-256
 * fingerprint). Neither: the system's CAs. A CA file that is missing or not PEM stops the start.
 */
export function centralTlsFromEnv(env: NodeJS.ProcessEnv): CentralTls | undefined {
  const file = env.JINGBAO_CENTRAL_CA_FILE;
  const pin = env.JINGBAO_CENTRAL_PIN;
  if (!file && !pin) return undefined;
  let ca: string | undefined;
  if (file) {
    try {
      ca = readFileSync(file, 'utf8');
    } catch (e) {
      throw new CentralTlsError(`JINGBAO_CENTRAL_CA_FILE ${file} cannot be read: ${(e as Error).message}`);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new CentralTlsError(`JINGBAO_CENTRAL_CA_FILE ${file} holds no PEM certificate`);
  }
  return { ...(ca ? { ca } : {}), ...(pin ? { pin: normalisePin(pin) } : {}) };
}
