/**
 * Same keys as a namespace's Chinese dictionary, any strings: an English key missing or
 * left over is a compile error (the key-parity test checks the rest: no empty strings,
 * the same placeholders).
 */
export type Messages<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
