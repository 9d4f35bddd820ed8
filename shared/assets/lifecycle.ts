import type { Asset, LifecycleState, LifecycleStep } from './schema';

/**
 * An asset's life as a state machine: which step may follow which state, and why a step is
 * refused. One table, used by the commands (the central's rules and the board's overlay) and
 * by the UI (which steps to offer for an asset), so they cannot disagree.
 *
 *   procured ─accept→ accepted ─store→ stored ⇄ issue / return ⇄ allocated
 *   stored | allocated ─send_to_repair→ in_repair ─back_from_repair→ stored
 *   stored ─transfer→ stored (another site: a stock-take's correction, or a move)
 *   stored | allocated ─report_missing→ missing ─found→ stored
 *   procured | accepted | stored | in_repair | missing ─scrap→ scrapped (never while out: allocated)
 *
 * Repair and scrapping need a supervisor's approval first (repair requests): the step checks
 * that an approved request exists; the approval itself is its own command.
 */
export const TRANSITIONS: Readonly<Record<LifecycleStep, { from: readonly LifecycleState[]; to: LifecycleState }>> = {
  accept: { from: ['procured'], to: 'accepted' },
  store: { from: ['accepted'], to: 'stored' },
  issue: { from: ['stored'], to: 'allocated' },
  return: { from: ['allocated'], to: 'stored' },
  send_to_repair: { from: ['stored', 'allocated'], to: 'in_repair' },
  back_from_repair: { from: ['in_repair'], to: 'stored' },
  transfer: { from: ['stored'], to: 'stored' },
  report_missing: { from: ['stored', 'allocated'], to: 'missing' },
  found: { from: ['missing'], to: 'stored' },
  scrap: { from: ['procured', 'accepted', 'stored', 'in_repair', 'missing'], to: 'scrapped' },
};

/** Why a step is refused: a code the board translates, and the reason in English for logs. */
export type StepRefusal = { code: 'illegal_step' | 'needs_site' | 'needs_holder' | 'same_site' | 'needs_approval'; reason: string };

export type StepInput = {
  step: LifecycleStep;
  /** The site it goes to (store, return, back_from_repair, transfer, found). */
  siteId?: string | null;
  /** The officer or dispatch it goes out with (issue). */
  holder?: string | null;
  /** An approved request covers this step (send_to_repair, scrap). */
  approved?: boolean;
};

const NEEDS_SITE: readonly LifecycleStep[] = ['store', 'return', 'back_from_repair', 'transfer', 'found'];
const NEEDS_APPROVAL: readonly LifecycleStep[] = ['send_to_repair', 'scrap'];

/** Whether a step may be taken now; null when it may. */
export function refuseStep(asset: Pick<Asset, 'state' | 'siteId' | 'id'>, input: StepInput): StepRefusal | null {
  const t = TRANSITIONS[input.step];
  if (!t.from.includes(asset.state)) {
    const why =
      input.step === 'scrap' && asset.state === 'allocated'
        ? `${asset.id} is out (allocated): it must come back before it is scrapped`
        : input.step === 'issue' && asset.state === 'in_repair'
          ? `${asset.id} is in repair: it cannot be allocated`
          : `${asset.id} is ${asset.state}: '${input.step}' needs it ${t.from.join(' or ')}`;
    return { code: 'illegal_step', reason: why };
  }
  if (NEEDS_SITE.includes(input.step) && !input.siteId) return { code: 'needs_site', reason: `'${input.step}' needs the site it goes to` };
  if (input.step === 'transfer' && input.siteId === asset.siteId) return { code: 'same_site', reason: `${asset.id} is at ${asset.siteId} already` };
  if (input.step === 'issue' && !input.holder) return { code: 'needs_holder', reason: `'issue' needs the officer or dispatch it goes out with` };
  if (NEEDS_APPROVAL.includes(input.step) && !input.approved) return { code: 'needs_approval', reason: `'${input.step}' needs a supervisor's approval first` };
  return null;
}

/** The asset after a step that `refuseStep` allowed. */
export function applyStep(asset: Asset, input: StepInput, at: number): Asset {
  const to = TRANSITIONS[input.step].to;
  const siteId = NEEDS_SITE.includes(input.step) ? (input.siteId ?? null) : asset.siteId;
  return {
    ...asset,
    state: to,
    siteId,
    holder: to === 'allocated' ? (input.holder ?? null) : null,
    since: at,
    acceptedAt: input.step === 'accept' ? at : asset.acceptedAt,
    // The approval is used up by the step it approved.
    pendingRequestId: NEEDS_APPROVAL.includes(input.step) || input.step === 'back_from_repair' ? null : asset.pendingRequestId,
  };
}

/** The steps an asset in this state may take (what the record offers). */
export function stepsFrom(state: LifecycleState): LifecycleStep[] {
  return (Object.keys(TRANSITIONS) as LifecycleStep[]).filter((s) => TRANSITIONS[s].from.includes(state));
}

/** Ready for duty: in service and at hand (stored or out with an officer). */
export const isReady = (state: LifecycleState): boolean => state === 'stored' || state === 'allocated';
/** Counted in readiness: accepted into service and not yet scrapped. */
export const inService = (state: LifecycleState): boolean => state !== 'procured' && state !== 'accepted' && state !== 'scrapped';
