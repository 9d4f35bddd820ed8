import { BoardError, type CallerContext, type MapInfo } from '../../../shared/board-api';
import { CITY_SOURCE, mapSourceSchema, type MapSource, type SourceCheck } from '../../../shared/map/source';
import type { BaseMap } from './basemap';
import { checkTileSource, openTileSource, SourceError, type SourceDeps, type TileSource } from './sources';

/** Where the workstation's base-map source is kept (the backend's settings, beside the wall's rotation). */
export const MAP_SOURCE_SETTING = 'map.source';

export type MapServiceDeps = Omit<SourceDeps, 'cityMap'> & {
  cityMap: () => BaseMap;
  settings: { get(key: string): string | undefined; set(key: string, value: string): void };
  /** A setting changed by this caller: audited with before and after, in the same transaction as the change. */
  settingChanged: <T>(ctx: CallerContext, key: string, before: unknown, after: unknown, write: () => T) => T;
  onChanged: () => void;
  log?: (level: 'info' | 'warn', event: string, detail: Record<string, unknown>) => void;
};

/**
 * The base map in use: the city's own map, or the source an administrator set in Settings
 * (kept for this workstation). A source is checked before it is used, so a wrong address never
 * replaces a working map; one that breaks later (the map service down) leaves its tiles
 * missing and the board's own layers drawn.
 */
export function createMapService(d: MapServiceDeps) {
  const saved = (): MapSource => {
    const raw = d.settings.get(MAP_SOURCE_SETTING);
    if (!raw) return CITY_SOURCE;
    try {
      const parsed = mapSourceSchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through
    }
    d.log?.('warn', 'map.source_unreadable', { raw: raw.slice(0, 200) });
    return CITY_SOURCE;
  };
  const open = (spec: MapSource): TileSource => {
    try {
      return openTileSource(spec, d);
    } catch (e) {
      // A package file gone since it was set: the city's map, and the reason in the log.
      d.log?.('warn', 'map.source_unavailable', { kind: spec.kind, message: (e as Error).message });
      return openTileSource(CITY_SOURCE, d);
    }
  };
  let current = open(saved());

  const asBoardError = (e: unknown): never => {
    if (e instanceof SourceError) throw new BoardError('unavailable', `base map (${current.spec.kind}): ${e.message}`);
    throw e;
  };

  return {
    source: (): MapSource => current.spec,
    async info(): Promise<MapInfo> {
      return current.info().catch(asBoardError);
    },
    async tile(z: number, x: number, y: number): Promise<Uint8Array | null> {
      return current.tile(z, x, y).catch(asBoardError);
    },
    check: (spec: MapSource): Promise<SourceCheck> => checkTileSource(spec, d),
    /** Checks the source and uses it; refused (nothing changed) when the check fails. */
    async set(ctx: CallerContext, spec: MapSource): Promise<{ source: MapSource; check: SourceCheck }> {
      const check = await checkTileSource(spec, d);
      if (!check.ok) throw new BoardError('map_source', `base map source not used: ${check.detail}`, { problem: check.problem ?? 'unreachable' });
      const before = current.spec;
      d.settingChanged(ctx, MAP_SOURCE_SETTING, before, spec, () => d.settings.set(MAP_SOURCE_SETTING, JSON.stringify(spec)));
      const next = openTileSource(spec, d);
      current.close();
      current = next;
      d.onChanged();
      return { source: spec, check };
    },
    /** The city in use changed: the source is opened afresh (the city's map, or a service framed on the new city). */
    cityChanged(): void {
      const spec = current.spec;
      current.close();
      current = open(spec);
    },
    close(): void {
      current.close();
    },
  };
}
export type MapService = ReturnType<typeof createMapService>;
