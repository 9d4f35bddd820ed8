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
  chainsRequestSchema,
  chainsResultSchema,
  changesPageSchema,
  CHANGES_MAX_LIMIT,
  KNOWN_HEADER,
  REPLICA_TABLES,
  commandBatchResultSchema,
  commandBatchSchema,
  commandResultSchema,
  commandSchema,
  digestSchema,
  healthSchema,
  snapshotSchema,
  liveMessageSchema,
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
const centralHeader = {
  [CENTRAL_HEADER]: { description: 'Set on every answer the central makes itself. A gateway\'s own error page lacks it: clients treat such answers as "outcome unknown", never as a refusal.', schema: { type: 'string', enum: ['1'] } },
};
const ok = (s: z.ZodType, description: string) => ({ ...json(s, description), headers: centralHeader });
const history409 = error('The client\'s known point is not in this central\'s history (cursor_ahead, history_diverged, cursor_expired): re-synchronise from /snapshot, find the fork with /chains, re-send what was lost');

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: '警保云 central API (Jingbao Command)',
      version: '2',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      description:
        'Change feed with a cursor and a hash chain, idempotent commands, health, and a WebSocket live stream at /live: text frames are LiveMessage JSON, binary frames are position batches (shared/positions-codec.ts: 24-byte header u32 magic "JBP2", u32 count, f64 time, u32 stream seq, u32 reserved; 20-byte records u32 vehicleNo, f32 lon, f32 lat, f32 heading, f32 speed km/h; little-endian). Receivers order frames by the stream seq, never by the time, which is the sender\'s clock.',
    },
    servers: [{ url: 'http://127.0.0.1:8787', description: 'The reference central on loopback (npm start)' }],
    // The reference central has no authentication yet: stated here rather than left unsaid.
    security: [],
    paths: {
      '/health': {
        get: {
          operationId: 'getHealth',
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
          ],
          responses: {
            '200': ok(changesPageSchema, 'Ordered changes, the next cursor and the chain at it'),
            '400': error('Bad query'),
            '409': history409,
          },
        },
      },
      '/chains': {
        post: {
          operationId: 'postChains',
          summary: 'The chain at each of several seqs',
          description: 'Where two histories part: the newest seq whose chain equals the client\'s is the last point both share. Null where this central holds no change at that seq.',
          requestBody: { required: true, content: { 'application/json': { schema: schema(chainsRequestSchema) } } },
          responses: { '200': ok(chainsResultSchema, 'One chain (or null) per seq, in order'), '400': error('Bad request'), '413': error('Body too large') },
        },
      },
      '/digest': {
        get: {
          operationId: 'getDigest',
          summary: 'Per-table digests for reconciliation',
          responses: { '200': ok(digestSchema, "Per-table digests and each table's newest change seq, for reconciliation"), '405': error('Method not allowed') },
        },
      },
      '/snapshot': {
        get: {
          operationId: 'getSnapshot',
          summary: 'Every row of one table',
          parameters: [{ name: 'table', in: 'query', required: true, schema: { type: 'string', enum: [...REPLICA_TABLES] } }],
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
      '/live': {
        get: {
          operationId: 'getLive',
          summary: 'WebSocket live stream',
          description: 'Upgrade to a WebSocket. Text frames are LiveMessage JSON (hello with the cursor, then changed notifications); binary frames are position batches.',
          responses: {
            '101': { description: 'Switching to the WebSocket protocol', content: { 'application/json': { schema: { $ref: '#/components/schemas/LiveMessage' } } } },
            '404': error('Not a known path'),
          },
        },
      },
    },
    components: { schemas: { LiveMessage: schema(liveMessageSchema) } },
  };
}

export const OPENAPI_PATH = fileURLToPath(new URL('../central/openapi.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OPENAPI_PATH, JSON.stringify(openApiDocument(), null, 2) + '\n');
  console.log(`wrote ${OPENAPI_PATH}`);
}
