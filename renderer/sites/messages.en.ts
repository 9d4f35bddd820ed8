import type { Messages } from '../i18n/messages';
import type { sitesZhCN } from './messages.zh-CN';

/** The site panel's words (namespace `sites`): stock and stock booking, in English. */
export const sitesEn: Messages<typeof sitesZhCN> = {
  site: {
    address: 'Address',
    stock: 'Stock',
    item: 'Item',
    quantity: 'Quantity',
    safetyLevel: 'Safety level',
    short: 'Short',
    shortCount: '{{count}} items below safety level',
    allOk: 'All items above safety level',
    empty: 'No stock records',
    equipment: 'Equipment',
    consumable: 'Consumable',
  },
  stockAdjust: {
    title: 'Book stock in / out',
    item: 'Item',
    delta: 'Quantity',
    deltaHint: 'positive books in, negative books out',
    deltaPlaceholder: 'e.g. -5 or +20',
    reason: 'Reason',
    reasonPlaceholder: 'e.g. flood relief',
    shown: 'now {{quantity}} {{unit}}',
    submit: 'Book',
    submitting: 'Booking…',
    done: 'Booked {{item}} {{delta}}, waiting to upload',
    error: {
      noItem: 'Choose an item',
      empty: 'Enter a quantity',
      notInteger: 'The quantity must be a whole number, e.g. -5 or +20',
      zero: 'The quantity must not be 0',
      tooLarge: 'One booking may not exceed {{max}}: check the quantity',
      moreThanShown: 'Booking out more than the {{shown}} in stock',
      overCapacity: 'Stock would exceed the limit of {{max}}',
      noReason: 'Give a reason',
      reasonTooLong: 'The reason may be at most {{max}} characters',
      backend: 'Could not book it: {{message}}',
    },
  },
};
