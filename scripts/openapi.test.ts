import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_PATH, openApiDocument } from './openapi';

describe('central OpenAPI document', () => {
  it('is generated from the current schemas (run `npx tsx scripts/openapi.ts`)', () => {
    expect(JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'))).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
  it('documents every path the reference central routes, and no other', () => {
    // The central routes by `case '/path':` in one switch, plus the WebSocket upgrade at /live.
    const source = readFileSync(new URL('../central/server.ts', import.meta.url), 'utf8');
    const routed = [...source.matchAll(/case '(\/[^']*)':/g)].map((m) => m[1]!);
    expect(routed.length).toBeGreaterThan(5);
    expect(Object.keys(openApiDocument().paths).sort()).toEqual([...routed, '/live'].sort());
  });
  it('asks for the workstation credential everywhere but /health', () => {
    const doc = openApiDocument();
    expect(doc.security).toEqual([{ workstation: [] }]);
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>)) {
      for (const op of Object.values(ops)) {
        if (path === '/health') expect(op.security).toEqual([]);
        else expect(op.responses['401'], `${path} documents 401`).toBeDefined();
      }
    }
  });
});
