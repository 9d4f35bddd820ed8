import type { Messages } from '../i18n/messages';
import type { uiZhCN } from './messages.zh-CN';

/** Words of the shared components (namespace `ui`): panel frames, the pending-upload mark, in English. */
export const uiEn: Messages<typeof uiZhCN> = {
  panel: {
    close: 'Close',
    loading: 'Loading…',
    notFound: 'Not found',
  },
  pending: {
    mark: 'pending upload',
    title: 'Recorded here, waiting for the central to accept it',
    unknown: 'Outcome unknown · retrying',
    unknownTitle: 'The central’s answer could not be read, so whether it was applied is unknown: it is being sent again under the same id, which the central applies at most once. Not a conflict; nothing to do.',
  },
  /** 保养登记: the odometer read at a service (OdometerForm). */
  odometer: {
    label: 'Odometer at the service',
    km: 'km',
    record: 'Record',
    cancel: 'Cancel',
    bad: 'Enter the odometer reading (km, a number)',
  },
  grant: {
    only: 'Only for: {{roles}}',
    separator: ', ',
  },
};
