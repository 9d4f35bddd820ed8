import type { z } from 'zod';
import {
  CENTRAL_HEADER,
  centralRefusalSchema,
  chainsResultSchema,
  changesPageSchema,
  commandBatchResultSchema,
  digestSchema,
  healthSchema,
  KNOWN_HEADER,
  REWIND_CODES,
  snapshotSchema,
  type ChangesPage,
  type Command,
  type CommandResult,
  type Digest,
  type Health,
  type ReplicaTable,
  type TableSnapshot,
  auditUploadResultSchema,
  centralEnrolResultSchema,
  centralLoginResultSchema,
  SESSION_HEADER,
  OFFICER_HEADER,
  userChangeResultSchema,
  usersResultSchema,
  unitChangeResultSchema,
  unitsResultSchema,
  type CentralErrorBody,
  type CentralLoginResult,
  type UnitChange,
  type UserChange,
} from '../../../shared/central-api';
import type { TreeProblem } from '../../../shared/scope/tree';
import { describeIssues } from '../../../shared/board-api';
import type { LocalAuditEntry } from '../../../shared/audit/schema';
import { workstationAuthorization, type WorkstationCredential } from '../../../shared/auth/workstation';
import { centralFetch, tlsConnectOptions, type CentralTls } from './central-tls';

/** The newest point of the central's history this client has seen (sent as a precondition). */
export type KnownPoint = { seq: number; chain: string };

export type CentralErrorCode = 'network' | 'timeout' | 'http' | 'malformed' | 'aborted';

/**
 * Why a call to the central failed. The distinction that matters for exactly-once is
 * `fromCentral`: only an answer the central itself made (its header, its JSON error with
 * a code) says what happened. Anything else (a reset, a timeout, a proxy's page, HTML
 * with 200, a truncated body) leaves the outcome of a POST unknown.
 */
export class CentralError extends Error {
  constructor(
    readonly code: CentralErrorCode,
    message: string,
    readonly status?: number,
    /** From a 429/503 Retry-After header, already bounded (see `retryAfter`). */
    readonly retryAfterMs?: number,
    /** The central's own error code, present only when the central itself answered. */
    readonly centralCode?: string,
    /** What was wrong with Retry-After, when it was there and unusable or out of bounds. */
    readonly retryAfterProblem?: string,
    /** A change to the command tree refused (`bad_tree`): what is wrong with the tree it would make. */
    readonly problems?: readonly TreeProblem[],
  ) {
    super(message);
    this.name = 'CentralError';
  }
  /** The central itself answered with a well-formed error. */
  get fromCentral(): boolean {
    return this.centralCode !== undefined;
  }
  /** The central says this client's view of its history is not its own: re-synchronise first. */
  get rewind(): boolean {
    return this.status === 409 && (REWIND_CODES as readonly string[]).includes(this.centralCode ?? '');
  }
  /** Worth retrying: the link or the server's load, not our request. */
  get transient(): boolean {
    if (this.code === 'http' && this.fromCentral) return this.status === undefined || this.status >= 500 || this.status === 429 || this.status === 408;
    return true;
  }
  /**
   * For a POST: the request may have reached the central and been applied. False only
   * when it certainly was not: nothing connected, or the central itself refused it.
   */
  get outcomeUnknown(): boolean {
    if (this.fromCentral) return false;
    if (this.code === 'network') return !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|circuit open|link cut/.test(this.message);
    return true;
  }
}

/** Longest wait a Retry-After may impose: the outbox must not sit idle for an hour on a typo. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Reads Retry-After (seconds or an HTTP date), bounded to 0..MAX_RETRY_AFTER_MS; garbage is ignored and said. */
export function retryAfter(header: string | null, now = Date.now()): { ms?: number; problem?: string } {
  if (header === null || header.trim() === '') return {};
  const h = header.trim();
  let ms: number;
  if (/^-?\d+(\.\d+)?$/.test(h)) ms = Number(h) * 1000;
  else {
    const at = Date.parse(h);
    if (!Number.isFinite(at)) return { problem: `Retry-After ${JSON.stringify(h.slice(0, 40))} is neither seconds nor a date: ignored` };
    ms = at - now;
  }
  if (!Number.isFinite(ms)) return { problem: 'Retry-After is not a finite time: ignored' };
  if (ms < 0) return { ms: 0, problem: `Retry-After ${JSON.stringify(h.slice(0, 40))} is in the past: not waited for` };
  if (ms > MAX_RETRY_AFTER_MS) return { ms: MAX_RETRY_AFTER_MS, problem: `Retry-After of ${Math.round(ms / 1000)} s capped at ${MAX_RETRY_AFTER_MS / 1000} s` };
  return { ms };
}

