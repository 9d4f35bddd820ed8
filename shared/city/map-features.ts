/**
 * Which OpenStreetMap objects the base map draws, and as what: the rules the import applies
 * to every closed way and every place node. Pure; the tile layers are `areas`, `buildings`
 * and `places` (base-style.ts colours them by class).
 */
import { PLACE_KINDS } from './street-index';

type Tags = Record<string, string>;

const GREEN_LEISURE = new Set(['park', 'garden', 'pitch', 'golf_course', 'playground', 'nature_reserve', 'common', 'recreation_ground']);
const GREEN_LANDUSE = new Set(['grass', 'forest', 'meadow', 'recreation_ground', 'cemetery', 'village_green', 'allotments', 'orchard', 'vineyard']);
const GREEN_NATURAL = new Set(['wood', 'scrub', 'grassland', 'heath']);
const BUILT_LANDUSE = new Set(['residential', 'commercial', 'industrial', 'retail', 'railway', 'military', 'construction', 'port']);

/** The class of a closed way drawn as an area ('building', 'water', 'park', 'landuse', 'pedestrian'), or null. */
export function areaClass(tags: Tags): string | null {
  if (tags.building !== undefined && tags.building !== 'no') return 'building';
  if (tags.natural === 'water' || tags.waterway === 'riverbank' || tags.waterway === 'dock' || tags.landuse === 'reservoir' || tags.landuse === 'basin') return 'water';
  if (GREEN_LEISURE.has(tags.leisure ?? '') || GREEN_LANDUSE.has(tags.landuse ?? '') || GREEN_NATURAL.has(tags.natural ?? '')) return 'park';
  if (BUILT_LANDUSE.has(tags.landuse ?? '')) return 'landuse';
  if (tags.highway === 'pedestrian' && tags.area === 'yes') return 'pedestrian';
  return null;
}

/** Place kinds drawn as names, largest first (the style sizes them by this order). */
export const PLACE_CLASSES = PLACE_KINDS;

/** The name a label shows: Chinese where the data has it, else the local name. */
export function labelName(tags: Tags): string | null {
  const name = (tags['name:zh'] ?? tags['name:zh-Hans'] ?? tags.name ?? '').trim();
  return name === '' ? null : name.slice(0, 200);
}
