import type { PlaceKind, PlaceName, Street } from '../../shared/city/street-index';
import type { DispatchOrder, ItemType, Site, Stock, SupplyRequest, Vehicle } from '../../shared/domain';
import { numberFormat } from '../format/number';
import type { LayerVisibility } from '../map/board-map';
import { layersFor } from './layer-visibility';
import type { PaletteEntry } from './palette';
import type { ConsoleViews } from './views';

type T = (key: string, params?: Record<string, unknown>) => string;

/** How close the map goes for a place chosen in the palette: a city whole, a hamlet street by street. */
export const PLACE_ZOOM: Readonly<Record<PlaceKind, number>> = { city: 11, town: 13, suburb: 14, village: 14, quarter: 15, neighbourhood: 15, hamlet: 15 };

/** How close the map goes for a street chosen in the palette: its buildings and name in view. */
export const STREET_ZOOM = 16;

/** Action ids the app runs (palette entries `action:<id>`). */
export type PaletteAction =
  | 'new-request'
  | 'queue'
  | 'kpi'
  | 'reports'
  | 'link'
  | 'conflicts'
  | 'users'
  | 'audit'
  | 'site-new'
  | 'asset-scan'
  | 'repairs'
  | 'readiness'
  | 'handover'
  | 'duty-settings'
  | 'reset-view'
  | 'lang:zh-CN'
  | 'lang:en'
  | `layer:${keyof LayerVisibility}`;

/**
 * Everything the palette can find: actions first, then open requests, sites and vehicles.
 * Each entry carries the other language's words too, so "depot" finds 中心物资库. Only what
 * the role is offered (views.ts): a wall viewer finds no "new request", an auditor no map.
 */
