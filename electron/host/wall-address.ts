import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../backend/log';
import { startHost, type HostOptions } from './server';

/**
 * A wall PC keeps one bookmark (`http://<host>:<port>/wall?token=…`) for weeks, so the
 * browser host must come back at the same address after every start: the same port, and
 * the same wall token. Both are kept in the data folder. The token is random per
 * installation (32 bytes), never derived from anything guessable, and admits only the
 * wall page and signs the wall in as the read-only wall viewer (server.ts, auth/service.ts);
 * officers sign in by their own accounts.
 */

export const WALL_ADDRESS_FILE = 'wall-address.json';
/** The board's port when none is set or remembered. */
export const DEFAULT_HOST_PORT = 5180;

const wallTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
export const wallAddressSchema = z.strictObject({
  /** The port the host last listened on; null before the first start. */
  port: z.number().int().min(1).max(65535).nullable(),
  wallToken: wallTokenSchema,
});
export type WallAddress = z.infer<typeof wallAddressSchema>;

export function newWallToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The kept address, or a new one (a new token, no port) on the first start. A file that
 * is unreadable, not JSON or not ours is replaced: the wall then needs its new URL once,
 * which the log says.
 */
export function readWallAddress(dataDir: string, log: Logger): WallAddress {
  const file = join(dataDir, WALL_ADDRESS_FILE);
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log('warn', 'host.wall_address_unreadable', { message: (e as Error).message });
  }
  if (text !== null) {
    try {
      const parsed = wallAddressSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: replaced below
    }
    log('warn', 'host.wall_address_invalid', { file });
  }
  const fresh: WallAddress = { port: null, wallToken: newWallToken() };
  writeWallAddress(dataDir, fresh);
  return fresh;
}

/** Written to a temporary file and renamed (a power cut never leaves half a token), readable by its owner only. */
export function writeWallAddress(dataDir: string, address: WallAddress): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, WALL_ADDRESS_FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(wallAddressSchema.parse(address)), { mode: 0o600 });
  renameSync(tmp, file);
}

export type KeptAddressOptions = Omit<HostOptions, 'wallToken' | 'port' | 'portFallback'> & {
  dataDir: string;
  /** Set by the administrator (--port, JINGBAO_HOST_PORT): tried first, and not replaced in the file. */
  port?: number;
  /** The first start's port when none is set (tests give 0: any free one). */
  defaultPort?: number;
};

/**
 * Starts the browser host at the address the wall knows: the port set, else the one used
 * last time, else 5180; when that port is taken, one the system gives, which is then
 * remembered (and logged, since the wall needs the new URL once).
 */
export async function startHostAtKeptAddress(opts: KeptAddressOptions) {
  const { dataDir, port: setPort, defaultPort, ...hostOpts } = opts;
  const kept = readWallAddress(dataDir, opts.log);
  const preferred = setPort ?? kept.port ?? defaultPort ?? DEFAULT_HOST_PORT;
  const host = await startHost({ ...hostOpts, dataDir, port: preferred, portFallback: true, wallToken: kept.wallToken });
  if (host.port !== preferred) opts.log('warn', 'host.wall_address_changed', { preferred, port: host.port });
  if (setPort === undefined && host.port !== kept.port) writeWallAddress(dataDir, { ...kept, port: host.port });
  return host;
}
