import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_PATH, openApiDocument } from './openapi';

describe('central OpenAPI document', () => {
  it('is generated from the current schemas (run `npx tsx scripts/openapi.ts`)', () => {
    expect(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'))).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
  it('documents every endpoint', () => {
    expect(Object.keys(openApiDocument().paths).sort()).toEqual(['/chains', '/changes', '/commands', '/digest', '/health', '/live', '/snapshot']);
  });
});
