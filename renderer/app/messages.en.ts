import type { Messages } from '../i18n/messages';
import type { appZhCN } from './messages.zh-CN';

/** The console shell's words (namespace `app`): top bar, settings, command palette, in English. */
export const appEn: Messages<typeof appZhCN> = {
  app: {
    name: 'Jingbao Command',
    loading: 'Loading…',
    connecting: 'Connecting to the local service…',
    noViews: 'This account’s role has nothing to show here: ask the system administrator',
  },
  host: {
    lost: 'Connection to the local service lost, reconnecting…',
    lostHint: 'The map and data are paused and will refresh when it returns.',
  },
  toolbar: {
    resetView: 'Reset view',
    settings: 'Settings',
  },
  settings: {
    title: 'Settings',
    language: 'Language',
    connection: 'Connection',
    transport: 'Channel',
    endpoint: 'Central endpoint',
    cursor: 'Sync cursor',
    cities: 'Manage cities (import, switch)…',
    invalidMessages: 'Invalid messages',
    close: 'Close',
  },
  legend: {
    vehicles: 'Vehicles',
    sites: 'Sites',
    total: '{{count}} in all',
  },
  layers: {
    title: 'Layers',
    vehicles: 'Vehicles',
    depots: 'Depots',
    quickpicks: 'Quick-picks',
    stations: 'Stations',
    labels: 'Labels',
    coverage: 'Coverage',
    heat: 'Request heat',
    vehiclesTitle: 'Vehicle positions and status',
    depotsTitle: 'Central and regional depots',
    quickpicksTitle: 'Street quick-pick points',
    stationsTitle: 'Police stations (destinations; nothing is dispatched from them)',
    labelsTitle: 'Site names',
    coverageTitle: '5/15/30-minute drive-time coverage; shows where the 15-minute service circle ends',
    heatTitle: 'Destinations of recent requests (newer is hotter)',
  },
  palette: {
    title: 'Command palette',
    placeholder: 'Find a site, item, plate, request or action (pinyin works too)…',
    none: 'Nothing matches',
    keys: '↑↓ select · Enter run · Esc close',
    toggle: 'show / collapse',
    open: 'open',
    map: 'map',
    layer: 'Layer: {{layer}}',
    layerOn: 'shown; Enter hides',
    layerOff: 'hidden; Enter shows',
    kind: {
      action: 'Action',
      site: 'Site',
      place: 'Place',
      vehicle: 'Vehicle',
      request: 'Request',
      stock: 'Stock',
      cancel: 'Cancel',
    },
    stockDetail: '{{quantity}} {{unit}} · {{kind}}',
  },
  queue: {
    label: 'Pending upload',
    title: '{{count}} actions recorded here, waiting for the central to accept them',
  },
};
