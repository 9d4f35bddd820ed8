import type { Messages } from '../i18n/messages';
import type { mapZhCN } from './messages.zh-CN';

/** The map's words (namespace `map`): controls and the coverage key, in English. */
export const mapEn: Messages<typeof mapZhCN> = {
  map: {
    title: 'Dispatch map: vehicles, depots and quick-pick points',
    attribution: '© OpenStreetMap contributors (ODbL)',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    resetBearing: 'Reset bearing to north',
  },
  legend: {
    title: 'Legend',
    show: 'Show the legend',
    hide: 'Hide the legend',
    vehicles: 'Vehicles',
    sites: 'Sites',
    levels: 'Destinations (time to spare)',
    levelsWall: 'Destinations (alert / priority)',
    neighbours: 'Neighbouring units (read-only)',
    neighboursTitle: 'Other units’ sites and vehicles: drawn faded, for reference, not to act on',
  },
  heat: {
    title: 'Request heat',
    few: 'few',
    many: 'many',
    asOf: 'As of {{time}}: {{count}} requests · refreshed every {{minutes}} min',
    note: 'Requests of the last {{hours}} h, fading with age (halved every {{half}} h)',
  },
  coverage: {
    title: 'Drive-time coverage (from depots and quick-pick points)',
    band: '{{from}}–{{to}} min',
    beyond: 'over {{min}} min',
    noRoad: 'no road (water, parks, rail)',
    outside: '{{share}}% of the areas with roads lie outside the {{min}}-minute service circle; another {{none}}% has no road (water, parks, rail; nothing is painted outside the city)',
    note: 'Drive times on the road network, refreshed every 5 minutes',
  },
};
