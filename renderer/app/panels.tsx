import type { ReactNode } from 'react';
import type { Permission } from '../../shared/permissions';
import type { DispatchOrder, ItemType, Site, SupplyRequest, Vehicle } from '../../shared/domain';
import { AlertDesk } from '../alerts/AlertDesk';
import { AssetRecord } from '../assets/AssetRecord';
import { ReadinessPanel, SiteReadiness } from '../assets/ReadinessPanel';
import { RepairsPanel } from '../assets/RepairsPanel';
import { ScanPanel } from '../assets/ScanPanel';
import type { BoardClient } from '../api/board-client';
import { showOutageBanner } from '../api/link-down';
import type { BoardState } from '../api/use-board';
import type { CancelIntent } from '../dispatch/cancel';
import { CancelDialog } from '../dispatch/CancelDialog';
import { KpiPanel } from '../dispatch/KpiPanel';
import { ReportsPanel } from '../reports/ReportsPanel';
import { PickBanner } from '../dispatch/PickBanner';
import type { DraftStore } from '../dispatch/request-draft';
import { RequestPanel, type RequestDraft } from '../dispatch/RequestPanel';
import { VehiclePanel } from '../fleet/VehiclePanel';
import type { ConflictNames } from '../link/conflict-text';
import { ConflictPanel } from '../link/ConflictPanel';
import { LinkHealthPanel } from '../link/LinkHealthPanel';
import { OutageBanner } from '../link/OutageBanner';
import { AuditPanel } from '../people/AuditPanel';
import { UsersPanel } from '../people/UsersPanel';
import { CitiesPanel } from '../cities/CitiesPanel';
import { DutySettingsPanel } from '../duty/DutySettingsPanel';
import { HandoverPanel } from '../duty/HandoverPanel';
import { showRewindNotice } from '../link/rewind-notice';
import { RewindBanner } from '../link/RewindBanner';
import type { LayerVisibility, MapPoint, MapSelection, RoadFeature } from '../map/board-map';
import type { CoverageBands } from '../map/coverage-layer';
import { CoverageLegend } from '../map/CoverageLegend';
import type { HeatFrame } from '../map/heat-layer';
import { HeatLegend } from '../map/HeatLegend';
import { MapLegend } from '../map/MapLegend';
import type { VehicleFeed } from '../map/vehicle-feed';
import { NewSitePanel } from '../sites/NewSitePanel';
import type { PickedPosition, SitePickIntent } from '../sites/site-pick';
import { SitePickBanner } from '../sites/SitePickBanner';
import { SitePanel } from '../sites/SitePanel';
import { isNeighbourRow } from '../map/site-style';
import { vehicleTarget, type PendingMarks } from '../ui/pending-marks';
import { HostBanner } from './HostBanner';

/**
 * The console's panels and overlays, as data (like the wall's scenes in wall/scenes.ts):
 * App renders whichever entry is open from these lists. A new panel is one entry here;
 * what it needs from the shell comes in ShellContext.
 */

/** The board's data as the shell holds it (from the snapshot). */
export type ShellData = {
  sites: readonly Site[];
  vehicles: readonly Vehicle[];
  vehiclesById: ReadonlyMap<string, Vehicle>;
  items: readonly ItemType[];
};

/** What the shell hands every panel and overlay: the board, the shell's state, its actions. */
export type ShellContext = ShellData & {
  client: BoardClient;
  feed: VehicleFeed;
  board: BoardState;
  now: number;
  /** The local backend is unreachable (the console shows its last known state). */
  hostLost: boolean;
  pending: PendingMarks;
  /** Sites, items and vehicles by id, to name things as officers know them. */
  names: ConflictNames;
  closeSidePanel(): void;
  /** Opens a side panel (an asset's record from a lookup or the repairs list). */
  openSidePanel(selection: SideSelection): void;
  closeDockPanel(): void;
  openDockPanel(id: DockPanelId): void;
  visibility: LayerVisibility;
  coverage: CoverageBands | null;
  /** The request heat map's current frame (null while the layer is off). */
  heat: HeatFrame | null;
  /** Choosing a destination on the map (request panel). */
  pickMode: boolean;
  rewind: { dismissedAt: number | null; dismiss(at: number | null): void };
  request: RequestShell;
  cancel: CancelShell;
  sitePick: SitePickShell;
};

/** An administrator placing or moving a site on the map (the map is in pick mode meanwhile). */
export type SitePickShell = {
  current: SitePickIntent | null;
  /** The position clicked; null until the first click. */
  at: PickedPosition | null;
  start(intent: SitePickIntent): void;
  cancel(): void;
  /** The command is queued. */
  done(siteId: string): void;
};

