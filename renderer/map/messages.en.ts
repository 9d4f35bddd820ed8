import type { Messages } from '../i18n/messages';
import type { mapZhCN } from './messages.zh-CN';

/** The map's words (namespace `map`): controls and the coverage key, in English. */
export const mapEn: Messages<typeof mapZhCN> = {
  map: {
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
  },
  coverage: {
    title: 'Drive-time coverage (from depots and quick-pick points)',
    band: '{{from}}–{{to}} min',
    beyond: 'over {{min}} min, or no road',
    outside: '{{share}}% of the areas with roads lie outside the {{min}}-minute service circle; another {{none}}% of the grid is over 30 minutes away or has no road (mostly water, rail, parks)',
    note: 'Drive times on the road network, refreshed every 5 minutes',
  },
};
