/**
 * The board page's Content Security Policy. Nothing may leave the machine: every source is
 * the page's own origin, except data:/blob: URLs that maplibre, deck.gl and the arrow icon
 * create in memory; connect-src 'self' covers the browser host's same-origin WebSocket.
 *
 * renderer/index.html carries the same directives in a meta tag (a test compares them), so
 * the page is covered wherever it is served from. `frame-ancestors` works only as a response
 * header (Chromium ignores it in a meta tag, with a console warning), so only the header
 * carries it: no other page may frame the board, which would let it click the officer's
 * buttons through an overlay.
 */
export const PAGE_CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
] as const;

/** Directives a meta tag cannot carry. */
export const HEADER_ONLY_CSP_DIRECTIVES = ["frame-ancestors 'none'"] as const;

/** The `Content-Security-Policy` response header for the board's pages. */
export const BOARD_CSP_HEADER = [...PAGE_CSP_DIRECTIVES, ...HEADER_ONLY_CSP_DIRECTIVES].join('; ');
