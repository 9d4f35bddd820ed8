import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Vehicle } from '../../shared/domain';
import type { BoardClient } from '../api/board-client';
import { currentLanguage } from '../i18n';
import type { BoardMap, BoardMapState, LayerVisibility, MapPick, MapSelection } from '../map/board-map';
import { MapView } from '../map/MapView';
import { countStale, readVehicle } from '../map/vehicle-buffers';
import type { VehicleFeed } from '../map/vehicle-feed';
import { ConflictPanel } from '../panels/ConflictPanel';
import { LinkHealthPanel } from '../panels/LinkHealthPanel';
import { SitePanel } from '../panels/SitePanel';
import { VehiclePanel } from '../panels/VehiclePanel';
import { loadVisibility, saveVisibility } from './layer-visibility';
import { showOutageBanner } from './link-down';
import { OutageBanner } from './OutageBanner';
import { pendingTargets, vehicleTarget } from './pending-marks';
import type { TestHookSource } from './test-hook';
import { TopBar } from './TopBar';
import { useBoard } from './use-board';
import { useNow } from './use-now';

const HOST_GRACE_MS = 3000;

type Selection = { kind: 'site'; siteId: string } | { kind: 'vehicle'; vehicleId: string } | null;
type Dock = 'link' | 'conflicts' | null;

type AppProps = {
  client: BoardClient;
  feed: VehicleFeed;
  testHook: TestHookSource;
};

export function App({ client, feed, testHook }: AppProps) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const board = useBoard(client, feed);
  const now = useNow(1000);
  const [selection, setSelection] = useState<Selection>(null);
  const [dock, setDock] = useState<Dock>(null);
  const [visibility, setVisibility] = useState<LayerVisibility>(() => loadVisibility());
  const [boardMap, setBoardMap] = useState<BoardMap | null>(null);
  const hadConnection = useRef(false);
  const [startedAt] = useState(() => Date.now());

  const sites = useMemo(() => board.snapshot?.sites ?? [], [board.snapshot]);
  const vehicles = useMemo(() => board.snapshot?.vehicles ?? [], [board.snapshot]);
  const vehiclesByNo = useMemo(() => new Map<number, Vehicle>(vehicles.map((v) => [v.no, v])), [vehicles]);
  const vehiclesById = useMemo(() => new Map<string, Vehicle>(vehicles.map((v) => [v.id, v])), [vehicles]);
  const items = useMemo(() => board.snapshot?.items ?? [], [board.snapshot]);
  const pending = useMemo(() => pendingTargets(board.snapshot?.pending ?? []), [board.snapshot]);
  const conflictNames = useMemo(() => ({ items, sites, vehicles }), [items, sites, vehicles]);
  const conflicts = board.link?.conflicts ?? 0;
  const haveLink = board.link !== null;
  const seenConflicts = useRef<number | null>(null);

  const mapSelection: MapSelection = useMemo(() => {
    if (selection?.kind === 'site') return selection;
    if (selection?.kind === 'vehicle') {
      const v = vehiclesById.get(selection.vehicleId);
      return v ? { kind: 'vehicle', vehicleNo: v.no } : null;
    }
    return null;
  }, [selection, vehiclesById]);

  const mapState: BoardMapState = useMemo(
    () => ({ sites, visibility, language, selection: mapSelection }),
    [sites, visibility, language, mapSelection],
  );

  const onPick = useCallback(
    (pick: MapPick) => {
      if (pick.kind === 'site') setSelection({ kind: 'site', siteId: pick.siteId });
      else {
        const v = vehiclesByNo.get(pick.vehicleNo);
        if (v) setSelection({ kind: 'vehicle', vehicleId: v.id });
      }
    },
    [vehiclesByNo],
  );
  const describeVehicle = useCallback(
    (no: number) => {
      const v = vehiclesByNo.get(no);
      return v ? `${v.plate} · ${t(`status.${v.status}`)}` : `#${no}`;
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
  const closeDock = useCallback(() => setDock(null), []);
  const toggleDock = useCallback((which: Exclude<Dock, null>) => setDock((d) => (d === which ? null : which)), []);

  const dockRef = useRef<Dock>(dock);
  dockRef.current = dock;

  // A refusal must not go unnoticed: say so once when the number of open conflicts grows.
  useEffect(() => {
    if (!haveLink) return;
    const before = seenConflicts.current;
    seenConflicts.current = conflicts;
    if (before !== null && conflicts > before) board.reportError(t('conflict.arrived', { count: conflicts }));
    // t and reportError are stable enough; only the count matters.
  }, [conflicts, haveLink]);

  useEffect(() => {
    document.title = t('app.name');
  }, [t, language]);

  useEffect(() => {
    // Escape closes the docked panel first, then the side panel: one thing per press.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      if (dockRef.current) setDock(null);
      else setSelection(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Tiles that failed while the backend was away are loaded again once it is back.
  useEffect(() => {
    if (board.connection !== 'open') return;
    if (hadConnection.current) boardMap?.reloadTiles();
    hadConnection.current = true;
  }, [board.connection, boardMap]);

  // A selected vehicle or site that disappeared from the data closes its panel.
  useEffect(() => {
    if (!board.snapshot || !selection) return;
    const gone = selection.kind === 'site' ? !sites.some((s) => s.id === selection.siteId) : !vehiclesById.has(selection.vehicleId);
    if (gone) setSelection(null);
  }, [board.snapshot, selection, sites, vehiclesById]);

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
      />
      {board.link && showOutageBanner(board.link, now) && !hostLost ? <OutageBanner link={board.link} now={now} onDetails={() => setDock('link')} /> : null}
      <main className="stage">
        {board.mapInfo ? (
          <MapView info={board.mapInfo} feed={feed} state={mapState} onPick={onPick} describeVehicle={describeVehicle} onMap={onMap} />
        ) : (
          <div className="stage__placeholder">{board.connection === 'open' ? t('app.loading') : t('app.connecting')}</div>
        )}

        {hostLost ? (
          <div className="host-banner" role="alert" data-testid="host-banner">
            <strong>{t('host.lost')}</strong>
            <span>{t('host.lostHint')}</span>
          </div>
        ) : null}

        {selection?.kind === 'site' ? (
          <SitePanel client={client} siteId={selection.siteId} epoch={board.dataEpoch} pending={pending} onError={board.reportError} onClose={closePanel} />
        ) : selection?.kind === 'vehicle' ? (
          <VehiclePanel
            client={client}
            vehicleId={selection.vehicleId}
            epoch={board.dataEpoch}
            feed={feed}
            sites={sites}
            pending={pending.has(vehicleTarget(selection.vehicleId))}
            onError={board.reportError}
            onClose={closePanel}
          />
        ) : null}

        {dock === 'link' ? (
          <LinkHealthPanel client={client} link={board.link} now={now} onClose={closeDock} />
        ) : dock === 'conflicts' ? (
          <ConflictPanel client={client} epoch={board.dataEpoch} names={conflictNames} now={now} onClose={closeDock} />
        ) : null}

        <div className="toasts" aria-live="polite">
          {board.toasts.map((toast) => (
            <div key={toast.id} className="toast" role="status" data-testid="error-toast">
              <span>{toast.text}</span>
              <button type="button" className="link-button" onClick={() => board.dismissToast(toast.id)}>
                {t('error.dismiss')}
              </button>
            </div>
          ))}
        </div>
      </main>
    </div>
  );
}
