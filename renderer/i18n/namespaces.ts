import { alertsEn } from '../alerts/messages.en';
import { alertsZhCN } from '../alerts/messages.zh-CN';
import { appEn } from '../app/messages.en';
import { assetsEn } from '../assets/messages.en';
import { assetsZhCN } from '../assets/messages.zh-CN';
import { appZhCN } from '../app/messages.zh-CN';
import { citiesEn } from '../cities/messages.en';
import { citiesZhCN } from '../cities/messages.zh-CN';
import { dispatchEn } from '../dispatch/messages.en';
import { dispatchZhCN } from '../dispatch/messages.zh-CN';
import { dutyEn } from '../duty/messages.en';
import { dutyZhCN } from '../duty/messages.zh-CN';
import { fleetEn } from '../fleet/messages.en';
import { fleetZhCN } from '../fleet/messages.zh-CN';
import { errorsEn } from '../format/errors.en';
import { errorsZhCN } from '../format/errors.zh-CN';
import { formatEn } from '../format/messages.en';
import { formatZhCN } from '../format/messages.zh-CN';
import { linkEn } from '../link/messages.en';
import { linkZhCN } from '../link/messages.zh-CN';
import { mapEn } from '../map/messages.en';
import { mapZhCN } from '../map/messages.zh-CN';
import { peopleEn } from '../people/messages.en';
import { peopleZhCN } from '../people/messages.zh-CN';
import { reportsEn } from '../reports/messages.en';
import { reportsZhCN } from '../reports/messages.zh-CN';
import { signinEn } from '../signin/messages.en';
import { signinZhCN } from '../signin/messages.zh-CN';
import { sitesEn } from '../sites/messages.en';
import { sitesZhCN } from '../sites/messages.zh-CN';
import { uiEn } from '../ui/messages.en';
import { uiZhCN } from '../ui/messages.zh-CN';
import { wallEn } from '../wall/messages.en';
import { wallZhCN } from '../wall/messages.zh-CN';

/**
 * One i18next namespace per folder, each with its dictionaries beside its code. A
 * component reads its own namespace (`useTranslation('sites')`, then `t('site.short')`)
 * and names any other (`t('format:status.enroute')`); helpers that are handed a `t`
 * always name the namespace, so they work whichever `t` they get. A new feature adds
 * its pair of dictionaries here.
 */
export const NAMESPACES = {
  app: { 'zh-CN': appZhCN, en: appEn },
  ui: { 'zh-CN': uiZhCN, en: uiEn },
  format: { 'zh-CN': formatZhCN, en: formatEn },
  errors: { 'zh-CN': errorsZhCN, en: errorsEn },
  map: { 'zh-CN': mapZhCN, en: mapEn },
  link: { 'zh-CN': linkZhCN, en: linkEn },
  fleet: { 'zh-CN': fleetZhCN, en: fleetEn },
  sites: { 'zh-CN': sitesZhCN, en: sitesEn },
  alerts: { 'zh-CN': alertsZhCN, en: alertsEn },
  dispatch: { 'zh-CN': dispatchZhCN, en: dispatchEn },
  wall: { 'zh-CN': wallZhCN, en: wallEn },
  signin: { 'zh-CN': signinZhCN, en: signinEn },
  people: { 'zh-CN': peopleZhCN, en: peopleEn },
  cities: { 'zh-CN': citiesZhCN, en: citiesEn },
  assets: { 'zh-CN': assetsZhCN, en: assetsEn },
  duty: { 'zh-CN': dutyZhCN, en: dutyEn },
  reports: { 'zh-CN': reportsZhCN, en: reportsEn },
} as const;

export type Namespace = keyof typeof NAMESPACES;
