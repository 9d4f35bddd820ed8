import { VEHICLE_ICON_NAME, type VehicleIcon } from './vehicle-layer';

const SIZE = 64;

/**
 * Draws the vehicle arrow (pointing north, white, for tinting) into a PNG data URL.
 * Browser only: needs a canvas. A data URL keeps the app free of any fetched asset.
 */
export function drawArrowIcon(doc: Document = document): VehicleIcon {
  const canvas = doc.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.moveTo(32, 4); // tip
  ctx.lineTo(56, 58);
  ctx.lineTo(32, 46); // notch
  ctx.lineTo(8, 58);
  ctx.closePath();
  ctx.fill();
  return {
    atlas: canvas.toDataURL('image/png'),
    mapping: {
      [VEHICLE_ICON_NAME]: { x: 0, y: 0, width: SIZE, height: SIZE, anchorX: SIZE / 2, anchorY: SIZE / 2, mask: true },
    },
  };
}
