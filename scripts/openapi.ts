/**
 * Writes central/openapi.json, the central API's OpenAPI document, from the zod
 * schemas in shared/central-api.ts (the single source of truth). A test checks the
 * committed file is current: run `npx tsx scripts/openapi.ts` after changing them.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  CENTRAL_HEADER,
  centralErrorSchema,
  centralRefusalSchema,
  chainsRequestSchema,
  chainsResultSchema,
  changesPageSchema,
  CHANGES_MAX_LIMIT,
  KNOWN_HEADER,
  OFFICER_HEADER,
  REPLICA_TABLES,
  commandBatchResultSchema,
  commandBatchSchema,
  commandResultSchema,
  commandSchema,
  digestSchema,
  healthSchema,
  snapshotSchema,
  liveMessageSchema,
  SESSION_HEADER,
  auditUploadResultSchema,
  auditUploadSchema,
  centralEnrolRequestSchema,
  centralEnrolResultSchema,
  centralLoginRequestSchema,
  centralLoginResultSchema,
  userChangeResultSchema,
  userChangeSchema,
  usersResultSchema,
  unitChangeResultSchema,
  unitChangeSchema,
  unitsResultSchema,
} from '../shared/central-api';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' });
const json = (s: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema: schema(s) } } });
const error = (description: string) => json(centralErrorSchema, description);

const known = {
  name: KNOWN_HEADER,
  in: 'header',
  required: false,
  schema: { type: 'string', pattern: '^\\d{1,16}:[0-9a-f]{16}$' },
  description:
    'The newest point of this central\'s history the client has seen, `<seq>:<chain>`. The central refuses (409) to serve or apply anything for a client whose point it does not hold: cursor_ahead (it ends before seq), history_diverged (its chain at seq differs), cursor_expired (seq was compacted).',
};
const officer = {
  name: OFFICER_HEADER,
  in: 'header',
  required: false,
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,64}$' },
  description:
    'Multi-level command: the user id of the officer whose scope the workstation\'s cache holds. The answer is that officer\'s unit\'s scope (its subtree, and the supply sites of its county it may draw from); without it, or for an id this central does not know, the workstation\'s own unit\'s (the city\'s when it has none). Every page, snapshot and digest names the scope it was served for (`scope`).',
};
const centralHeader = {
  [CENTRAL_HEADER]: { description: 'Set on every answer the central makes itself. A gateway\'s own error page lacks it: clients treat such answers as "outcome unknown", never as a refusal.', schema: { type: 'string', enum: ['1'] } },
};
const ok = (s: z.ZodType, description: string) => ({ ...json(s, description), headers: centralHeader });
const session = {
  name: SESSION_HEADER,
  in: 'header',
  required: true,
  schema: { type: 'string', minLength: 32, maxLength: 128 },
  description: 'An administrator\'s central session (the token POST /auth/login or /auth/enrol gave), from the workstation it was given to.',
};
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });
/** Every path but /health: the workstation's credential is checked before anything else. */
const unauthenticated = error('The workstation is not known here (unauthenticated): its id and secret are missing or wrong');
const signInRefusals = {
  '400': error('Malformed request'),
  '401': error('Wrong user name, password or code (bad_credentials), a code used before (code_replayed), or an unknown workstation (unauthenticated)'),
  '403': error('The account is disabled (account_disabled)'),
  '429': error('Too many failed tries (rate_limited): wait the Retry-After seconds'),
};
const history409 = error('The client\'s known point is not in this central\'s history (cursor_ahead, history_diverged, cursor_expired): re-synchronise from /snapshot, find the fork with /chains, re-send what was lost');

