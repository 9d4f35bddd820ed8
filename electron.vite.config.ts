import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Our layout is electron/{main,preload,backend} + renderer/ rather than electron-vite's
// default src/, so every entry is named here.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          // The backend runs in a utilityProcess forked from this file; it never imports electron.
          backend: resolve('electron/backend/utility-entry.ts'),
          // Routing runs in a worker thread of the backend; the service loads it from beside backend.js.
          'routing-worker': resolve('electron/backend/routing/routing-worker.ts'),
          // City imports (Settings → Cities) run in a worker thread of the backend, loaded from beside backend.js too.
          'city-import-worker': resolve('city/import-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        // passphrase: the cache's passphrase window (electron/main/passphrase-window.ts). The two
        // must import no module in common: a shared one becomes a chunk, which a sandboxed
        // preload cannot require.
        input: { index: resolve('electron/preload/index.ts'), passphrase: resolve('electron/preload/passphrase.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
