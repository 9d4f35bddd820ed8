import { describe, expect, it } from 'vitest';
import { createDraftStore, type RequestFormDraft } from './request-draft';

const blank: RequestFormDraft = { destText: '', destination: null, rows: [{ text: '', itemId: null, quantity: '' }], priority: 'yellow', deadline: '30', requester: '', note: '' };

describe('request form draft', () => {
  it('keeps a half-filled form and drops an untouched one', () => {
    const store = createDraftStore();
    store.set(blank);
    expect(store.get()).toBeNull();
    const half = { ...blank, destText: '快取点07', rows: [{ text: '头盔', itemId: 'helmet', quantity: '' }] };
    store.set(half);
    expect(store.get()).toEqual(half);
    store.set({ ...blank, priority: 'red' });
    expect(store.get()?.priority).toBe('red');
    store.set({ ...blank, deadline: '15' });
    expect(store.get()?.deadline).toBe('15');
    store.set(null);
    expect(store.get()).toBeNull();
  });
});
