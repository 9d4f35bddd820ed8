import { describe, expect, it } from 'vitest';
import { cityNameFromFileName, overallShare, stageSteps } from './cities-view';

describe('the import bar', () => {
  it.each([
    ['reading', 0, 0],
    ['reading', 1, 0.35],
    ['graph', 0.5, 0.4],
    ['tiles', 0, 0.45],
    ['writing', 1, 1],
  ] as const)('%s at %s is %s of the whole', (stage, share, whole) => expect(overallShare(stage, share)).toBeCloseTo(whole, 5));

  it('never goes back as the stages follow one another', () => {
    const seq = (['reading', 'graph', 'tiles', 'index', 'writing'] as const).flatMap((s) => [0, 0.5, 1].map((f) => overallShare(s, f)));
    expect(seq).toEqual([...seq].sort((a, b) => a - b));
  });

  it('lists the stages done, running and to come', () => {
    expect(stageSteps('tiles').map((s) => s.state)).toEqual(['done', 'done', 'running', 'todo', 'todo']);
  });

  it('names a city from its file as the backend does', () => {
    expect(cityNameFromFileName('C:\\maps\\monaco-latest.osm.pbf')).toBe('monaco-latest');
    expect(cityNameFromFileName('深圳 南山.osm.pbf')).toBe('深圳-南山');
  });
});
