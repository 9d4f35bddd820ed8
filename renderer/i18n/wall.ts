import type { i18n } from 'i18next';
import { NAMESPACES } from './namespaces';

export const WALL_NAMESPACE = 'wall';

export const wallResources = NAMESPACES.wall;

/**
 * Adds the wall's namespace to an i18n instance that lacks it. createI18n registers every
 * namespace already; this covers an instance made some other way. Idempotent.
 */
export function ensureWallMessages(instance: i18n): void {
  for (const [lng, bundle] of Object.entries(wallResources)) {
    if (!instance.hasResourceBundle(lng, WALL_NAMESPACE)) instance.addResourceBundle(lng, WALL_NAMESPACE, bundle);
  }
}
