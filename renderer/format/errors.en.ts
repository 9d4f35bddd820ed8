import type { Messages } from '../i18n/messages';
import type { errorsZhCN } from './errors.zh-CN';

/** Errors from board calls (namespace `errors`), in English. */
export const errorsEn: Messages<typeof errorsZhCN> = {
  error: {
    call: 'Request failed: {{message}}',
    snapshot: 'Could not load the board: {{message}}',
    mapInfo: 'Could not load the base map info: {{message}}',
    dismiss: 'Dismiss',
  },
};
