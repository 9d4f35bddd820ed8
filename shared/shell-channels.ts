/**
 * Names the Electron main process, the preload and the renderer use to hand the board
 * port over. One spelling each: a typo on one side would leave the board without a backend.
 */

/** main → preload (IPC channel) and preload → page (window.postMessage type): here is the MessagePort. */
export const BOARD_PORT_CHANNEL = 'jingbao:board-port';
/** page → preload: the page listens now; hand the port over (again). */
export const BOARD_PORT_REQUEST = 'jingbao:board-port-request';
