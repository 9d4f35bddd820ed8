// Must stay first: in dev it installs React Fast Refresh from a module, because the CSP
// in index.html blocks the inline script plugin-react would otherwise inject. Empty in builds.
import '@vitejs/plugin-react/preamble';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createBoardClient } from './api/board-client';
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
const client = createBoardClient(chooseTransport());
registerTileProtocol(client);
const feed = createVehicleFeed(1024);
const testHook = createTestHookSource();
installTestHook(testHook);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      {isWallPath(location.pathname) ? (
        <WallView client={client} feed={feed} speed={speedFromSearch(location.search)} />
      ) : (
        <App client={client} feed={feed} testHook={testHook} />
      )}
    </I18nextProvider>
  </StrictMode>,
);