/** Cancelling a request or a dispatch order: one dialog, opened from the queue, the request panel or the palette. */
export type CancelShell = {
  /** What the open dialog would cancel; null while none is open. */
  current: CancelIntent | null;
  requestById: ReadonlyMap<string, SupplyRequest>;
  dispatchById: ReadonlyMap<string, DispatchOrder>;
  itemName(itemId: string): string;
  placeName(label: string): string;
  /** `closesRequestPanel`: asked from the request panel, which closes once the cancel is queued. */
  open(intent: CancelIntent, closesRequestPanel?: boolean): void;
  onSent(intent: CancelIntent): void;
  close(): void;
};

/** The request panel's ties to the map and the queue, kept by the shell. */
export type RequestShell = {
  /** The recorded request being dispatched; null for a new one. */
  requestFor: string | null;
  requestById: ReadonlyMap<string, SupplyRequest>;
  setPickMode(on: boolean): void;
  picked: (MapPoint & { seq: number }) | null;
  roadFeatures(): RoadFeature[];
  vehicleDistanceKm(vehicleId: string, lon: number, lat: number): number | null;
  onDraft(draft: RequestDraft): void;
  onDispatched(requestId: string): void;
  /** A new request's half-filled form, kept while the panel is closed. */
  drafts: DraftStore;
};

/** A detail panel on the right, for one selected thing. */
export type SidePanelDef = {
  id: string;
  /** What the session must hold for the panel to open (all of them): viewsFor in views.ts. */
  permissions: readonly Permission[];
  /** A selected thing no longer in the data closes its panel. */
  exists(id: string, data: ShellData): boolean;
  /** What the map highlights while the panel is open. */
  mapSelection(id: string, data: ShellData): MapSelection;
  render(id: string, ctx: ShellContext): ReactNode;
};

export const SIDE_PANELS = [
  {
    id: 'site',
    permissions: ['board.read'],
    exists: (id, data) => data.sites.some((s) => s.id === id),
    mapSelection: (id) => ({ kind: 'site', siteId: id }),
    render: (id, ctx) => {
      const neighbour = ctx.sites.some((s) => s.id === id && isNeighbourRow(s));
      return (
        <SitePanel
          client={ctx.client}
          siteId={id}
          epoch={ctx.board.dataEpoch}
          pending={ctx.pending}
          onError={ctx.board.reportError}
          onClose={ctx.closeSidePanel}
          onMove={(site) => ctx.sitePick.start({ kind: 'move', site })}
          moving={ctx.sitePick.current?.kind === 'move' && ctx.sitePick.current.site.id === id}
          readiness={<SiteReadiness client={ctx.client} siteId={id} neighbour={neighbour} />}
          neighbour={neighbour}
        />
      );
    },
  },
  {
    id: 'vehicle',
    permissions: ['board.read'],
    exists: (id, data) => data.vehiclesById.has(id),
    mapSelection: (id, data) => {
      const v = data.vehiclesById.get(id);
      return v ? { kind: 'vehicle', vehicleNo: v.no } : null;
    },
    render: (id, ctx) => (
      <VehiclePanel
        client={ctx.client}
        vehicleId={id}
        epoch={ctx.board.dataEpoch}
        feed={ctx.feed}
        sites={ctx.sites}
        items={ctx.items}
        pending={ctx.pending.get(vehicleTarget(id)) ?? null}
        onError={ctx.board.reportError}
        onClose={ctx.closeSidePanel}
        neighbour={ctx.vehicles.some((v) => v.id === id && isNeighbourRow(v))}
      />
    ),
  },
  {
    // An asset's record, opened by a scan anywhere, the lookup field or the repairs list. The
    // ledger is not in the shell's data: a missing asset shows "not found" in the panel itself.
    id: 'asset',
    permissions: ['board.read'],
    exists: () => true,
    mapSelection: () => null,
    render: (id, ctx) => <AssetRecord client={ctx.client} assetId={id} sites={ctx.sites} pending={ctx.pending} onError={ctx.board.reportError} onClose={ctx.closeSidePanel} />,
  },
] as const satisfies readonly SidePanelDef[];

export type SidePanelId = (typeof SIDE_PANELS)[number]['id'];
export type SideSelection = { panel: SidePanelId; id: string };

export function sidePanel(id: SidePanelId): SidePanelDef {
  return SIDE_PANELS.find((p) => p.id === id)!;
}

