import { CITY_IMPORT_STAGES, type CityImportStage } from '../../shared/city/api';

/**
 * How much of an import each stage takes, roughly (Monaco on the 2-core build machine):
 * reading and the tiles dominate. The bar moves by these, so it does not sit at 20 % for
 * most of the import and then race.
 */
const STAGE_WEIGHT: Record<CityImportStage, number> = { reading: 0.35, graph: 0.1, tiles: 0.4, index: 0.1, writing: 0.05 };

/** The whole import's share done (0..1) from the stage it is in and that stage's share. */
export function overallShare(stage: CityImportStage, share: number): number {
  let done = 0;
  for (const s of CITY_IMPORT_STAGES) {
    if (s === stage) return Math.min(1, done + STAGE_WEIGHT[s] * Math.min(1, Math.max(0, share)));
    done += STAGE_WEIGHT[s];
  }
  return done;
}

/** Each stage as the bar's list shows it: done, the one running, or still to come. */
export function stageSteps(stage: CityImportStage): { stage: CityImportStage; state: 'done' | 'running' | 'todo' }[] {
  const at = CITY_IMPORT_STAGES.indexOf(stage);
  return CITY_IMPORT_STAGES.map((s, i) => ({ stage: s, state: i < at ? 'done' : i === at ? 'running' : 'todo' }));
}

/** The name the import will give a city from its file name (the backend's rule: city-store.ts cityNameFromFile). */
export function cityNameFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.osm\.pbf$/i, '').replace(/\.pbf$/i, '').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'city';
}