export function paletteEntries(input: {
  t: T;
  language: 'zh-CN' | 'en';
  sites: readonly Site[];
  /** The city's named places (map.names): chosen, the map goes there. */
  places?: readonly PlaceName[];
  /** The city's streets (map.names), one point each: chosen, the map goes there at street level. */
  streets?: readonly Street[];
  vehicles: readonly Vehicle[];
  /** A destination in the board's language (format/place.ts); as recorded when not given. */
  placeName?: (label: string) => string;
  requests: readonly SupplyRequest[];
  /** For "cancel dispatch" on the orders en route; none given, none offered. */
  dispatches?: readonly DispatchOrder[];
  /** Where each item is kept ("N95" lists those sites with their quantities); none given, none offered. */
  items?: readonly ItemType[];
  stock?: readonly Stock[];
  visibility: LayerVisibility;
  views: ConsoleViews;
}): PaletteEntry[] {
  const { t, language, visibility, views } = input;
  const place = input.placeName ?? ((label: string) => label);
  const action = (id: PaletteAction, label: string, detail: string, keywords: string[] = []): PaletteEntry => ({
    id: `action:${id}`,
    kind: 'action',
    label,
    detail,
    keywords,
  });
  const dock = (id: ConsoleViews['dockPanels'][number]) => views.dockPanels.includes(id);
  const when = (shown: boolean, ...list: PaletteEntry[]) => (shown ? list : []);
  const entries: PaletteEntry[] = [
    ...when(views.dispatch, action('new-request', t('dispatch:request.title'), 'N', ['new request', 'request', 'xinjian', '需求', '调拨'])),
    ...when(views.board, action('queue', t('dispatch:dispatchQueue.title'), t('app:palette.toggle'), ['dispatch queue', 'queue'])),
    ...when(dock('kpi'), action('kpi', t('dispatch:kpi.title'), t('app:palette.open'), ['kpi', 'statistics', 'report', 'csv', '统计'])),
    ...when(dock('reports'), action('reports', t('reports:panel.title'), t('app:palette.open'), ['reports', 'report', 'annual', 'year', 'month', 'quarter', 'chart', 'pdf', 'baobiao', '报表', '年报', '年度', '月报', '统计'])),
    ...when(dock('link'), action('link', t('link:health.title'), t('app:palette.open'), ['link health', 'link', 'network', '链路', 'cut', 'restore'])),
    ...when(dock('asset-scan'), action('asset-scan', t('assets:scan.title'), 'F2', ['scan', 'qr', 'rfid', 'epc', 'asset', 'equipment', 'saoma', '扫码', '二维码', '装备', '资产'])),
    ...when(dock('repairs'), action('repairs', t('assets:repairs.title'), t('app:palette.open'), ['repairs', 'repair', 'scrap', 'approve', 'weixiu', '维修', '报废', '审批'])),
    ...when(dock('readiness'), action('readiness', t('assets:readiness.title'), t('app:palette.open'), ['readiness', 'equipment', 'wanhaolv', '完好率', '装备'])),
    ...when(dock('handover'), action('handover', t('duty:panel.title'), t('app:palette.open'), ['handover', 'shift', 'sign', 'jiaojieban', '交接班', '交班', '接班', '值班'])),
    ...when(dock('duty-settings'), action('duty-settings', t('duty:settings.title'), t('app:palette.open'), ['duty settings', 'shifts', 'alert rules', 'time limits', 'zhiban', '值班设置', '班次', '预警规则', '时限'])),
    ...when(dock('conflicts'), action('conflicts', t('link:conflict.title'), t('app:palette.open'), ['conflicts', '冲突'])),
    ...when(dock('users'), action('users', t('people:users.title'), t('app:palette.open'), ['users', 'accounts', 'roles', 'password', 'yonghu', '账号', '角色', '密码', '令牌'])),
    ...when(dock('site-new'), action('site-new', t('sites:newSite.title'), t('app:palette.open'), ['new site', 'site', 'depot', 'quick-pick', 'station', 'xinjian zhandian', '站点', '库点', '快取点', '派出所'])),
    ...when(dock('audit'), action('audit', t('people:audit.title'), t('app:palette.open'), ['audit log', 'audit', 'log', 'verify', 'shenji', '审计', '日志', '校验'])),
    ...when(
      views.board,
      action('reset-view', t('app:toolbar.resetView'), t('app:palette.map'), ['reset view', 'fit']),
      ...layersFor(input.sites).map((layer) =>
        action(`layer:${layer}`, t('app:palette.layer', { layer: t(`app:layers.${layer}`) }), visibility[layer] ? t('app:palette.layerOn') : t('app:palette.layerOff'), ['layer', '图层', layer]),
      ),
    ),
    // Each language by its own name, marked as such (screen readers and the English pass read the mark).
    { ...action('lang:zh-CN', '中文', t('app:settings.language'), ['chinese', 'language', 'zh']), lang: 'zh-CN' },
    { ...action('lang:en', 'English', t('app:settings.language'), ['english', 'language', 'en', '英文']), lang: 'en' },
  ];
  for (const r of input.requests) {
    if (r.status !== 'open' && r.status !== 'dispatched') continue;
    entries.push({
      id: `request:${r.id}`,
      kind: 'request',
      label: place(r.destination.label),
      detail: `${t(`format:priority.${r.priority}`)} · ${t(`format:requestStatus.${r.status}`)}${r.requester ? ` · ${r.requester}` : ''}`,
      keywords: [r.requester, r.note, r.id.slice(0, 8), r.destination.label],
    });
  }
  // Cancelling is offered for active requests and their orders en route; the dialog it
  // opens asks for a reason and a confirmation, so choosing the entry cancels nothing yet.
  const plate = (id: string) => input.vehicles.find((v) => v.id === id)?.plate ?? id;
  for (const r of input.requests) {
    if (!views.dispatch || (r.status !== 'open' && r.status !== 'dispatched')) continue;
    const keywords = ['cancel', '取消', 'quxiao', r.requester, r.id.slice(0, 8)];
    entries.push({
      id: `cancel:request:${r.id}`,
      kind: 'cancel',
      label: t('dispatch:cancel.paletteRequest', { label: place(r.destination.label) }),
      detail: `${t(`format:priority.${r.priority}`)} · ${t(`format:requestStatus.${r.status}`)}`,
      keywords,
    });
    for (const d of input.dispatches ?? []) {
      if (d.requestId !== r.id || d.status !== 'enroute') continue;
      entries.push({
        id: `cancel:dispatch:${d.id}`,
        kind: 'cancel',
        label: t('dispatch:cancel.paletteDispatch', { plate: plate(d.vehicleId), label: place(r.destination.label) }),
        detail: t(`format:dispatchStatus.${d.status}`),
        keywords: [...keywords, plate(d.vehicleId).replace(/[·\s]/g, '')],
      });
    }
  }
  for (const s of input.sites) {
    entries.push({
      id: `site:${s.id}`,
      kind: 'site',
      label: language === 'en' ? s.nameEn : s.name,
      detail: `${t(`format:siteKind.${s.kind}`)} · ${s.address}`,
      keywords: [language === 'en' ? s.name : s.nameEn, s.id, s.address],
    });
  }
  for (const [i, p] of (input.places ?? []).entries()) {
    entries.push({
      id: `place:${i}`,
      kind: 'place',
      label: p.name,
      detail: t(`dispatch:request.placeKind.${p.kind}`),
      keywords: [p.kind],
    });
  }
  for (const [i, st] of (input.streets ?? []).entries()) {
    entries.push({ id: `street:${i}`, kind: 'street', label: st.name, detail: t('dispatch:request.street'), keywords: [], literal: true });
  }
  // Where each item is kept, most first; found only by the item's own words (PaletteEntry.anchor).
  const num = numberFormat(language);
  const siteById = new Map(input.sites.map((s) => [s.id, s]));
  for (const item of input.items ?? []) {
    const held = (input.stock ?? []).filter((l) => l.itemId === item.id && l.quantity > 0 && siteById.has(l.siteId)).sort((a, b) => b.quantity - a.quantity);
    const [name, otherName] = language === 'en' ? [item.nameEn, item.name] : [item.name, item.nameEn];
    for (const line of held) {
      const s = siteById.get(line.siteId)!;
      entries.push({
        id: `stock:${s.id}:${item.id}`,
        kind: 'stock',
        label: `${name} · ${language === 'en' ? s.nameEn : s.name}`,
        detail: t('app:palette.stockDetail', { quantity: num.format(line.quantity), unit: language === 'en' ? item.unitEn : item.unit, kind: t(`format:siteKind.${s.kind}`) }),
        keywords: [otherName, item.id, language === 'en' ? s.name : s.nameEn],
        anchor: [item.name, item.nameEn, item.id],
      });
    }
  }
  for (const v of input.vehicles) {
    entries.push({
      id: `vehicle:${v.id}`,
      kind: 'vehicle',
      label: v.plate,
      detail: `${t(`format:vehicleKind.${v.kind}`)} · ${t(`format:status.${v.status}`)}`,
      // Plates are typed without the separator dot: "A7919".
      keywords: [v.id, v.plate.replace(/[·\s]/g, ''), ...v.crew],
    });
  }
  return entries;
}
