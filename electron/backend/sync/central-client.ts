import type { z } from 'zod';
import {
  centralErrorSchema,
  changesPageSchema,
  commandBatchResultSchema,
  commandResultSchema,
  digestSchema,
  healthSchema,
  snapshotSchema,
  type Digest,
  type ReplicaTable,
  type TableSnapshot,
  type ChangesPage,
  type Command,
  type CommandResult,
  type Health,
} from '../../../shared/central-api';
import { describeIssues } from '../../../shared/board-api';

/** Why a call to the central failed: the link (retry later) or the payload (log, keep the cache). */
export class CentralError extends Error {
  constructor(
    readonly code: 'network' | 'timeout' | 'http' | 'malformed',
    message: string,
    readonly status?: number,
    /** From a 429/503 Retry-After header. */
    readonly retryAfterMs?: number,
    /** The central's own error code, when it sent one. */
    readonly centralCode?: string,
  ) {
    super(message);
    this.name = 'CentralError';
  }
  /** Worth retrying: the link or the server's load, not our request. */
  get transient(): boolean {
    return this.code !== 'malformed' && !(this.code === 'http' && this.status !== undefined && this.status < 500 && this.status !== 429 && this.status !== 408);
  }
}

function retryAfterMs(res: Response): number | undefined {
  const h = res.headers.get('retry-after');
  if (!h) return undefined;
  const secs = Number(h);
  if (Number.isFinite(secs)) return Math.min(Math.max(0, secs * 1000), 5 * 60_000);
  const at = Date.parse(h);
  return Number.isFinite(at) ? Math.min(Math.max(0, at - Date.now()), 5 * 60_000) : undefined;
}

/** Largest body we accept from the central; a hostile or broken server must not exhaust memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export function createCentralClient(baseUrl: string, timeoutMs = 10_000) {
  const base = baseUrl.replace(/\/+$/, '');

  async function requestJson<T>(path: string, schema: z.ZodType<T>, init: { method?: 'GET' | 'POST'; body?: string } = {}): Promise<T> {
    const what = `${init.method ?? 'GET'} ${path}`;
    let res: Response;
    try {
      res = await fetch(base + path, {
        method: init.method ?? 'GET',
        signal: AbortSignal.timeout(timeoutMs),
        headers: init.body ? { accept: 'application/json', 'content-type': 'application/json' } : { accept: 'application/json' },
        ...(init.body ? { body: init.body } : {}),
      });
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new CentralError('timeout', `${what}: no answer in ${timeoutMs} ms`);
      throw new CentralError('network', `${what}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
    }
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) throw new CentralError('malformed', `${what}: body of ${length} bytes is over the limit`);
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new CentralError('network', `${what}: body cut off: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!res.ok) {
      let centralCode: string | undefined;
      try {
        centralCode = centralErrorSchema.parse(JSON.parse(text)).code;
      } catch {
        centralCode = undefined;
      }
      throw new CentralError('http', `${what}: HTTP ${res.status}: ${text.slice(0, 200)}`, res.status, retryAfterMs(res), centralCode);
    }
    if (text.length > MAX_BODY_BYTES) throw new CentralError('malformed', `${what}: body over the limit`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CentralError('malformed', `${what}: body is not JSON (${text.length} bytes, starts ${JSON.stringify(text.slice(0, 40))})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CentralError('malformed', `${what}: ${describeIssues(parsed.error)}`);
    return parsed.data;
  }

  return {
    baseUrl: base,
    liveUrl: base.replace(/^http/, 'ws') + '/live',
    health: (): Promise<Health> => requestJson('/health', healthSchema),
    changes: (since: number, limit: number): Promise<ChangesPage> => requestJson(`/changes?since=${since}&limit=${limit}`, changesPageSchema),
    digest: (): Promise<Digest> => requestJson('/digest', digestSchema),
    snapshot: async (table: ReplicaTable): Promise<TableSnapshot> => {
      const snap = await requestJson(`/snapshot?table=${table}`, snapshotSchema);
      if (snap.table !== table) throw new CentralError('malformed', `GET /snapshot: asked for ${table}, got ${snap.table}`);
      return snap;
    },
    /** Several commands in one request, applied in order; one answer each, in the same order. */
    sendCommands: async (cmds: readonly Command[]): Promise<CommandResult[]> => {
      const { results } = await requestJson('/commands', commandBatchResultSchema, { method: 'POST', body: JSON.stringify({ commands: cmds }) });
      if (results.length !== cmds.length || results.some((r, i) => r.id !== cmds[i]!.id)) {
        throw new CentralError('malformed', `POST /commands: ${results.length} answers for ${cmds.length} commands, or out of order`);
      }
      return results;
    },
    sendCommand: async (cmd: Command): Promise<CommandResult> => {
      const result = await requestJson('/commands', commandResultSchema, { method: 'POST', body: JSON.stringify(cmd) });
      if (result.id !== cmd.id) throw new CentralError('malformed', `POST /commands: answer for ${result.id}, sent ${cmd.id}`);
      return result;
    },
  };
}
export type CentralClient = ReturnType<typeof createCentralClient>;
