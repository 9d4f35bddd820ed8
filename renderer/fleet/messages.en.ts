import type { Messages } from '../i18n/messages';
import type { fleetZhCN } from './messages.zh-CN';

/** The vehicle panel's words (namespace `fleet`), in English. */
export const fleetEn: Messages<typeof fleetZhCN> = {
  vehicle: {
    plate: 'Plate',
    kind: 'Type',
    status: 'Status',
    crew: 'Crew',
    noCrew: 'none',
    speed: 'Speed',
    speedValue: '{{value}} km/h',
    lastReport: 'Last report',
    noReport: 'No position',
    stale: 'Position is stale',
    staleBadge: 'stale',
    staleTitle: 'No position report for over {{seconds}} s: the map position is not live',
    home: 'Home site',
    capacity: 'Capacity',
    capacityValue: '{{value}} units',
  },
  vehicleAction: {
    title: 'Vehicle actions',
    maintenance: 'Report for repair',
    available: 'Back to available',
    done: 'Recorded "{{status}}", waiting to upload',
    failed: 'Could not record it: {{message}}',
  },
};
