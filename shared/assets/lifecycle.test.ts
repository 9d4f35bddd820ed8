import { describe, expect, it } from 'vitest';
import { applyStep, inService, isReady, refuseStep, stepsFrom, TRANSITIONS } from './lifecycle';
import { LIFECYCLE_STATES, LIFECYCLE_STEPS, type Asset, type LifecycleState, type LifecycleStep } from './schema';

const asset = (state: LifecycleState, siteId: string | null = 'depot-central'): Asset => ({
  id: 'a-1', typeId: 'bodycam-x1', serial: 'SN1', qr: 'JB-A0000001', epc: null, state, siteId, holder: null, since: 0, procuredAt: 0, acceptedAt: null, cycles: null, pendingRequestId: null,
});
const full = (step: LifecycleStep) => ({ step, siteId: step === 'transfer' ? 'qp-01' : 'depot-central', holder: 'officer-7', approved: true });

/** The legal moves, written out by hand (not derived from the table under test). */
const LEGAL: Record<LifecycleState, LifecycleStep[]> = {
  procured: ['scrap', 'accept'],
  accepted: ['store', 'scrap'],
  stored: ['issue', 'send_to_repair', 'transfer', 'report_missing', 'scrap'],
  allocated: ['return', 'send_to_repair', 'report_missing'],
  in_repair: ['back_from_repair', 'scrap'],
  missing: ['found', 'scrap'],
  scrapped: [],
};

describe('the asset lifecycle', () => {
  const cases = LIFECYCLE_STATES.flatMap((state) => LIFECYCLE_STEPS.map((step) => [state, step, LEGAL[state].includes(step)] as const));
  it.each(cases)('from %s, %s is legal: %s', (state, step, legal) => {
    const refusal = refuseStep(asset(state), full(step));
    if (legal) expect(refusal).toBeNull();
    else expect(refusal).toMatchObject({ code: 'illegal_step' });
  });

  it('every state but scrapped has a way on; scrapped is the end', () => {
    for (const s of LIFECYCLE_STATES) expect(stepsFrom(s).sort()).toEqual([...LEGAL[s]].sort());
  });

  it('refuses scrapping an item that is out, and allocating one in repair, saying why', () => {
    expect(refuseStep(asset('allocated'), full('scrap'))!.reason).toMatch(/is out \(allocated\): it must come back before it is scrapped/);
    expect(refuseStep(asset('in_repair'), full('issue'))!.reason).toMatch(/is in repair: it cannot be allocated/);
  });

  it('needs a site to go to, an officer to go out with, a supervisor for repair and scrapping, and another site to transfer to', () => {
    expect(refuseStep(asset('accepted'), { step: 'store' })).toMatchObject({ code: 'needs_site' });
    expect(refuseStep(asset('stored'), { step: 'issue' })).toMatchObject({ code: 'needs_holder' });
    expect(refuseStep(asset('stored'), { step: 'send_to_repair' })).toMatchObject({ code: 'needs_approval' });
    expect(refuseStep(asset('stored'), { step: 'scrap', approved: false })).toMatchObject({ code: 'needs_approval' });
    expect(refuseStep(asset('stored', 'qp-01'), { step: 'transfer', siteId: 'qp-01' })).toMatchObject({ code: 'same_site' });
  });

  it('a step moves the asset: its state, where it is, who holds it, since when', () => {
    const out = applyStep(asset('stored'), { step: 'issue', holder: 'officer-7' }, 1000);
    expect(out).toMatchObject({ state: 'allocated', holder: 'officer-7', siteId: 'depot-central', since: 1000 });
    const back = applyStep(out, { step: 'return', siteId: 'qp-01' }, 2000);
    expect(back).toMatchObject({ state: 'stored', holder: null, siteId: 'qp-01', since: 2000 });
    const accepted = applyStep(asset('procured', null), { step: 'accept' }, 500);
    expect(accepted).toMatchObject({ state: 'accepted', acceptedAt: 500 });
    const repaired = applyStep({ ...asset('stored'), pendingRequestId: 'r-1' }, { step: 'send_to_repair', approved: true }, 3000);
    expect(repaired).toMatchObject({ state: 'in_repair', pendingRequestId: null, siteId: 'depot-central' });
    for (const step of LIFECYCLE_STEPS) expect(TRANSITIONS[step].to).toBeTruthy();
  });

  it('counts in readiness what is in service; ready is what is at hand', () => {
    expect(LIFECYCLE_STATES.filter(inService)).toEqual(['stored', 'allocated', 'in_repair', 'missing']);
    expect(LIFECYCLE_STATES.filter(isReady)).toEqual(['stored', 'allocated']);
  });
});
