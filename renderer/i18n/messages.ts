import type { zhCN } from './zh-CN';

/** Same keys as the Chinese resource, any strings: a missing English key is a compile error. */
type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;
