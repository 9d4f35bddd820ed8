/**
 * The binary min-heap both road searches use (search.ts over nodes, lazy-search.ts over the
 * slots of the nodes it has reached): items are small integers keyed by `dist[item]`, `pos[item]`
 * is an item's place in the heap (−1 when out). One implementation, so the two searches break
 * ties alike and settle nodes in the same order: the bounded planner's answers are the whole
 * search's answers (routing-core.bounded.test.ts).
 */
export type HeapArrays = { heap: Int32Array; pos: Int32Array; dist: Float64Array };

/** Puts `item` (key `key`) at heap place `i` (a new last place, or its own) and moves it up. */
export function heapSiftUp(h: HeapArrays, i: number, item: number, key: number): void {
  const { heap, pos, dist } = h;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pi = heap[p]!;
    if (dist[pi]! <= key) break;
    heap[i] = pi;
    pos[pi] = i;
    i = p;
  }
  heap[i] = item;
  pos[item] = i;
}

/** Takes the smallest item out of a heap of `size` items (the caller counts `size` down by one). */
export function heapPopMin(h: HeapArrays, size: number): number {
  const { heap, pos, dist } = h;
  const top = heap[0]!;
  pos[top] = -1;
  const last = heap[size - 1]!;
  const n = size - 1;
  if (n === 0) return top;
  const key = dist[last]!;
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && dist[heap[c + 1]!]! < dist[heap[c]!]!) c++;
    const ci = heap[c]!;
    if (dist[ci]! >= key) break;
    heap[i] = ci;
    pos[ci] = i;
    i = c;
  }
  heap[i] = last;
  pos[last] = i;
  return top;
}
