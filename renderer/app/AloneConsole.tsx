import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardClient } from '../api/board-client';
import { AuditPanel } from '../people/AuditPanel';
import { UserBadge } from '../signin/UserBadge';
import { Settings } from './Settings';
import type { ConsoleViews } from './views';

const NO_NAMES = { items: [], sites: [], vehicles: [] };

/**
 * The console of a role that may not read the board (the auditor): its one view over the
 * whole stage, the settings, who is signed in (lock, sign-out), and nothing that would ask
 * for board data. Commands in the
 * audit log are said with ids for what the board would have named.
 */
export function AloneConsole({ client, views }: { client: BoardClient; views: ConsoleViews }) {
  const { t } = useTranslation('app');
  useEffect(() => {
    document.title = t('app.name');
  }, [t]);
  return (
    <div className="app app--alone" data-testid="alone-console" data-view={views.alone ?? 'none'}>
      <header className="top-bar">
        <div className="brand" title="Jingbao Command">
          <span className="brand__mark" aria-hidden="true">◆</span>
          {t('app.name')}
        </div>
        <div className="spacer" />
        <Settings client={client} link={null} views={views} />
        {/* Who is here, and lock and sign-out one click away: an auditor changes shift too. */}
        <UserBadge />
      </header>
      <main className="stage">{views.alone === 'audit' ? <AuditPanel client={client} names={NO_NAMES} /> : <div className="stage__placeholder">{t('app.noViews')}</div>}</main>
    </div>
  );
}
