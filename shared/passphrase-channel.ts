/**
 * The passphrase window's preload → main (ipcRenderer.invoke): `{ passphrase, confirmation }`,
 * answered `{ ok: true }` or `{ refusal }` (electron/main/passphrase-window.ts). A file of its
 * own: the board's preload must share no module with this one, or the build splits the shared
 * module into a chunk that a sandboxed preload cannot require.
 */
export const CACHE_PASSPHRASE_CHANNEL = 'jingbao:cache-passphrase';
