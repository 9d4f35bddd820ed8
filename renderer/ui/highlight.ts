/** Moves a highlight through a list of `count` entries, wrapping at both ends (↑/↓ in lists). */
export function moveHighlight(current: number, delta: number, count: number): number {
  if (count <= 0) return 0;
  return (((current + delta) % count) + count) % count;
}
