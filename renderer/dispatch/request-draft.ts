import type { AlertLevel } from '../../shared/domain';
import type { RequestClass } from '../../shared/duty/schema';
import { DEFAULT_DEADLINE_MIN, type Destination, type ItemRow } from './request-input';

/**
 * A new request's form as the officer left it. Closing the panel (Esc, ×, another panel)
 * never throws a half-filled request away: the next "新建需求" opens it again as it was,
 * and says so, with a button to start afresh. Recording the request clears it.
 */
export type RequestFormDraft = {
  destText: string;
  destination: Destination | null;
  rows: ItemRow[];
  priority: AlertLevel;
  deadline: string;
  /** Absent in drafts kept before classes: emergency supply. */
  requestClass?: RequestClass;
  requester: string;
  note: string;
};

export type DraftStore = { get(): RequestFormDraft | null; set(draft: RequestFormDraft | null): void };

export function createDraftStore(): DraftStore {
  let draft: RequestFormDraft | null = null;
  return {
    get: () => draft,
    set: (d) => {
      draft = d && hasContent(d) ? d : null;
    },
  };
}

/** Anything typed or chosen that would be lost: the defaults alone are not a draft. */
export function hasContent(d: RequestFormDraft): boolean {
  return (
    d.destText.trim() !== '' ||
    d.destination !== null ||
    d.rows.some((r) => r.text.trim() !== '' || r.itemId !== null || r.quantity.trim() !== '') ||
    d.requester.trim() !== '' ||
    d.note.trim() !== '' ||
    d.priority !== 'yellow' ||
    (d.requestClass ?? 'emergency') !== 'emergency' ||
    d.deadline.trim() !== String(DEFAULT_DEADLINE_MIN)
  );
}
