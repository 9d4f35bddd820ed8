import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertLevel, DispatchOrder, Stock, SupplyRequest, Vehicle } from '../../shared/domain';
import { ALERT_LEVEL_RGBA, runColor, withAlpha } from '../../shared/palette';
import { haversineM } from '../../shared/routing/geo';
import type { BoardClient } from '../api/board-client';
import { useBoard } from '../api/use-board';
import { notFoundText } from '../assets/ScanPanel';
import { SCAN_GAP_MS } from '../assets/scan-detector';
import { useScanListener } from '../assets/use-scan';
import { cancelTarget, type CancelIntent } from '../dispatch/cancel';
import { DispatchQueue } from '../dispatch/DispatchQueue';
import { planPaths } from '../dispatch/plan-edit';
import { buildQueue, isActive } from '../dispatch/queue';
import { createDraftStore } from '../dispatch/request-draft';
import type { RequestDraft } from '../dispatch/RequestPanel';
import { useCoverage } from '../dispatch/use-coverage';
import { useCityNames } from '../dispatch/use-city-names';
import { useDispatchRoutes } from '../dispatch/use-dispatch-routes';
import { useRequests, type RequestsView } from '../dispatch/use-requests';
import { errorText } from '../format/error-text';
import { placeNamer } from '../format/place';
import { currentLanguage, isLanguage } from '../i18n';
import type { BoardMap, BoardMapState, LayerVisibility, MapPick, MapPoint, MapSelection } from '../map/board-map';
import { alertMarks, type AlertMark } from '../map/alert-layer';
import { useAlerts } from '../alerts/use-alerts';
import type { DestinationMark } from '../map/destination-layer';
import { createHeatRefresher, type HeatPoint } from '../map/heat-layer';
import { MapView } from '../map/MapView';
import type { RoutePath } from '../map/route-layer';
import { countStale, readVehicle } from '../map/vehicle-buffers';
import type { VehicleFeed } from '../map/vehicle-feed';
import { previewSites, type PickedPosition, type SitePickIntent } from '../sites/site-pick';
import { pendingTargets, withJustQueued } from '../ui/pending-marks';
import { useSession } from '../api/session';
import { useNow } from '../ui/use-now';
import { AloneConsole } from './AloneConsole';
import { CommandPalette } from './CommandPalette';
import { loadVisibility, saveVisibility } from './layer-visibility';
import type { PaletteEntry } from './palette';
import { paletteEntries, PLACE_ZOOM, STREET_ZOOM, type PaletteAction } from './palette-entries';
import { dockPanel, OVERLAYS, sidePanel, type DockPanelId, type ShellContext, type ShellData, type SideSelection } from './panels';
import type { TestHookSource } from './test-hook';
import { TopBar } from './TopBar';
import { viewsFor, type ConsoleViews } from './views';

const HOST_GRACE_MS = 3000;
const QUEUE_KEY = 'jingbao.queueCollapsed';
/** The request panel's width and margins (dispatch/dispatch.css .dock-panel:has(.request-panel)). */
const REQUEST_PANEL_CLEARANCE_PX = 600;

const NO_DRAFT: RequestDraft = { destination: null, plan: null, editing: false };

/** Typing in a field is not a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

function readQueueCollapsed(): boolean {
  try {
    return localStorage.getItem(QUEUE_KEY) === 'true';
  } catch {
    return false;
  }
}


type AppProps = {
  client: BoardClient;
  feed: VehicleFeed;
  testHook: TestHookSource;
};

/**
 * The console for whoever is signed in: the board with what their role is offered
 * (views.ts), or, for a role that may not read the board (the auditor), the one view it
 * has in its place; the board's hooks then never run, so no board call is made for it.
 */
export function App(props: AppProps) {
  const { status } = useSession();
  const views = useMemo(() => viewsFor(status.permissions), [status.permissions]);
  return views.board ? <BoardConsole {...props} views={views} /> : <AloneConsole client={props.client} views={views} />;
}

