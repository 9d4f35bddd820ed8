// Must stay first: in dev it installs React Fast Refresh from a module, because the CSP
// in index.html blocks the inline script plugin-react would otherwise inject. Empty in builds.
import '@vitejs/plugin-react/preamble';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createBoardClient, type BoardClient } from './api/board-client';
import { chooseTransport } from './api/choose-transport';
import { App } from './app/App';
// The console's stylesheets, one per folder, in cascade order: shared components and the theme
// first, then the shell, then the features (later files win ties). After App, so they come after
// maplibre's own stylesheet, which the map's file overrides.
import './ui/ui.css';
import './app/app.css';
import './map/map.css';
import './link/link.css';
import './fleet/fleet.css';
import './sites/sites.css';
import './alerts/alerts.css';
import './dispatch/dispatch.css';
import './people/people.css';
import './cities/cities.css';
import './assets/assets.css';
import './duty/duty.css';
import './reports/reports.css';
import './signin/signin.css';
import { httpAuthApi, portAuthApi } from './signin/auth-api';
import { AuthGate } from './signin/AuthGate';
import { createTestHookSource, installTestHook } from './app/test-hook';
import { createI18n } from './i18n';
import { registerTileProtocol } from './map/board-map';
import { createVehicleFeed } from './map/vehicle-feed';
import { installPaletteVariables } from './ui/palette-css';
import { isWallPath, speedFromSearch } from './wall/scenes';
import { WallView } from './wall/WallView';

// Before the first paint: the stylesheets' level colours come from the palette.
installPaletteVariables(document.documentElement);

// One board per window: client, tile protocol and vehicle buffers live for the page's lifetime.
const i18n = createI18n();
const feed = createVehicleFeed(1024);
const testHook = createTestHookSource();
installTestHook(testHook);
const electron = window.jingbaoShell?.kind === 'electron';

/** The board client, made once: in a browser only after signing in (its socket needs the session cookie). */
let client: BoardClient | null = null;
const boardClient = (): BoardClient => {
  if (!client) {
    client = createBoardClient(chooseTransport());
    registerTileProtocol(client);
  }
  return client;
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      {isWallPath(location.pathname) ? (
        // The wall PC was signed in (read-only) by its token when the host served this page.
        <WallView client={boardClient()} feed={feed} speed={speedFromSearch(location.search)} />
      ) : (
        <AuthGate api={electron ? portAuthApi(boardClient()) : httpAuthApi()} client={boardClient} reloadOnSignOut={!electron}>
          {(c) => <App client={c} feed={feed} testHook={testHook} />}
        </AuthGate>
      )}
    </I18nextProvider>
  </StrictMode>,
);
