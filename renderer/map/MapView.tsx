import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapInfo } from '../../shared/board-api';
import { createBoardMap, type BoardMap, type BoardMapState, type MapPick, type MapPoint } from './board-map';
import type { VehicleFeed } from './vehicle-feed';

type MapViewProps = {
  info: MapInfo;
  feed: VehicleFeed;
  state: BoardMapState;
  onPick(pick: MapPick): void;
  onPickPoint(point: MapPoint): void;
  describeVehicle(vehicleNo: number): string | null;
  /** The map controller once created (null when torn down) and whether it has loaded. */
  onMap(map: BoardMap | null, loaded: boolean): void;
};

/** Hosts one BoardMap in a full-size div; React only passes state changes through. */
export function MapView({ info, feed, state, onPick, onPickPoint, describeVehicle, onMap }: MapViewProps) {
  const { t } = useTranslation('map');
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<BoardMap | null>(null);
  // Callbacks and state read through refs so the map is created once per city, not per render.
  const latest = useRef({ state, onPick, onPickPoint, describeVehicle, onMap, t });
  latest.current = { state, onPick, onPickPoint, describeVehicle, onMap, t };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const tr = latest.current.t;
    let board: BoardMap;
    try {
      board = createBoardMap({
        container,
        info,
        feed,
        state: latest.current.state,
        locale: {
          'NavigationControl.ZoomIn': tr('map.zoomIn'),
          'NavigationControl.ZoomOut': tr('map.zoomOut'),
          'NavigationControl.ResetBearing': tr('map.resetBearing'),
        },
        onPick: (pick) => latest.current.onPick(pick),
        onPickPoint: (point) => latest.current.onPickPoint(point),
        describeVehicle: (no) => latest.current.describeVehicle(no),
        onLoad: () => latest.current.onMap(board, true),
      });
    } catch (error) {
      // No WebGL (e.g. a locked-down wall PC): keep the rest of the board usable.
      console.error('[map] cannot create the map', error);
      return;
    }
    mapRef.current = board;
    latest.current.onMap(board, board.isLoaded());
    return () => {
      mapRef.current = null;
      latest.current.onMap(null, false);
      board.destroy();
    };
  }, [info, feed]);

  useEffect(() => {
    mapRef.current?.update(state);
  }, [state]);

  return <div ref={containerRef} className="map-view" data-testid="map" />;
}
