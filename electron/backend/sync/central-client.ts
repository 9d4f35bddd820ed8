import type { z } from 'zod';
import { changesPageSchema, healthSchema, type ChangesPage, type Health } from '../../../shared/central-api';
import { describeIssues } from '../../../shared/board-api';

/** Why a call to the central failed: the link (retry later) or the payload (log, keep the cache). */
export class CentralError extends Error {
  constructor(
    readonly code: 'network' | 'timeout' | 'http' | 'malformed',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CentralError';
  }
}

/** Largest body we accept from the central; a hostile or broken server must not exhaust memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export function createCentralClient(baseUrl: string, timeoutMs = 10_000) {
  const base = baseUrl.replace(/\/+$/, '');

  async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    let res: Response;
    try {
      res = await fetch(base + path, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new CentralError('timeout', `GET ${path}: no answer in ${timeoutMs} ms`);
      throw new CentralError('network', `GET ${path}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
    }
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) throw new CentralError('malformed', `GET ${path}: body of ${length} bytes is over the limit`);
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new CentralError('network', `GET ${path}: body cut off: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!res.ok) throw new CentralError('http', `GET ${path}: HTTP ${res.status}: ${text.slice(0, 200)}`, res.status);
    if (text.length > MAX_BODY_BYTES) throw new CentralError('malformed', `GET ${path}: body over the limit`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CentralError('malformed', `GET ${path}: body is not JSON (${text.length} bytes, starts ${JSON.stringify(text.slice(0, 40))})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CentralError('malformed', `GET ${path}: ${describeIssues(parsed.error)}`);
    return parsed.data;
  }

  return {
    baseUrl: base,
    liveUrl: base.replace(/^http/, 'ws') + '/live',
    health: (): Promise<Health> => getJson('/health', healthSchema),
    changes: (since: number, limit: number): Promise<ChangesPage> => getJson(`/changes?since=${since}&limit=${limit}`, changesPageSchema),
  };
}
export type CentralClient = ReturnType<typeof createCentralClient>;
