import type { Site } from '../../../shared/domain';
import type { RoutingErrorData, RoutingInfo } from '../../../shared/routing/routing-api';

/** Messages between routing-service.ts (backend thread) and routing-worker.ts. */

export type RoutingWorkerData = {
  roadsPath: string;
  sites: Pick<Site, 'id' | 'kind' | 'lon' | 'lat'>[];
  itemIds?: string[];
  packSizes?: Record<string, number>;
  maxSnapM?: number;
};

export type WorkerRequest = { id: number; method: string; arg: unknown };

export type WorkerReply =
  | { type: 'ready'; info: RoutingInfo }
  | { type: 'fatal'; error: RoutingErrorData }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: RoutingErrorData };
