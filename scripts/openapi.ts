/**
 * Writes central/openapi.json, the central API's OpenAPI document, from the zod
 * schemas in shared/central-api.ts (the single source of truth). A test checks the
 * committed file is current: run `npx tsx scripts/openapi.ts` after changing them.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  centralErrorSchema,
  changesPageSchema,
  CHANGES_MAX_LIMIT,
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

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: '警保云 central API (Jingbao Command)',
      version: '1',
      description:
        'Change feed with a cursor, idempotent commands, health, and a WebSocket live stream at /live: text frames are LiveMessage JSON, binary frames are position batches (shared/positions-codec.ts: 16-byte header u32 magic "JBP1", u32 count, f64 time; 20-byte records u32 vehicleNo, f32 lon, f32 lat, f32 heading, f32 speed km/h; little-endian).',
    },
    paths: {
      '/health': { get: { responses: { '200': json(healthSchema, 'Server health and latest cursor') } } },
      '/changes': {
        get: {
          parameters: [
            { name: 'since', in: 'query', required: false, schema: { type: 'integer', minimum: 0 }, description: 'Cursor: changes with seq greater than this' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: CHANGES_MAX_LIMIT } },
          ],
          responses: {
            '200': json(changesPageSchema, 'Ordered changes and the next cursor'),
            '400': error('Bad query'),
            '409': error('since is ahead of the server (its data was replaced): start again from 0'),
          },
        },
      },
      '/digest': { get: { responses: { '200': json(digestSchema, "Per-table digests and each table's newest change seq, for reconciliation") } } },
      '/snapshot': {
        get: {
          parameters: [{ name: 'table', in: 'query', required: true, schema: { type: 'string', enum: ['site', 'item', 'stock', 'vehicle'] } }],
          responses: { '200': json(snapshotSchema, 'Every row of one table at a cursor'), '400': error('Unknown table') },
        },
      },
      '/commands': {
        post: {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { oneOf: [schema(commandSchema), schema(commandBatchSchema)] } } },
          },
          responses: {
            '200': {
              description: 'Applied or rejected (one command), or one answer each in order (a batch); the same id answers the same result again',
              content: { 'application/json': { schema: { oneOf: [schema(commandResultSchema), schema(commandBatchResultSchema)] } } },
            },
            '400': error('Malformed command'),
            '409': error('The id was used before with a different payload'),
            '413': error('Body too large'),
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
