import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { describeIssue, isRoutingError, roadNetworkSchema, routingError, type RoutingErrorData } from '../../../shared/routing/routing-api';
import { createRoutingCore, type RoutingCore } from './routing-core';
import type { RoutingWorkerData, WorkerReply, WorkerRequest } from './worker-protocol';

/**
 * The routing worker thread: loads the road network once, builds the graph and the
 * per-site searches, then answers requests one at a time. Dijkstra over ~50k nodes
 * takes milliseconds, which is too long for the backend's event loop (it serves the
 * board and the sync) and far too long for Electron's main or UI thread.
 */

const port = parentPort;
if (!port) throw new Error('routing-worker must run as a worker thread');

const toWire = (e: unknown): RoutingErrorData =>
  isRoutingError(e) ? { code: e.code, message: e.message } : { code: 'internal', message: e instanceof Error ? e.message : String(e) };

let core: RoutingCore | null = null;
try {
  const data = workerData as RoutingWorkerData;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(data.roadsPath, 'utf8'));
  } catch (e) {
    throw routingError('network_unavailable', `cannot read the road network ${data.roadsPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const roads = roadNetworkSchema.safeParse(json);
  if (!roads.success) throw routingError('network_unavailable', `${data.roadsPath} is not a road network: ${describeIssue(roads.error)}`);
  core = createRoutingCore({
    roads: roads.data,
    sites: data.sites,
    ...(data.itemIds ? { itemIds: data.itemIds } : {}),
    ...(data.packSizes ? { packSizes: data.packSizes } : {}),
    ...(data.maxSnapM ? { maxSnapM: data.maxSnapM } : {}),
  });
  port.postMessage({ type: 'ready', info: core.info } satisfies WorkerReply);
} catch (e) {
  port.postMessage({ type: 'fatal', error: toWire(e) } satisfies WorkerReply);
}

port.on('message', (m: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    if (!core) throw routingError('network_unavailable', 'the road network did not load');
    reply = { type: 'reply', id: m.id, ok: true, result: core.handle(m.method, m.arg) };
  } catch (e) {
    reply = { type: 'reply', id: m.id, ok: false, error: toWire(e) };
  }
  port.postMessage(reply);
});
