import { defineConfig } from 'vite';

/**
 * Builds the position-update benchmark page (bench/positions.bench.ts drives it) into
 * .cache/bench-page/. A production build, minified like the app's renderer.
 */
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: '../../.cache/bench-page',
    emptyOutDir: true,
    target: 'es2023',
    chunkSizeWarningLimit: 4096,
  },
});
