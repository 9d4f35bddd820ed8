import { z } from 'zod';
import { applied, defineCommand, refuse, type TableTx } from '../../commands/module';
import { handoverContentHash } from '../handover';
import { handoverSchema, unitOfHandover } from '../schema';

const displayNameOf = (tx: TableTx, username: string): string => tx.where('user_account', 'username', username)[0]?.displayName ?? username;

/**
 * The outgoing officer signs the shift's handover: the board's draft with their notes,
 * sealed by its hash (checked here against the text, so a tampered payload is refused).
 * Once signed it is not signed again: a changed handover would be a different document.
 */
export const handoverSign = defineCommand({
  type: 'handover.sign',
  domain: 'duty',
  payload: z.strictObject({ handover: handoverSchema.omit({ outgoing: true, incoming: true }) }),
  permission: 'handover.sign',
  target: (p) => `handover:${p.handover.id}`,
  apply(tx, { handover: h }, ctx) {
    if (h.shiftEnd <= h.shiftStart) return refuse('bad_shift', `shift ${h.id} ends before it starts`);
    if (handoverContentHash(h.draft, h.notes) !== h.contentHash) return refuse('hash_mismatch', `handover ${h.id}: the hash is not that of its text`);
    if ((unitOfHandover(h.id) ?? undefined) !== h.unitId) return refuse('bad_shift', `handover ${h.id} is not named for its unit ${h.unitId ?? '(the city)'}`);
    const had = tx.get('handover', h.id);
    if (had) return refuse('already_signed', `handover ${h.id} was signed by ${had.outgoing.username} at ${new Date(had.outgoing.at).toISOString()}`);
    const by = ctx.by ?? 'system';
    tx.put('handover', { ...h, outgoing: { username: by, displayName: displayNameOf(tx, by), at: ctx.at }, incoming: null });
    return applied;
  },
  refusals: ['bad_shift', 'hash_mismatch', 'already_signed'],
  overlay: 'apply',
  describe: (p) => ({ key: 'handoverSign', params: { handover: p.handover.id } }),
  serverRow: (tx, p) => tx.get('handover', p.handover.id) ?? null,
});

/**
 * The incoming officer signs as taken over: another person than the one who handed over,
 * and the very text they signed (the hash the incoming officer read).
 */
export const handoverTakeOver = defineCommand({
  type: 'handover.takeOver',
  domain: 'duty',
  payload: z.strictObject({ handoverId: handoverSchema.shape.id, contentHash: handoverSchema.shape.contentHash }),
  permission: 'handover.sign',
  target: (p) => `handover:${p.handoverId}`,
  apply(tx, p, ctx) {
    const h = tx.get('handover', p.handoverId);
    if (!h) return refuse('not_found', `no signed handover ${p.handoverId}`);
    if (h.incoming) return refuse('already_taken_over', `handover ${h.id} was taken over by ${h.incoming.username}`);
    const by = ctx.by ?? 'system';
    if (by === h.outgoing.username) return refuse('same_person', `${by} handed this shift over: another officer takes it over`);
    if (p.contentHash !== h.contentHash) return refuse('changed_after_signature', `handover ${h.id} is not the text you read: it was signed as ${h.contentHash.slice(0, 12)}…`);
    tx.put('handover', { ...h, incoming: { username: by, displayName: displayNameOf(tx, by), at: ctx.at } });
    return applied;
  },
  refusals: ['not_found', 'already_taken_over', 'same_person', 'changed_after_signature'],
  overlay: 'apply',
  describe: (p) => ({ key: 'handoverTakeOver', params: { handover: p.handoverId } }),
  serverRow: (tx, p) => tx.get('handover', p.handoverId) ?? null,
});