export function openApiDocument() {
  const doc = {
    openapi: '3.1.0',
    info: {
      title: '警保云 central API (Jingbao Command)',
      version: '2',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      description:
        'Change feed with a cursor and a hash chain, idempotent commands, health, and a WebSocket live stream at /live: text frames are LiveMessage JSON, binary frames are position batches (shared/positions-codec.ts: 24-byte header u32 magic "JBP2", u32 count, f64 time, u32 stream seq, u32 reserved; 20-byte records u32 vehicleNo, f32 lon, f32 lat, f32 heading, f32 speed km/h; little-endian). Receivers order frames by the stream seq, never by the time, which is the sender\'s clock.',
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'The reference central on loopback (npm start)' }],
    // Every workstation has its own id and secret (central --workstations FILE); only /health is open.
    security: [{ workstation: [] }],
    paths: {
      '/health': {
        get: {
          operationId: 'getHealth',
          security: [],
          summary: 'Health, clock and newest cursor',
          responses: { '200': ok(healthSchema, 'Server health, its clock, its latest cursor and its command body limit'), '405': error('Method not allowed') },
        },
      },
      '/changes': {
        get: {
          operationId: 'getChanges',
          summary: 'Ordered changes after a cursor',
          parameters: [
            { name: 'since', in: 'query', required: false, schema: { type: 'integer', minimum: 0 }, description: 'Cursor: changes with seq greater than this' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: CHANGES_MAX_LIMIT } },
            known,
            officer,
          ],
          responses: {
            '200': ok(changesPageSchema, 'Ordered changes of the caller\'s scope (a delete for a row that left it), the next cursor and the chain at it; `filtered` counts the changes passed over'),
            '400': error('Bad query'),
            '409': history409,
          },
        },
      },
      '/chains': {
        post: {
          operationId: 'postChains',
          summary: 'The chain at each of several seqs',
          description:
            'Where two histories part: the newest seq whose chain equals the client\'s is the last point both share. Null where this central holds no change at that seq. With the known point (the newest snapshot the client took), it proves the snapshots and the answer are of one history.',
          parameters: [known],
          requestBody: body(chainsRequestSchema),
          responses: { '200': ok(chainsResultSchema, 'One chain (or null) per seq, in order'), '400': error('Bad request'), '409': history409, '413': error('Body too large') },
        },
      },
      '/digest': {
        get: {
          operationId: 'getDigest',
          summary: 'Per-table digests for reconciliation',
          parameters: [officer],
          responses: { '200': ok(digestSchema, "Per-table digests and each table's newest change seq, for reconciliation"), '405': error('Method not allowed') },
        },
      },
      '/snapshot': {
        get: {
          operationId: 'getSnapshot',
          summary: 'Every row of one table',
          parameters: [{ name: 'table', in: 'query', required: true, schema: { type: 'string', enum: [...REPLICA_TABLES] } }, officer],
          responses: { '200': ok(snapshotSchema, 'Every row of one table at a cursor, with the chain at it and the table\'s newest seq'), '400': error('Unknown table') },
        },
      },
      '/commands': {
        post: {
          operationId: 'postCommands',
          summary: 'Apply officers\' commands, at most once each',
          parameters: [known],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { oneOf: [schema(commandSchema), schema(commandBatchSchema)] } } },
          },
          responses: {
            '200': {
              description: 'Applied or rejected (one command), or one answer each in order (a batch); the same id answers the same result again',
              headers: centralHeader,
              content: { 'application/json': { schema: { oneOf: [schema(commandResultSchema), schema(commandBatchResultSchema)] } } },
            },
            '400': error('Malformed command: a refusal for good'),
            '409': error('The id was used before with a different payload (idempotency_conflict), or the known point is not in this history (cursor_ahead, history_diverged, cursor_expired: nothing was applied)'),
            '413': error('Body too large: send fewer commands at once'),
          },
        },
      },
      '/auth/login': {
        post: {
          operationId: 'postLogin',
          summary: 'Sign an officer in: password and second factor',
          description: 'User name, password and a TOTP or recovery code. An account without a second factor yet gets an enrolment (secret, otpauth URI, a one-time token) instead of a session.',
          requestBody: body(centralLoginRequestSchema),
          responses: { '200': ok(centralLoginResultSchema, 'Signed in (the account, its TOTP seed for the workstation\'s offline verifier, a central session), or an enrolment to finish'), ...signInRefusals },
        },
      },
      '/auth/enrol': {
        post: {
          operationId: 'postEnrol',
          summary: 'Finish enrolling the second factor',
          requestBody: body(centralEnrolRequestSchema),
          responses: {
            '200': ok(centralEnrolResultSchema, 'Enrolled: the account, its TOTP seed, a central session and the one-time recovery codes'),
            ...signInRefusals,
            '410': error('The enrolment token is unknown, used or older than ten minutes (enrolment_expired)'),
          },
        },
      },
      '/users': {
        get: {
          operationId: 'getUsers',
          summary: 'Every account (administrators)',
          parameters: [session],
          responses: { '200': ok(usersResultSchema, 'The accounts, without secrets'), '401': error('No valid session, or an unknown workstation (unauthenticated)'), '403': error('The session\'s user is not an administrator (forbidden)') },
        },
        post: {
          operationId: 'postUser',
          summary: 'Create an account, change its role or password, disable it, reset its second factor (administrators)',
          parameters: [session],
          requestBody: body(userChangeSchema),
          responses: {
            '200': ok(userChangeResultSchema, 'The account after the change, and before it (for the audit log)'),
            '400': error('Malformed change'),
            '401': error('No valid session, or an unknown workstation (unauthenticated)'),
            '403': error('The session\'s user may not make this change (forbidden)'),
            '404': error('No such account (not_found)'),
            '409': error('The user name is taken (username_taken)'),
          },
        },
      },
      '/units': {
        get: {
          operationId: 'getUnits',
          summary: 'The command tree, every unit (administrators)',
          description: 'City → counties → stations → street posts. Every console is also sent the tree as the replica table `unit`; this is the administrators\' copy to edit.',
          parameters: [session],
          responses: { '200': ok(unitsResultSchema, 'Every unit of the command tree'), '401': error('No valid session, or an unknown workstation (unauthenticated)'), '403': error('The session\'s user is not an administrator (forbidden)') },
        },
        post: {
          operationId: 'postUnit',
          summary: 'Add or edit a unit, move it under another parent, hand a site or a vehicle to a unit (administrators)',
          description:
            'The whole tree is checked before anything is written, in one transaction: a change that would leave a cycle, an orphan, a unit under its own descendant, a kind out of order or an area outside its parent\'s is refused (422 bad_tree) with the tree\'s problems, and nothing is written. An accepted change goes out on the change feed: what a unit owns moves between the consoles\' scopes. A user\'s unit is changed at POST /users (kind `unit`).',
          parameters: [session],
          requestBody: body(unitChangeSchema),
          responses: {
            '200': ok(unitChangeResultSchema, 'What the change touched, before and after (for the audit log)'),
            '400': error('Malformed change (bad_request)'),
            '401': error('No valid session, or an unknown workstation (unauthenticated)'),
            '403': error('The session\'s user is not an administrator (forbidden)'),
            '404': error('No such unit, site or vehicle (not_found)'),
            '422': json(centralRefusalSchema, 'The tree the change would make is not sound (bad_tree): `problems` names each unit and what is wrong (cycle, orphan, move_under_descendant, kind_order, area_outside_parent, …)'),
          },
        },
      },
      '/audit': {
        post: {
          operationId: 'postAudit',
          summary: 'Upload this workstation\'s audit entries, in its hash chain\'s order',
          description: 'Entries are taken from the first the central lacks; one that does not continue the chain held here is refused with the point where this workstation\'s chain stands.',
          requestBody: body(auditUploadSchema),
          responses: { '200': ok(auditUploadResultSchema, 'The last entry held here; a refusal names the entry that broke the chain'), '400': error('Malformed entries') },
        },
      },
      '/live': {
        get: {
          operationId: 'getLive',
          summary: 'WebSocket live stream',
          description: 'Upgrade to a WebSocket. Text frames are LiveMessage JSON (hello with the cursor, then changed notifications); binary frames are position batches, of the vehicles of the caller\'s scope (x-jingbao-officer, as on /changes).',
          parameters: [officer],
          responses: {
            '101': { description: 'Switching to the WebSocket protocol', content: { 'application/json': { schema: { $ref: '#/components/schemas/LiveMessage' } } } },
            '401': { description: 'The workstation is not known here: the upgrade is refused, with no body' },
            '404': error('Not a known path'),
          },
        },
      },
    },
    components: {
      schemas: { LiveMessage: schema(liveMessageSchema) },
      securitySchemes: {
        workstation: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: '<workstation id>:<secret>',
          description: 'The workstation\'s own credential (its id and secret, provisioned by the administrator). Officers sign in on top of it; each command names its officer, and the central checks that officer\'s permission.',
        },
      },
    },
  };
  // Every path but /health answers an unknown workstation the same way.
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
    if (path === '/health') continue;
    for (const op of Object.values(ops)) op.responses['401'] ??= unauthenticated;
  }
  return doc;
}

export const OPENAPI_PATH = fileURLToPath(new URL('../central/openapi.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OPENAPI_PATH, JSON.stringify(openApiDocument(), null, 2) + '\n');
  console.log(`wrote ${OPENAPI_PATH}`);
}