/** A panel docked at the map's top-left, opened from the top bar or the palette; one at a time. */
export type DockPanelDef = {
  id: string;
  /** What the session must hold for the panel to be offered (all of them): viewsFor in views.ts. */
  permissions: readonly Permission[];
  /** Null while it cannot show yet (the request panel before the map's bounds are known). */
  render(ctx: ShellContext): ReactNode;
};

export const DOCK_PANELS = [
  {
    id: 'link',
    permissions: ['board.read'],
    render: (ctx) => <LinkHealthPanel client={ctx.client} link={ctx.board.link} names={ctx.names} now={ctx.now} onClose={ctx.closeDockPanel} />,
  },
  {
    id: 'conflicts',
    permissions: ['board.read'],
    render: (ctx) => <ConflictPanel client={ctx.client} epoch={ctx.board.dataEpoch} names={ctx.names} now={ctx.now} onClose={ctx.closeDockPanel} />,
  },
  {
    // 预警台: opened from the bell in the top bar.
    id: 'alerts',
    permissions: ['board.read'],
    render: (ctx) => <AlertDesk client={ctx.client} sites={ctx.sites} items={ctx.items} now={ctx.now} onClose={ctx.closeDockPanel} />,
  },
  {
    id: 'kpi',
    permissions: ['board.read'],
    render: (ctx) => <KpiPanel client={ctx.client} epoch={ctx.board.dataEpoch} now={ctx.now} items={ctx.items} sites={ctx.sites} onClose={ctx.closeDockPanel} />,
  },
  {
    // 业务报表: shift to year, charts, the annual headline; from the palette (the top bar is full).
    id: 'reports',
    permissions: ['board.read'],
    render: (ctx) => <ReportsPanel client={ctx.client} epoch={ctx.board.dataEpoch} onClose={ctx.closeDockPanel} />,
  },
  {
    id: 'request',
    permissions: ['board.read', 'dispatch.write'],
    render: (ctx) => {
      const { request: r, board } = ctx;
      if (!board.mapInfo || (r.requestFor !== null && !r.requestById.has(r.requestFor))) return null;
      return (
        <RequestPanel
          key={r.requestFor ?? 'new'}
          client={ctx.client}
          items={ctx.items}
          sites={ctx.sites}
          vehicles={ctx.vehicles}
          bounds={board.mapInfo.bounds}
          existing={r.requestFor ? (r.requestById.get(r.requestFor) ?? null) : null}
          pending={ctx.pending}
          pickMode={ctx.pickMode}
          onPickMode={r.setPickMode}
          picked={r.picked}
          roadFeatures={r.roadFeatures}
          vehicleDistanceKm={r.vehicleDistanceKm}
          onDraft={r.onDraft}
          onDispatched={r.onDispatched}
          onCancelRequest={(requestId) => ctx.cancel.open({ kind: 'request', requestId }, true)}
          drafts={r.drafts}
          onClose={ctx.closeDockPanel}
        />
      );
    },
  },
  {
    // 扫码查找装备 (F2): the lookup field.
    id: 'asset-scan',
    permissions: ['board.read'],
    render: (ctx) => <ScanPanel client={ctx.client} onFound={(id) => ctx.openSidePanel({ panel: 'asset', id })} onClose={ctx.closeDockPanel} />,
  },
  {
    id: 'repairs',
    permissions: ['board.read'],
    render: (ctx) => (
      <RepairsPanel client={ctx.client} now={ctx.now} vehiclesById={ctx.vehiclesById} pending={ctx.pending} onOpenAsset={(id) => ctx.openSidePanel({ panel: 'asset', id })} onClose={ctx.closeDockPanel} />
    ),
  },
  {
    id: 'readiness',
    permissions: ['board.read'],
    render: (ctx) => (
      <ReadinessPanel client={ctx.client} sites={ctx.sites} pending={ctx.pending} onOpenRepairs={() => ctx.openDockPanel('repairs')} onOpenAsset={(id) => ctx.openSidePanel({ panel: 'asset', id })} onClose={ctx.closeDockPanel} />
    ),
  },
  {
    // 交接班: the shift's draft, signing out and taking over, the handovers on file.
    id: 'handover',
    permissions: ['board.read'],
    render: (ctx) => <HandoverPanel client={ctx.client} epoch={ctx.board.dataEpoch} onClose={ctx.closeDockPanel} />,
  },
  {
    // Settings → 值班设置: time limits, alert rules, request classes, shifts and teams.
    id: 'duty-settings',
    permissions: ['duty.settings'],
    render: (ctx) => <DutySettingsPanel client={ctx.client} onClose={ctx.closeDockPanel} />,
  },
  {
    id: 'users',
    permissions: ['users.admin'],
    render: (ctx) => <UsersPanel client={ctx.client} epoch={ctx.board.dataEpoch} sites={ctx.sites} vehicles={[...ctx.vehiclesById.values()]} onClose={ctx.closeDockPanel} />,
  },
  {
    id: 'site-new',
    permissions: ['board.read', 'sites.admin'],
    render: (ctx) => <NewSitePanel sites={ctx.sites} picking={ctx.sitePick.current} onPick={ctx.sitePick.start} onClose={ctx.closeDockPanel} />,
  },
  {
    // Settings → Cities: import, switch, delete the workstation's cities.
    id: 'cities',
    permissions: ['cities.admin'],
    render: (ctx) => <CitiesPanel client={ctx.client} onClose={ctx.closeDockPanel} />,
  },
  {
    id: 'audit',
    permissions: ['audit.read'],
    render: (ctx) => <AuditPanel client={ctx.client} names={ctx.names} epoch={ctx.board.dataEpoch} onClose={ctx.closeDockPanel} />,
  },
] as const satisfies readonly DockPanelDef[];

