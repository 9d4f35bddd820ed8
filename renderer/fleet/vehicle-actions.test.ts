import { describe, expect, it } from 'vitest';
import { VEHICLE_STATUSES } from '../../shared/domain';
import { vehicleActions } from './vehicle-actions';

describe('vehicle actions', () => {
  it('offers repair unless already in repair, and return to service only from repair or offline', () => {
    const table = Object.fromEntries(VEHICLE_STATUSES.map((s) => [s, vehicleActions(s)]));
    expect(table).toEqual({
      available: { maintenance: true, available: false },
      enroute: { maintenance: true, available: false },
      atscene: { maintenance: true, available: false },
      returning: { maintenance: true, available: false },
      maintenance: { maintenance: false, available: true },
      offline: { maintenance: true, available: true },
    });
  });
});
