/**
 * What an answer means, read off real HTTP answers: only the central's own well-formed
 * error is a refusal; a gateway's page, HTML with 200, a truncated or dripping body leave
 * a POST's outcome unknown. The request carries the known point; the deadline covers the body.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CENTRAL_HEADER, KNOWN_HEADER } from '../../../shared/central-api';
import { CentralError, createCentralClient } from './central-client';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const cmd = { id: '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b', type: 'stock.adjust' as const, issuedAt: 1, payload: { siteId: 's', itemId: 'i', delta: 1, reason: '' } };

async function failure(url: string, timeoutMs = 2000): Promise<CentralError> {
  try {
    await createCentralClient(url, { timeoutMs }).sendCommands([cmd]);
  } catch (e) {
    if (e instanceof CentralError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('central client: what an answer means', () => {
  it('a 200 HTML page: unreadable, outcome unknown', async () => {
    const url = await serve((_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>portal</body></html>'));
    const e = await failure(url);
    expect(e).toMatchObject({ code: 'malformed', fromCentral: false, outcomeUnknown: true, rewind: false });
  });

  it.each([401, 403, 404, 502])('a proxy %s page (no central header): not a refusal, outcome unknown', async (status) => {
    const url = await serve((_q, res) => res.writeHead(status, { 'content-type': 'text/html' }).end(`<html>${status}</html>`));
    const e = await failure(url);
    expect(e).toMatchObject({ code: 'http', status, fromCentral: false, outcomeUnknown: true, transient: true });
  });

  it('a proxy page that happens to be JSON with a code is still not the central', async () => {
    const url = await serve((_q, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"code":"invalid_command","message":"x"}'));
    expect(await failure(url)).toMatchObject({ fromCentral: false, outcomeUnknown: true });
  });

  it('the central’s own 400: a refusal, not transient, outcome known', async () => {
    const url = await serve((_q, res) => res.writeHead(400, { 'content-type': 'application/json', [CENTRAL_HEADER]: '1' }).end('{"code":"invalid_command","message":"payload.delta: expected int"}'));
    expect(await failure(url)).toMatchObject({ code: 'http', status: 400, centralCode: 'invalid_command', fromCentral: true, transient: false, outcomeUnknown: false });
  });

  it('the central’s 409 history_diverged: a rewind', async () => {
    const url = await serve((_q, res) => res.writeHead(409, { 'content-type': 'application/json', [CENTRAL_HEADER]: '1' }).end('{"code":"history_diverged","message":"x"}'));
    expect(await failure(url)).toMatchObject({ rewind: true, outcomeUnknown: false });
  });

  it('a truncated JSON body: unreadable, outcome unknown', async () => {
    const url = await serve((_q, res) => res.writeHead(200, { 'content-type': 'application/json', [CENTRAL_HEADER]: '1' }).end('{"results":[{"id":"6f1c'));
    expect(await failure(url)).toMatchObject({ code: 'malformed', outcomeUnknown: true });
  });

  it('an answer that drips past the deadline fails at the deadline, outcome unknown', async () => {
    const url = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', [CENTRAL_HEADER]: '1' });
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    const t0 = Date.now();
    const e = await failure(url, 500);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(e).toMatchObject({ code: 'timeout', outcomeUnknown: true });
  });

  it('nothing listening: the request never left, outcome known (not applied)', async () => {
    const url = await serve(() => {});
    await close?.();
    close = null;
    expect(await failure(url)).toMatchObject({ code: 'network', outcomeUnknown: false });
  });

  it('sends the known point with pulls and pushes', async () => {
    const seen: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers[KNOWN_HEADER] as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json', [CENTRAL_HEADER]: '1' });
      res.end(req.method === 'POST' ? JSON.stringify({ results: [{ id: cmd.id, status: 'applied', cursor: 9, chain: '0123456789abcdef' }] }) : '{"changes":[],"cursor":5,"chain":"0123456789abcdef","hasMore":false}');
    });
    const client = createCentralClient(url, { known: () => ({ seq: 42, chain: 'fedcba9876543210' }) });
    await client.changes(5, 10);
    await client.sendCommands([cmd]);
    expect(seen).toEqual(['42:fedcba9876543210', '42:fedcba9876543210']);
  });
});
