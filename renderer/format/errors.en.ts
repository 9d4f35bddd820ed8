import type { Messages } from '../i18n/messages';
import type { errorsZhCN } from './errors.zh-CN';

/** Errors from board calls (namespace `errors`), in English. */
export const errorsEn: Messages<typeof errorsZhCN> = {
  error: {
    call: 'Request failed: {{message}}',
    snapshot: 'Could not load the board: {{message}}',
    mapInfo: 'Could not load the base map info: {{message}}',
    dismiss: 'Dismiss',
    generic: 'Error ({{code}})',
  },
  code: {
    bad_request: 'Invalid request',
    unknown_method: 'The local service does not know this action (version mismatch?)',
    not_found: 'Not found',
    unavailable: 'The local service is not answering',
    internal: 'Internal error',
    forbidden: 'Not permitted',
    unauthenticated: 'Please sign in',
    unknown_item: 'Unknown item',
    vehicle_unavailable: 'The vehicle is not available',
    vehicle_twice: 'A vehicle is used twice',
    pickup_not_a_stop: 'A pickup site is not on the vehicle’s route',
    insufficient_stock: 'Not enough stock',
    request_closed: 'The request is closed',
    dispatch_closed: 'The dispatch order is closed',
    dispatch_loaded: 'The dispatch order is already loaded',
    command_id_reused: 'Action id used twice; not done',
    conflict_resolved: 'The conflict was already resolved',
    position_unknown: 'Vehicle position unknown',
    routing_failed: 'No route could be computed',
    over_capacity: 'Over the vehicle’s capacity',
    below_safety: 'Draws below safety stock: confirm first',
    source_is_destination: 'Cannot take goods from the destination itself',
  },
  detail: {
    insufficient_stock: '{{site}} holds only {{have}} {{item}}, the plan takes {{need}}',
    vehicle_unavailable: '{{plate}} is {{status}} now, not available',
    vehicle_twice: '{{plate}} is used twice',
    request_closed: 'the request is {{status}}',
    dispatch_closed: 'the dispatch order is {{status}}',
    over_capacity: '{{plate}} carries {{capacity}} cartons; this run needs {{load}}',
    below_safety: '{{site}} would keep only {{remaining}} {{item}}, below its safety stock of {{safety}}: confirm to dispatch',
    source_is_destination: '{{site}} is the destination itself: it cannot supply its own shelf',
    pickup_not_a_stop: '{{site}} is not on {{plate}}’s route',
  },
};