/** Largest body we accept from the central; a hostile or broken server must not exhaust memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export type CentralClientOptions = {
  timeoutMs?: number;
  /** The newest history point this client has seen, sent on pulls and pushes. */
  known?: () => KnownPoint | null;
  /** Aborts requests in flight (the endpoint was switched away from). */
  signal?: () => AbortSignal | undefined;
  /** This workstation's credential: every request but /health carries it. */
  workstation?: Pick<WorkstationCredential, 'id' | 'secret'>;
  /** Trust for an https central: the division's CA, the pinned certificate (central-tls.ts). */
  tls?: CentralTls;
  /** The officer whose scope this cache holds (OFFICER_HEADER), on every request and the live stream. */
  officer?: () => string | null;
};

export function createCentralClient(baseUrl: string, options: CentralClientOptions | number = {}) {
  const opts: CentralClientOptions = typeof options === 'number' ? { timeoutMs: options } : options;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const fetch = centralFetch(opts.tls);
  const base = baseUrl.replace(/\/+$/, '');

  async function requestJson<T>(
    path: string,
    schema: z.ZodType<T>,
    init: { method?: 'GET' | 'POST'; body?: string; known?: true | KnownPoint; session?: string } = {},
  ): Promise<T> {
    const what = `${init.method ?? 'GET'} ${path.split('?')[0]}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.workstation) headers.authorization = workstationAuthorization(opts.workstation);
    if (init.session) headers[SESSION_HEADER] = init.session;
    const officer = opts.officer?.();
    if (officer) headers[OFFICER_HEADER] = officer;
    if (init.body) headers['content-type'] = 'application/json';
    const known = init.known === true ? opts.known?.() : init.known;
    if (known) headers[KNOWN_HEADER] = `${known.seq}:${known.chain}`;
    const outer = opts.signal?.();
    // One deadline for the whole exchange, body included: an answer that drips is as dead as none.
    const signal = outer ? AbortSignal.any([AbortSignal.timeout(timeoutMs), outer]) : AbortSignal.timeout(timeoutMs);
    const failed = (e: unknown): CentralError => {
      if (outer?.aborted) return new CentralError('aborted', `${what}: abandoned (endpoint switched)`);
      const name = e instanceof Error ? e.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return new CentralError('timeout', `${what}: no complete answer in ${timeoutMs} ms`);
      const cause = e instanceof Error && e.cause instanceof Error ? `${e.cause.message}${'code' in e.cause ? ` (${String(e.cause.code)})` : ''}` : e instanceof Error ? e.message : String(e);
      return new CentralError('network', `${what}: ${cause}`);
    };
    let res: Response;
    try {
      res = await fetch(base + path, { method: init.method ?? 'GET', signal, headers, ...(init.body ? { body: init.body } : {}) });
    } catch (e) {
      throw failed(e);
    }
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) {
      void res.body?.cancel();
      throw new CentralError('malformed', `${what}: body of ${length} bytes is over the limit`, res.status);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      const err = failed(e);
      throw err.code === 'network' ? new CentralError('network', `${what}: body cut off: ${err.message}`) : err;
    }
    const fromCentral = res.headers.get(CENTRAL_HEADER) === '1';
    if (!res.ok) {
      let body: CentralErrorBody | undefined;
      if (fromCentral) {
        try {
          body = centralRefusalSchema.parse(JSON.parse(text));
        } catch {
          body = undefined;
        }
      }
      const centralCode = body?.code;
      const ra = res.status === 429 || res.status === 503 ? retryAfter(res.headers.get('retry-after')) : {};
      const who = centralCode ? `central ${centralCode}` : 'not the central’s answer';
      throw new CentralError('http', `${what}: HTTP ${res.status} (${who}): ${text.slice(0, 200)}`, res.status, ra.ms, centralCode, ra.problem, body?.problems);
    }
    if (text.length > MAX_BODY_BYTES) throw new CentralError('malformed', `${what}: body over the limit`, res.status);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CentralError('malformed', `${what}: answer is not JSON (${text.length} bytes, starts ${JSON.stringify(text.slice(0, 40))})`, res.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CentralError('malformed', `${what}: ${describeIssues(parsed.error)}`, res.status);
    return parsed.data;
  }

  return {
    baseUrl: base,
    liveUrl: base.replace(/^http/, 'ws') + '/live',
    /** Headers the live WebSocket's upgrade carries (the workstation's credential). */
    /** What the live stream's TLS connection trusts (the same as the requests'). */
    liveTls: opts.tls && (opts.tls.ca || opts.tls.pin) ? tlsConnectOptions(opts.tls) : {},
    liveHeaders: (): Record<string, string> => {
      const officer = opts.officer?.();
      return { ...(opts.workstation ? { authorization: workstationAuthorization(opts.workstation) } : {}), ...(officer ? { [OFFICER_HEADER]: officer } : {}) };
    },
    /** Signs an officer in at the central (the authority for users): a session, or an enrolment to finish. */
    login: (arg: { username: string; password: string; code: string }): Promise<CentralLoginResult> =>
      requestJson('/auth/login', centralLoginResultSchema, { method: 'POST', body: JSON.stringify(arg) }),
    enrol: (arg: { token: string; code: string }) => requestJson('/auth/enrol', centralEnrolResultSchema, { method: 'POST', body: JSON.stringify(arg) }),
    users: (session: string) => requestJson('/users', usersResultSchema, { session }),
    changeUser: (session: string, change: UserChange) => requestJson('/users', userChangeResultSchema, { method: 'POST', body: JSON.stringify(change), session }),
    /** The command tree, and an administrator's change to it (central/scope/units-admin.ts). */
    units: (session: string) => requestJson('/units', unitsResultSchema, { session }),
    changeUnits: (session: string, change: UnitChange) => requestJson('/units', unitChangeResultSchema, { method: 'POST', body: JSON.stringify(change), session }),
    uploadAudit: (entries: readonly LocalAuditEntry[]) => requestJson('/audit', auditUploadResultSchema, { method: 'POST', body: JSON.stringify({ entries }) }),
    health: (): Promise<Health> => requestJson('/health', healthSchema),
    changes: (since: number, limit: number): Promise<ChangesPage> => requestJson(`/changes?since=${since}&limit=${limit}`, changesPageSchema, { known: true }),
    digest: (): Promise<Digest> => requestJson('/digest', digestSchema),
    snapshot: async (table: ReplicaTable): Promise<TableSnapshot> => {
      const snap = await requestJson(`/snapshot?table=${table}`, snapshotSchema);
      if (snap.table !== table) throw new CentralError('malformed', `GET /snapshot: asked for ${table}, got ${snap.table}`);
      return snap;
    },
    /**
     * The central's chain at each seq (null where it holds no such change); with `known`,
     * refused (409) unless that point is in the central's history.
     */
    chains: async (at: readonly number[], known?: KnownPoint): Promise<(string | null)[]> => {
      const { chains } = await requestJson('/chains', chainsResultSchema, { method: 'POST', body: JSON.stringify({ at }), ...(known ? { known } : {}) });
      if (chains.length !== at.length) throw new CentralError('malformed', `POST /chains: ${chains.length} answers for ${at.length} seqs`);
      return chains;
    },
    /**
     * Commands in one request (the batch form, even for one), applied in order with one
     * answer each, in the same order; refused whole (409) if this client's known point is
     * not in the central's history.
     */
    sendCommands: async (cmds: readonly Command[]): Promise<CommandResult[]> => {
      const { results } = await requestJson('/commands', commandBatchResultSchema, { method: 'POST', body: JSON.stringify({ commands: cmds }), known: true });
      if (results.length !== cmds.length || results.some((r, i) => r.id !== cmds[i]!.id)) {
        throw new CentralError('malformed', `POST /commands: ${results.length} answers for ${cmds.length} commands, or out of order`);
      }
      return results;
    },
  };
}
export type CentralClient = ReturnType<typeof createCentralClient>;
