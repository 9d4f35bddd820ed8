import type { Messages } from '../i18n/messages';
import type { alertsZhCN } from './messages.zh-CN';

/** The alert list's words (namespace `alerts`), in English. */
export const alertsEn: Messages<typeof alertsZhCN> = {
  alerts: {
    indicator: 'Alerts',
    title: 'Alerts to acknowledge',
    none: 'No alerts',
    acknowledge: 'Acknowledge',
    acknowledged: 'Acknowledged {{time}}',
    deadline: 'Deadline {{time}}',
    kind: {
      deadline_risk: 'Dispatch may be late',
      deadline_missed: 'Dispatch is late',
      red_request: 'Red request',
    },
    hint: 'Once acknowledged, the wall resumes its rotation.',
  },
};