function BoardConsole({ client, feed, testHook, views }: AppProps & { views: ConsoleViews }) {
  const { t, i18n } = useTranslation('app');
  const language = currentLanguage(i18n);
  const board = useBoard(client, feed);
  const now = useNow(1000);
  const [selection, setSelection] = useState<SideSelection | null>(null);
  const [dock, setDock] = useState<DockPanelId | null>(null);
  const [rewindDismissed, setRewindDismissed] = useState<number | null>(null);
  const [visibility, setVisibility] = useState<LayerVisibility>(() => loadVisibility());
  const [boardMap, setBoardMap] = useState<BoardMap | null>(null);
  const hadConnection = useRef(false);
  const [startedAt] = useState(() => Date.now());
  // Dispatch: the request panel (new, or dispatching a recorded request), the queue, the palette.
  const [requestFor, setRequestFor] = useState<string | null>(null);
  const [draft, setDraft] = useState<RequestDraft>(NO_DRAFT);
  const [pickMode, setPickMode] = useState(false);
  const [picked, setPicked] = useState<(MapPoint & { seq: number }) | null>(null);
  const [selectedRequest, setSelectedRequest] = useState<string | null>(null);
  const [queueCollapsed, setQueueCollapsed] = useState(readQueueCollapsed);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [cancelling, setCancelling] = useState<{ intent: CancelIntent; closesRequestPanel: boolean } | null>(null);
  // An administrator placing or moving a site: what, and where the map was clicked.
  const [sitePick, setSitePick] = useState<SitePickIntent | null>(null);
  const [sitePoint, setSitePoint] = useState<PickedPosition | null>(null);
  // A site just placed opens once the board lists it (before, its panel would close at once).
  const [openWhenListed, setOpenWhenListed] = useState<string | null>(null);

  const sites = useMemo(() => board.snapshot?.sites ?? [], [board.snapshot]);
  const vehicles = useMemo(() => board.snapshot?.vehicles ?? [], [board.snapshot]);
  const vehiclesByNo = useMemo(() => new Map<number, Vehicle>(vehicles.map((v) => [v.no, v])), [vehicles]);
  const vehiclesById = useMemo(() => new Map<string, Vehicle>(vehicles.map((v) => [v.id, v])), [vehicles]);
  const items = useMemo(() => board.snapshot?.items ?? [], [board.snapshot]);
  const backendPending = useMemo(() => pendingTargets(board.snapshot?.pending ?? []), [board.snapshot]);
  const conflictNames = useMemo(() => ({ items, sites, vehicles }), [items, sites, vehicles]);
  const conflicts = board.link?.conflicts ?? 0;
  const haveLink = board.link !== null;
  const seenConflicts = useRef<number | null>(null);

  const reportCallError = useCallback((e: unknown) => board.reportError(t('errors:error.call', { message: errorText(t, e) })), [board.reportError, t]);
  const requestsView = useRequests(client, board.dataEpoch, reportCallError);
  // A cancel just queued is marked pending at once, until the next request list (where the
  // backend has laid it over the view, or lists it as pending itself).
  const [sentCancels, setSentCancels] = useState<{ view: RequestsView; targets: readonly string[] }>({ view: requestsView, targets: [] });
  const pending = useMemo(() => withJustQueued(backendPending, sentCancels.view === requestsView ? sentCancels.targets : []), [backendPending, sentCancels, requestsView]);
  const queueRows = useMemo(() => buildQueue(requestsView.requests, requestsView.dispatches, pending, now, undefined, requestsView.etas), [requestsView, pending, now]);
  const requestById = useMemo(() => new Map<string, SupplyRequest>(requestsView.requests.map((r) => [r.id, r])), [requestsView]);
  const dispatchById = useMemo(() => new Map<string, DispatchOrder>(requestsView.dispatches.map((d) => [d.id, d])), [requestsView]);
  const enrouteIds = useMemo(() => requestsView.dispatches.filter((d) => d.status === 'enroute').map((d) => d.id), [requestsView]);
  const routes = useDispatchRoutes(client, enrouteIds);
  const coverage = useCoverage(client, visibility.coverage, reportCallError);
  const placeName = useMemo(() => placeNamer(t, language, sites), [t, language, sites]);
  const itemName = useCallback(
    (id: string) => {
      const i = items.find((x) => x.id === id);
      return i ? (language === 'en' ? i.nameEn : i.name) : id;
    },
    [items, language],
  );

  // A dispatched request's level colours its routes and its destination on the map.
  // Keyed by a string so the map layers are rebuilt when a level changes, not every second.
  const levelKey = useMemo(() => queueRows.flatMap((r) => (r.countdown ? [`${r.request.id}=${r.countdown.level}`] : [])).join(','), [queueRows]);
  const levelByRequest = useMemo(() => new Map(levelKey ? levelKey.split(',').map((x) => x.split('=') as [string, AlertLevel]) : []), [levelKey]);
  const dispatchRoutes: RoutePath[] = useMemo(
    () =>
      requestsView.dispatches.flatMap((d) => {
        const path = routes.get(d.id);
        if (!path || d.status !== 'enroute') return [];
        const selected = d.requestId === selectedRequest;
        const level = levelByRequest.get(d.requestId) ?? 'green';
        return [{ id: d.id, path, color: withAlpha(ALERT_LEVEL_RGBA[level], selected ? 255 : 170), widthPx: selected ? 6 : 3.5 }];
      }),
    [requestsView, routes, selectedRequest, levelByRequest],
  );
  const planRoutes: RoutePath[] = useMemo(
    () => (draft.plan ? planPaths(draft.plan).map((p, i) => ({ id: `plan-${i}`, path: p.path, color: runColor(p.runIndex), widthPx: 5 })) : []),
    [draft.plan],
  );
  const destinations: DestinationMark[] = useMemo(() => {
    const marks: DestinationMark[] = requestsView.requests.flatMap((r) => {
      const level = levelByRequest.get(r.id);
      return level ? [{ id: r.id, lon: r.destination.lon, lat: r.destination.lat, level, kind: 'active' as const, selected: r.id === selectedRequest }] : [];
    });
    if (draft.destination) marks.push({ id: 'draft', lon: draft.destination.lon, lat: draft.destination.lat, level: 'green', kind: 'draft', selected: true });
    return marks;
  }, [requestsView, levelByRequest, selectedRequest, draft.destination]);
  // Alerts with a place ring it on the map; rebuilt when a ring changes, not on every read of the list.
  const alertList = useAlerts(client).list;
  const alertKey = useMemo(() => JSON.stringify(alertMarks(alertList?.alerts ?? [])), [alertList]);
  const mapAlerts = useMemo(() => JSON.parse(alertKey) as AlertMark[], [alertKey]);
  const heat: HeatPoint[] = useMemo(() => requestsView.requests.map((r) => ({ lon: r.destination.lon, lat: r.destination.lat, at: r.createdAt })), [requestsView]);
  // Refreshed every 5 minutes, as the division's heat maps are: the same frame until then.
  const [refreshHeat] = useState(createHeatRefresher);
  const heatFrame = visibility.heat ? refreshHeat(heat, now) : null;

  const data: ShellData = useMemo(() => ({ sites, vehicles, vehiclesById, items }), [sites, vehicles, vehiclesById, items]);
  const mapSelection: MapSelection = useMemo(() => (selection ? sidePanel(selection.panel).mapSelection(selection.id, data) : null), [selection, data]);

  // While a site is placed or moved, the map draws it at the position clicked, selected.
  const mapSites = useMemo(() => previewSites(sites, sitePick, sitePoint), [sites, sitePick, sitePoint]);
  const shownSelection: MapSelection = sitePick ? { kind: 'site', siteId: sitePick.site.id } : mapSelection;
  const mapPickMode = pickMode || sitePick !== null;
  const mapState: BoardMapState = useMemo(
    () => ({ sites: mapSites, visibility, language, selection: shownSelection, planRoutes, dispatchRoutes, destinations, alerts: mapAlerts, coverage, heat: heatFrame, pickMode: mapPickMode }),
    // shownSelection is a new object while picking: its parts are the dependencies.
    [mapSites, visibility, language, mapSelection, sitePick, planRoutes, dispatchRoutes, destinations, mapAlerts, coverage, heatFrame, mapPickMode],
  );

  const onPick = useCallback(
    (pick: MapPick) => {
      if (pick.kind === 'site') setSelection({ panel: 'site', id: pick.siteId });
      else if (pick.kind === 'request') setSelectedRequest(pick.requestId);
      else {
        const v = vehiclesByNo.get(pick.vehicleNo);
        if (v) setSelection({ panel: 'vehicle', id: v.id });
      }
    },
    [vehiclesByNo],
  );
  const describeVehicle = useCallback(
    (no: number) => {
      const v = vehiclesByNo.get(no);
      return v ? `${v.plate} · ${t(`format:status.${v.status}`)}` : `#${no}`;
    },
    [vehiclesByNo, t],
  );
  const onMap = useCallback((map: BoardMap | null, loaded: boolean) => {
    setBoardMap(map);
    testHook.map = map;
    testHook.mapLoaded = loaded;
  }, [testHook]);

  const toggleLayer = useCallback((layer: keyof LayerVisibility) => {
    setVisibility((v) => {
      const next = { ...v, [layer]: !v[layer] };
      saveVisibility(next);
      return next;
    });
  }, []);
  const closePanel = useCallback(() => setSelection(null), []);
  // A keyboard-wedge scan anywhere opens the asset's record (its characters are taken out of
  // whatever field they landed in); not found, a toast names the code and what it looked like.
  const onScan = useCallback(
    (code: string) => {
      client.call('asset.find', { code }).then(
        (found) => setSelection({ panel: 'asset', id: found.asset.id }),
        (e: unknown) => board.reportError(notFoundText(t, e) ?? t('errors:error.call', { message: errorText(t, e) })),
      );
    },
    [client, board.reportError, t],
  );
  useScanListener(onScan, views.board);
  const openScan = useCallback(() => {
    setPaletteOpen(false);
    setDock('asset-scan');
    // Open already: the caret goes back into its field.
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-testid="asset-scan-code"]')?.focus());
  }, []);
  const closeDock = useCallback(() => setDock(null), []);
  const toggleDock = useCallback((which: DockPanelId) => setDock((d) => (d === which ? null : which)), []);

  const openCancel = useCallback((intent: CancelIntent, closesRequestPanel = false) => {
    setPaletteOpen(false);
    setCancelling({ intent, closesRequestPanel });
  }, []);
  const onCancelSent = useCallback(
    (intent: CancelIntent) => {
      const target = cancelTarget(intent);
      setSentCancels((s) => ({ view: requestsView, targets: s.view === requestsView ? [...s.targets, target] : [target] }));
      // Nothing is left to dispatch in the panel that showed the request.
      if (cancelling?.closesRequestPanel) setDock(null);
    },
    [requestsView, cancelling],
  );
  const openRequest = useCallback((requestId: string | null) => {
    setRequestFor(requestId);
    setDock('request');
    setPaletteOpen(false);
  }, []);
  const sitePickRef = useRef(sitePick);
  sitePickRef.current = sitePick;
  const onPickPoint = useCallback((point: MapPoint) => {
    // A site goes exactly where the click was, never onto another site.
    if (sitePickRef.current) setSitePoint({ lon: point.clicked.lon, lat: point.clicked.lat });
    else setPicked((p) => ({ ...point, seq: (p?.seq ?? 0) + 1 }));
  }, []);
  const startSitePick = useCallback((intent: SitePickIntent) => {
    setPickMode(false);
    setPaletteOpen(false);
    setSitePick(intent);
    setSitePoint(null);
  }, []);
  const cancelSitePick = useCallback(() => {
    setSitePick(null);
    setSitePoint(null);
  }, []);
  const onSitePlaced = useCallback(
    (siteId: string) => {
      const placed = sitePickRef.current?.kind === 'place';
      cancelSitePick();
      if (placed) {
        setDock((d) => (d === 'site-new' ? null : d));
        setOpenWhenListed(siteId);
      }
    },
    [cancelSitePick],
  );
  // Keyboard flow goes on in the queue: the dispatched request's row takes the focus once it
  // is listed (a request recorded a moment ago may not be yet). Given up after a while, so a
  // late reload never steals the focus from what the officer is doing by then.
  const focusRow = useRef<{ requestId: string; until: number } | null>(null);
  // A half-filled new request survives closing its panel (Esc included).
  const drafts = useMemo(() => createDraftStore(), []);
  const onDispatched = useCallback((requestId: string) => {
    setDock(null);
    setSelectedRequest(requestId);
    setQueueCollapsed(false);
    focusRow.current = { requestId, until: Date.now() + 30_000 };
  }, []);
  useEffect(() => {
    const want = focusRow.current;
    if (!want) return;
    if (Date.now() > want.until) {
      focusRow.current = null;
      return;
    }
    // The officer is typing somewhere by now: leave the focus there.
    const active = document.activeElement;
    if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement) {
      focusRow.current = null;
      return;
    }
    const row = document.querySelector<HTMLElement>(`[data-testid="request-row"][data-request-id="${want.requestId}"]`);
    if (row) {
      focusRow.current = null;
      row.focus();
    }
  }, [queueRows, dock]);
  const toggleQueue = useCallback(() => {
    setQueueCollapsed((c) => {
      try {
        localStorage.setItem(QUEUE_KEY, String(!c));
      } catch {
        // Not remembered; it still toggles.
      }
      return !c;
    });
  }, []);
  const vehicleDistanceKm = useCallback(
    (vehicleId: string, lon: number, lat: number) => {
      const v = vehiclesById.get(vehicleId);
      const at = v ? readVehicle(feed.buffers, v.no) : null;
      return at ? haversineM(at.lon, at.lat, lon, lat) / 1000 : null;
    },
    [vehiclesById, feed],
  );
  const roadFeatures = useCallback(() => boardMap?.roadFeatures() ?? [], [boardMap]);

  // Where each item is kept, read when the palette opens (and again while it is open and data changes).
  const [stock, setStock] = useState<readonly Stock[]>([]);
  useEffect(() => {
    if (!paletteOpen) return;
    let live = true;
    client.call('stock.list', {}).then(
      (r) => live && setStock(r.stock),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, paletteOpen, board.dataEpoch]);
  // The city's named places, asked the first time the palette opens on a console with the map
  // (one answer per connection, shared with the request form).
  const cityNames = useCityNames(client, paletteOpen && views.board);
  const palette = useMemo(
    () =>
      paletteOpen
        ? paletteEntries({ t, language, sites, places: cityNames.places, streets: cityNames.streets, vehicles, placeName, requests: requestsView.requests, dispatches: requestsView.dispatches, items, stock, visibility, views })
        : [],
    [paletteOpen, t, language, sites, cityNames, vehicles, placeName, requestsView, items, stock, visibility, views],
  );
  const runPalette = useCallback(
    (entry: PaletteEntry) => {
      setPaletteOpen(false);
      const [kind, ...rest] = entry.id.split(':');
      const id = rest.join(':');
      if (kind === 'site' || kind === 'stock') {
        // "stock:<siteId>:<itemId>": where an item is kept opens that site.
        const siteId = kind === 'stock' ? rest[0]! : id;
        const s = sites.find((x) => x.id === siteId);
        setSelection({ panel: 'site', id: siteId });
        if (s) boardMap?.flyTo(s.lon, s.lat);
      } else if (kind === 'place') {
        const p = cityNames.places[Number(id)];
        if (p) boardMap?.flyTo(p.lon, p.lat, PLACE_ZOOM[p.kind]);
      } else if (kind === 'street') {
        const st = cityNames.streets[Number(id)];
        if (st) boardMap?.flyTo(st.lon, st.lat, STREET_ZOOM);
      } else if (kind === 'vehicle') {
        setSelection({ panel: 'vehicle', id });
        const v = vehiclesById.get(id);
        const at = v ? readVehicle(feed.buffers, v.no) : null;
        if (at) boardMap?.flyTo(at.lon, at.lat);
      } else if (kind === 'request') {
        const r = requestById.get(id);
        setSelectedRequest(id);
        setQueueCollapsed(false);
        if (r) boardMap?.flyTo(r.destination.lon, r.destination.lat);
        if (r?.status === 'open' && views.dispatch) openRequest(id);
      } else if (kind === 'cancel') {
        // "cancel:request:<id>" / "cancel:dispatch:<id>": opens the dialog that asks for a reason.
        const [what, ...target] = id.split(':');
        const targetId = target.join(':');
        if (what === 'request') openCancel({ kind: 'request', requestId: targetId });
        else if (what === 'dispatch') openCancel({ kind: 'dispatch', dispatchId: targetId });
      } else if (kind === 'action') {
        const action = id as PaletteAction;
        if (action === 'new-request') openRequest(null);
        else if (action === 'queue') toggleQueue();
        else if (action === 'asset-scan') openScan();
        else if (action === 'kpi' || action === 'reports' || action === 'link' || action === 'conflicts' || action === 'users' || action === 'audit' || action === 'site-new' || action === 'repairs' || action === 'readiness' || action === 'handover' || action === 'duty-settings') setDock(action);
        else if (action === 'reset-view') boardMap?.resetView();
        else if (action.startsWith('lang:')) {
          const lang = action.slice(5);
          if (isLanguage(lang)) void i18n.changeLanguage(lang);
        } else if (action.startsWith('layer:')) toggleLayer(action.slice(6) as keyof LayerVisibility);
      }
    },
    [sites, cityNames, boardMap, vehiclesById, feed, requestById, openRequest, openCancel, toggleQueue, i18n, toggleLayer, views, openScan],
  );

  const dockRef = useRef<DockPanelId | null>(dock);
  dockRef.current = dock;
  const pickModeRef = useRef(pickMode);
  pickModeRef.current = pickMode;
  const cancellingRef = useRef(cancelling);
  cancellingRef.current = cancelling;
  const mayDispatch = useRef(views.dispatch);
  mayDispatch.current = views.dispatch;

  // The plan the officer looks at is brought into view, clear of the request panel on the left.
  useEffect(() => {
    if (!boardMap || !board.mapInfo || (!draft.plan && !draft.destination)) return;
    const points: [number, number][] = draft.plan ? planPaths(draft.plan).flatMap((p) => p.path) : [];
    if (draft.destination) points.push([draft.destination.lon, draft.destination.lat]);
    // A destination outside the city is an error in the form, not a place to fly to.
    const [w, s, e, n] = board.mapInfo.bounds;
    const inside = points.filter(([x, y]) => x >= w && x <= e && y >= s && y <= n);
    boardMap.fitTo(inside, { top: 50, right: selection ? 420 : 50, bottom: 50, left: REQUEST_PANEL_CLEARANCE_PX });
    // Only a new plan or destination moves the map, not every re-render.
  }, [boardMap, draft.plan, draft.destination]);

  // Leaving the request panel leaves pick mode and takes its draft off the map.
  useEffect(() => {
    if (dock === 'request') return;
    setPickMode(false);
    setDraft(NO_DRAFT);
  }, [dock]);
  // Closing the new-site form ends its pick; the request panel's pick ends a site's.
  useEffect(() => {
    if (dock !== 'site-new' && sitePickRef.current?.kind === 'place') cancelSitePick();
  }, [dock, cancelSitePick]);
  useEffect(() => {
    if (pickMode) cancelSitePick();
  }, [pickMode, cancelSitePick]);
  // A move is of the site whose panel is open: closing it, or opening another, ends the move.
  useEffect(() => {
    const pick = sitePickRef.current;
    if (pick?.kind === 'move' && (selection?.panel !== 'site' || selection.id !== pick.site.id)) cancelSitePick();
  }, [selection, cancelSitePick]);
  useEffect(() => {
    if (!openWhenListed || !sites.some((s) => s.id === openWhenListed)) return;
    setSelection({ panel: 'site', id: openWhenListed });
    setOpenWhenListed(null);
  }, [sites, openWhenListed]);

  // A refusal must not go unnoticed: say so once when the number of open conflicts grows.
  useEffect(() => {
    if (!haveLink) return;
    const before = seenConflicts.current;
    seenConflicts.current = conflicts;
    if (before !== null && conflicts > before) board.reportError(t('link:conflict.arrived', { count: conflicts }));
    // t and reportError are stable enough; only the count matters.
  }, [conflicts, haveLink]);

  useEffect(() => {
    document.title = t('app.name');
  }, [t, language]);

  useEffect(() => {
    // Escape leaves pick mode first, then closes the docked panel, then the side panel: one thing per press.
    // A character this soon after another is a scanner's burst (a code like JB-N…), not an officer's
    // shortcut; any other key (Escape, Enter, an arrow) ends a burst, as it does for the scan detector.
    let lastCharAt = -Infinity;
    const onKey = (e: KeyboardEvent) => {
      const isChar = e.key.length === 1;
      const inBurst = isChar && e.timeStamp - lastCharAt <= SCAN_GAP_MS;
      if (isChar) lastCharAt = e.timeStamp;
      else if (e.key !== 'Shift' && e.key !== 'CapsLock') lastCharAt = -Infinity;
      // The cancel dialog takes the keyboard: no shortcut reaches the board behind it.
      if (cancellingRef.current) {
        if (e.key === 'Escape') setCancelling(null);
        return;
      }
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'k' || e.key === 'K')) {
        e.preventDefault();
        setPaletteOpen((o) => !o);
        return;
      }
      // F2: the asset lookup field (扫码查找装备), from anywhere, typing included (F2 types nothing).
      if (e.key === 'F2' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        openScan();
        return;
      }
      if ((e.key === 'n' || e.key === 'N') && !inBurst && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target) && mayDispatch.current) {
        e.preventDefault();
        if (dockRef.current !== 'request') openRequest(null);
        return;
      }
      if (e.key !== 'Escape') return;
      if (pickModeRef.current) setPickMode(false);
      else if (dockRef.current) setDock(null);
      else setSelection(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openRequest, openScan]);

  // Tiles that failed while the backend was away are loaded again once it is back.
  useEffect(() => {
    if (board.connection !== 'open') return;
    if (hadConnection.current) boardMap?.reloadTiles();
    hadConnection.current = true;
  }, [board.connection, boardMap]);

  // A selected vehicle or site that disappeared from the data closes its panel.
  useEffect(() => {
    if (!board.snapshot || !selection) return;
    if (!sidePanel(selection.panel).exists(selection.id, data)) setSelection(null);
  }, [board.snapshot, selection, data]);

  useEffect(() => {
    testHook.sites = sites;
    testHook.snapshotDrawn = board.snapshot !== null;
    testHook.positionsApplied = () => feed.positionsApplied;
    testHook.staleVehicles = () => countStale(feed.buffers);
    testHook.vehiclePosition = (no) => {
      const v = readVehicle(feed.buffers, no);
      return v ? { lon: v.lon, lat: v.lat } : null;
    };
  }, [testHook, sites, board.snapshot, feed]);

  // Lost after having been connected, or never reached at all within a few seconds.
  const hostLost = board.connection === 'closed' && (board.everOpened || now - startedAt > HOST_GRACE_MS);
  const shell: ShellContext = {
    ...data,
    client,
    feed,
    board,
    now,
    hostLost,
    pending,
    names: conflictNames,
    closeSidePanel: closePanel,
    openSidePanel: setSelection,
    closeDockPanel: closeDock,
    openDockPanel: setDock,
    visibility,
    coverage,
    heat: heatFrame,
    pickMode,
    rewind: { dismissedAt: rewindDismissed, dismiss: setRewindDismissed },
    request: { requestFor, requestById, setPickMode, picked, roadFeatures, vehicleDistanceKm, onDraft: setDraft, onDispatched, drafts },
    sitePick: { current: sitePick, at: sitePoint, start: startSitePick, cancel: cancelSitePick, done: onSitePlaced },
    cancel: {
      current: cancelling?.intent ?? null,
      requestById,
      dispatchById,
      itemName,
      placeName,
      open: openCancel,
      onSent: onCancelSent,
      close: () => setCancelling(null),
    },
  };

  return (
    <div className="app" data-connection={board.connection}>
      <TopBar
        client={client}
        link={board.link}
        hostLost={hostLost}
        now={now}
        lastFrameAt={feed.buffers.lastFrameAt}
        vehicles={vehicles}
        sites={sites}
        visibility={visibility}
        onToggleLayer={toggleLayer}
        onResetView={() => boardMap?.resetView()}
        dock={dock}
        onOpenLinkHealth={() => toggleDock('link')}
        onOpenConflicts={() => toggleDock('conflicts')}
        onNewRequest={() => (dock === 'request' && requestFor === null ? setDock(null) : openRequest(null))}
        onOpenKpi={() => toggleDock('kpi')}
        onToggleDock={toggleDock}
        onOpenPalette={() => setPaletteOpen(true)}
        views={views}
      />
      {OVERLAYS.filter((o) => o.slot === 'banner').map((o) => (
        <Fragment key={o.id}>{o.render(shell)}</Fragment>
      ))}
      <main className="stage">
        {board.mapInfo ? (
          <MapView info={board.mapInfo} feed={feed} state={mapState} onPick={onPick} onPickPoint={onPickPoint} describeVehicle={describeVehicle} onMap={onMap} />
        ) : (
          <div className="stage__placeholder">{board.connection === 'open' ? t('app.loading') : t('app.connecting')}</div>
        )}

        {selection ? sidePanel(selection.panel).render(selection.id, shell) : null}
        {/* A panel the role is not offered (its role changed meanwhile) is not drawn. */}
        {dock && views.dockPanels.includes(dock) ? dockPanel(dock).render(shell) : null}
        {OVERLAYS.filter((o) => o.slot === 'stage').map((o) => (
          <Fragment key={o.id}>{o.render(shell)}</Fragment>
        ))}

        <div className="toasts" aria-live="polite">
          {board.toasts.map((toast) => (
            <div key={toast.id} className="toast" role="status" data-testid="error-toast">
              <span>{toast.text}</span>
              <button type="button" className="link-button" onClick={() => board.dismissToast(toast.id)}>
                {t('errors:error.dismiss')}
              </button>
            </div>
          ))}
        </div>
      </main>
      <DispatchQueue
        client={client}
        rows={queueRows}
        etas={requestsView.etas}
        vehiclesById={vehiclesById}
        itemName={itemName}
        placeName={placeName}
        pending={pending}
        selectedId={selectedRequest}
        onSelect={(id) => {
          setSelectedRequest(id);
          const r = id ? requestById.get(id) : undefined;
          if (r && isActive(r)) boardMap?.flyTo(r.destination.lon, r.destination.lat, 0);
        }}
        onDispatch={(id) => openRequest(id)}
        onCancelRequest={(requestId) => openCancel({ kind: 'request', requestId })}
        onCancelDispatch={(dispatchId) => openCancel({ kind: 'dispatch', dispatchId })}
        onRefuseDispatch={(dispatchId) => openCancel({ kind: 'refuse', dispatchId })}
        onEscalate={(requestId) => openCancel({ kind: 'escalate', requestId })}
        mayDecide={requestsView.mayDecide}
        mayEscalate={requestsView.mayEscalate}
        onError={board.reportError}
        collapsed={queueCollapsed}
        onToggleCollapsed={toggleQueue}
        now={now}
      />
      {OVERLAYS.filter((o) => o.slot === 'modal').map((o) => (
        <Fragment key={o.id}>{o.render(shell)}</Fragment>
      ))}
      {paletteOpen ? <CommandPalette entries={palette} onRun={runPalette} onClose={() => setPaletteOpen(false)} /> : null}
    </div>
  );
}
