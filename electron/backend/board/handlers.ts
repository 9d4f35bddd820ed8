import type { Handlers, HandlersOf } from './handler-types';
import type { boardSnapshotMethods } from '../../../shared/board/api';
import type { sitesMethods } from '../../../shared/sites/api';
import type { fleetMethods } from '../../../shared/fleet/api';
import type { linkDemoMethods, linkMethods } from '../../../shared/link/api';
import type { dispatchMethods } from '../../../shared/dispatch/api';
import type { alertsMethods } from '../../../shared/alerts/api';
import type { mapMethods } from '../../../shared/map/api';
import type { wallMethods } from '../../../shared/wall/api';
import type { authDemoMethods, authMethods } from '../../../shared/auth/api';
import type { auditMethods } from '../../../shared/audit/api';
import type { citiesMethods } from '../../../shared/city/api';
import type { assetsMethods } from '../../../shared/assets/api';
import type { dutyMethods } from '../../../shared/duty/api';
import type { reportMethods } from '../../../shared/duty/report-api';
import type { unitsMethods } from '../../../shared/scope/api';

/**
 * The board API's handlers: each domain's, declared beside its code
 * (electron/backend/<domain>/handlers.ts), together. A domain missing one of its methods,
 * or answering one it does not declare, is a type error here.
 */
export function composeHandlers(domains: {
  board: HandlersOf<typeof boardSnapshotMethods>;
  sites: HandlersOf<typeof sitesMethods>;
  fleet: HandlersOf<typeof fleetMethods>;
  link: HandlersOf<typeof linkMethods>;
  linkDemo: HandlersOf<typeof linkDemoMethods>;
  dispatch: HandlersOf<typeof dispatchMethods>;
  alerts: HandlersOf<typeof alertsMethods>;
  map: HandlersOf<typeof mapMethods>;
  wall: HandlersOf<typeof wallMethods>;
  auth: HandlersOf<typeof authMethods>;
  authDemo: HandlersOf<typeof authDemoMethods>;
  audit: HandlersOf<typeof auditMethods>;
  cities: HandlersOf<typeof citiesMethods>;
  assets: HandlersOf<typeof assetsMethods>;
  duty: HandlersOf<typeof dutyMethods>;
  report: HandlersOf<typeof reportMethods>;
  units: HandlersOf<typeof unitsMethods>;
}): Handlers {
  return {
    ...domains.board, ...domains.sites, ...domains.fleet, ...domains.link, ...domains.linkDemo, ...domains.dispatch, ...domains.alerts, ...domains.map, ...domains.wall,
    ...domains.auth, ...domains.authDemo, ...domains.audit, ...domains.cities, ...domains.assets, ...domains.duty, ...domains.report, ...domains.units,
  };
}
export type { Handlers };
