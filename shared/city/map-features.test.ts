import { describe, expect, it } from 'vitest';
import { areaClass, labelName } from './map-features';

describe('what the base map draws', () => {
  it('classes closed ways', () => {
    expect(areaClass({ building: 'yes' })).toBe('building');
    expect(areaClass({ building: 'no', landuse: 'residential' })).toBe('landuse');
    expect(areaClass({ natural: 'water' })).toBe('water');
    expect(areaClass({ leisure: 'park', name: 'Jardin Exotique' })).toBe('park');
    expect(areaClass({ natural: 'wood' })).toBe('park');
    expect(areaClass({ highway: 'pedestrian', area: 'yes' })).toBe('pedestrian');
    expect(areaClass({ highway: 'residential' })).toBeNull();
    expect(areaClass({ amenity: 'parking' })).toBeNull();
  });
  it('labels in Chinese where the data has it', () => {
    expect(labelName({ name: 'Monaco', 'name:zh': '摩纳哥' })).toBe('摩纳哥');
    expect(labelName({ name: 'Beausoleil' })).toBe('Beausoleil');
    expect(labelName({ name: '  ' })).toBeNull();
  });
});
