import type { Messages } from '../i18n/messages';
import type { dutyZhCN } from './messages.zh-CN';

/** The duty shift's words (namespace `duty`), in English. */
export const dutyEn: Messages<typeof dutyZhCN> = {
  handover: {
    title: 'Shift handover record',
    fileTitle: 'Shift handover record {{id}}',
    record: 'Record',
    shift: 'Shift',
    team: 'Team',
    period: 'Time',
    notes: 'Notes from the outgoing officer',
    noNotes: 'none',
    signatures: 'Signatures',
    outgoing: 'Handed over by',
    incoming: 'Taken over by',
    notTakenOver: 'not yet taken over',
    signer: '{{name}} ({{username}})',
    signedAt: 'signed {{time}}',
    contentHash: 'Content check (SHA-256)',
    hashHint: 'Digest of the handover text and the notes as the outgoing officer signed them; the incoming officer checks it before taking over.',
  },
};