export type DockPanelId = (typeof DOCK_PANELS)[number]['id'];

export function dockPanel(id: DockPanelId): DockPanelDef {
  return DOCK_PANELS.find((p) => p.id === id)!;
}

/**
 * Things shown over the board while a condition holds. 'banner': full width under the top
 * bar, in the page flow, so it never hides a panel; 'stage': over the map (each has its
 * own z-index in its folder's stylesheet); 'modal': over everything, taking the keyboard.
 */
export type OverlayDef = {
  id: string;
  slot: 'banner' | 'stage' | 'modal';
  render(ctx: ShellContext): ReactNode;
};

export const OVERLAYS = [
  {
    id: 'outage',
    slot: 'banner',
    render: (ctx) => {
      const link = ctx.board.link;
      return link && showOutageBanner(link, ctx.now) && !ctx.hostLost ? (
        <OutageBanner link={link} now={ctx.now} onDetails={() => ctx.openDockPanel('link')} client={ctx.client} />
      ) : null;
    },
  },
  {
    id: 'rewind',
    slot: 'banner',
    render: (ctx) => {
      const link = ctx.board.link;
      const mode = ctx.hostLost ? null : showRewindNotice(link, ctx.now, ctx.rewind.dismissedAt);
      return mode && link ? (
        <RewindBanner link={link} mode={mode} now={ctx.now} onDetails={() => ctx.openDockPanel('link')} onDismiss={() => ctx.rewind.dismiss(link.lastRewind?.at ?? null)} />
      ) : null;
    },
  },
  {
    id: 'host-lost',
    slot: 'stage',
    render: (ctx) => (ctx.hostLost ? <HostBanner /> : null),
  },
  {
    id: 'pick-destination',
    slot: 'stage',
    render: (ctx) => (ctx.pickMode ? <PickBanner /> : null),
  },
  {
    id: 'site-pick',
    slot: 'stage',
    render: (ctx) =>
      ctx.sitePick.current && ctx.board.mapInfo ? (
        <SitePickBanner
          key={`${ctx.sitePick.current.kind}:${ctx.sitePick.current.site.id}`}
          client={ctx.client}
          pick={ctx.sitePick.current}
          at={ctx.sitePick.at}
          bounds={ctx.board.mapInfo.bounds}
          onDone={ctx.sitePick.done}
          onCancel={ctx.sitePick.cancel}
        />
      ) : null,
  },
  {
    id: 'map-legend',
    slot: 'stage',
    render: (ctx) => (ctx.board.mapInfo ? <MapLegend vehicles={ctx.vehicles} sites={ctx.sites} /> : null),
  },
  {
    id: 'coverage-legend',
    slot: 'stage',
    render: (ctx) => (ctx.visibility.coverage ? <CoverageLegend bands={ctx.coverage} /> : null),
  },
  {
    id: 'heat-legend',
    slot: 'stage',
    render: (ctx) => (ctx.visibility.heat && ctx.heat ? <HeatLegend frame={ctx.heat} now={ctx.now} /> : null),
  },
  {
    id: 'cancel',
    slot: 'modal',
    render: ({ cancel: c, client, vehiclesById }) =>
      c.current ? (
        <CancelDialog
          client={client}
          intent={c.current}
          requestById={c.requestById}
          dispatchById={c.dispatchById}
          vehiclesById={vehiclesById}
          itemName={c.itemName}
          placeName={c.placeName}
          onSent={c.onSent}
          onClose={c.close}
        />
      ) : null,
  },
] as const satisfies readonly OverlayDef[];
