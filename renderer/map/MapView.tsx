import { useEffect, useRef } from 'react';
import type { TFunction } from 'i18next';
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
/** maplibre's words in the board's language: the zoom buttons' tooltips and the map's accessible name. */
function mapLocale(t: TFunction): Record<string, string> {
  return {
    'Map.Title': t('map:map.title'),
    'NavigationControl.ZoomIn': t('map:map.zoomIn'),
    'NavigationControl.ZoomOut': t('map:map.zoomOut'),
    'NavigationControl.ResetBearing': t('map:map.resetBearing'),
  };
}

export function MapView({ info, feed, state, onPick, onPickPoint, describeVehicle, onMap }: MapViewProps) {
  const { t, i18n } = useTranslation('map');
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
        locale: mapLocale(tr),
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

  useEffect(() => {
    mapRef.current?.setLocale(mapLocale(t));
  }, [t, i18n.language]);

  return <div ref={containerRef} className="map-view" data-testid="map" />;
}
