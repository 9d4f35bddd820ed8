import type { i18n } from 'i18next';
import { wallEn } from './wall-en';
import { wallZhCN } from './wall-zh-CN';

export const WALL_NAMESPACE = 'wall';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Same keys as the Chinese wall resource: a missing English key is a compile error. */
export type WallMessages = Widen<typeof wallZhCN>;

export const wallResources = { 'zh-CN': wallZhCN, en: wallEn } as const;

/**
 * Adds the wall's namespace to an i18n instance (the wall's, or the console's for the
 * rotation settings). Idempotent, so any component may call it before rendering.
 */
export function ensureWallMessages(instance: i18n): void {
  for (const [lng, bundle] of Object.entries(wallResources)) {
    if (!instance.hasResourceBundle(lng, WALL_NAMESPACE)) instance.addResourceBundle(lng, WALL_NAMESPACE, bundle);
  }
}
