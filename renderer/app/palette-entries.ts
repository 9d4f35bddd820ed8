import type { Site, SupplyRequest, Vehicle } from '../../shared/domain';
import type { LayerVisibility } from '../map/board-map';
import type { PaletteEntry } from './palette';

type T = (key: string, params?: Record<string, unknown>) => string;

export const LAYER_NAMES: readonly (keyof LayerVisibility)[] = ['vehicles', 'depots', 'quickpicks', 'labels', 'coverage', 'heat'];

/** Action ids the app runs (palette entries `action:<id>`). */
export type PaletteAction =
  | 'new-request'
  | 'queue'
  | 'kpi'
  | 'link'
  | 'conflicts'
  | 'reset-view'
  | 'lang:zh-CN'
  | 'lang:en'
  | `layer:${keyof LayerVisibility}`;

/**
 * Everything the palette can find: actions first, then open requests, sites and vehicles.
 * Each entry carries the other language's words too, so "depot" finds 中心物资库.
 */
export function paletteEntries(input: {
  t: T;
  language: 'zh-CN' | 'en';
  sites: readonly Site[];
  vehicles: readonly Vehicle[];
  requests: readonly SupplyRequest[];
  visibility: LayerVisibility;
}): PaletteEntry[] {
  const { t, language, visibility } = input;
  const action = (id: PaletteAction, label: string, detail: string, keywords: string[] = []): PaletteEntry => ({
    id: `action:${id}`,
    kind: 'action',
    label,
    detail,
    keywords,
  });
  const entries: PaletteEntry[] = [
    action('new-request', t('request.title'), 'N', ['new request', 'request', 'xinjian', '需求', '调拨']),
    action('queue', t('dispatchQueue.title'), t('palette.toggle'), ['dispatch queue', 'queue']),
    action('kpi', t('kpi.title'), t('palette.open'), ['kpi', 'statistics', 'report', 'csv', '统计']),
    action('link', t('health.title'), t('palette.open'), ['link health', 'link', 'network', '链路', 'cut', 'restore']),
    action('conflicts', t('conflict.title'), t('palette.open'), ['conflicts', '冲突']),
    action('reset-view', t('toolbar.resetView'), t('palette.map'), ['reset view', 'fit']),
    ...LAYER_NAMES.map((layer) =>
      action(`layer:${layer}`, t('palette.layer', { layer: t(`layers.${layer}`) }), visibility[layer] ? t('palette.layerOn') : t('palette.layerOff'), ['layer', '图层', layer]),
    ),
    action('lang:zh-CN', '中文', t('settings.language'), ['chinese', 'language', 'zh']),
    action('lang:en', 'English', t('settings.language'), ['english', 'language', 'en', '英文']),
  ];
  for (const r of input.requests) {
    if (r.status !== 'open' && r.status !== 'dispatched') continue;
    entries.push({
      id: `request:${r.id}`,
      kind: 'request',
      label: r.destination.label,
      detail: `${t(`priority.${r.priority}`)} · ${t(`requestStatus.${r.status}`)}${r.requester ? ` · ${r.requester}` : ''}`,
      keywords: [r.requester, r.note, r.id.slice(0, 8)],
    });
  }
  for (const s of input.sites) {
    entries.push({
      id: `site:${s.id}`,
      kind: 'site',
      label: language === 'en' ? s.nameEn : s.name,
      detail: `${t(`siteKind.${s.kind}`)} · ${s.address}`,
      keywords: [language === 'en' ? s.name : s.nameEn, s.id, s.address],
    });
  }
  for (const v of input.vehicles) {
    entries.push({
      id: `vehicle:${v.id}`,
      kind: 'vehicle',
      label: v.plate,
      detail: `${t(`vehicleKind.${v.kind}`)} · ${t(`status.${v.status}`)}`,
      // Plates are typed without the separator dot: "A7919".
      keywords: [v.id, v.plate.replace(/[·\s]/g, ''), ...v.crew],
    });
  }
  return entries;
}
