import type { Messages } from '../i18n/messages';
import type { formatZhCN } from './messages.zh-CN';

/** Shared vocabulary and formats (namespace `format`): ages, durations, link states, and the names of statuses, kinds and priorities every view shows, in English. */
export const formatEn: Messages<typeof formatZhCN> = {
  age: {
    data: 'Data',
    positions: 'Positions',
    never: 'none yet',
    seconds: '{{count}} s ago',
    minutes: '{{count}} min ago',
    hours: '{{count}} h ago',
    days: '{{count}} d ago',
    justNow: 'just now',
  },
  arrival: {
    expected: 'due {{time}}',
    late: 'late by {{time}}',
    pastDeadline: 'past deadline by {{time}}',
    spare: '{{time}} to spare',
  },
  role: {
    duty: 'Duty officer',
    supervisor: 'Supervisor',
    wall: 'Wall display',
    admin: 'Administrator',
    auditor: 'Auditor',
    system: 'System',
  },
  duration: {
    seconds: '{{count}} s',
    minutes: '{{minutes}} min {{seconds}} s',
    hours: '{{hours}} h {{minutes}} min',
    days: '{{days}} d {{hours}} h',
  },
  link: {
    label: 'Central',
    connected: 'Connected',
    reconnecting: 'Reconnecting',
    offline: 'Offline',
    since: 'since {{time}}',
    lastError: 'Last error: {{message}}',
    lastKnown: 'Local service unreachable: this is the last known state',
  },
  status: {
    available: 'Available',
    enroute: 'En route',
    atscene: 'At scene',
    returning: 'Returning',
    maintenance: 'Maintenance',
    offline: 'Offline',
    unknown: 'Unknown',
  },
  siteKind: {
    central: 'Central depot',
    regional: 'Regional depot',
    quickpick: 'Quick-pick point',
  },
  vehicleKind: {
    van: 'Van',
    truck: 'Truck',
    patrol: 'Patrol car',
    motorcycle: 'Motorcycle',
  },
  priority: {
    green: 'Normal',
    yellow: 'Attention',
    orange: 'Urgent',
    red: 'Severe',
  },
  requestStatus: {
    open: 'To dispatch',
    dispatched: 'En route',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
  },
  dispatchStatus: {
    enroute: 'En route',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
  },
  list: {
    items: ', ',
    names: ', ',
    clauses: '; ',
  },
  place: {
    nearStreet: 'near {{street}} ({{coords}})',
  },
  answer: {
    yes: 'yes',
    no: 'no',
  },
};
