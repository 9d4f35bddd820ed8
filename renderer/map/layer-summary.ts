import type { Layer } from '@deck.gl/core';

export type LayerSummary = { id: string; visible: boolean; count: number };

/** What each deck layer draws, read from its props (for the e2e test hook and diagnostics). */
export function summarizeLayers(layers: readonly Layer[]): LayerSummary[] {
  return layers.map((layer) => ({ id: layer.id, visible: layer.props.visible, count: dataCount(layer.props.data) }));
}

function dataCount(data: unknown): number {
  if (Array.isArray(data)) return data.length;
  if (typeof data === 'object' && data !== null && 'length' in data && typeof data.length === 'number') return data.length;
  return 0;
}
