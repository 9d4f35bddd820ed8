import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { ROLE_PERMISSIONS, type Role } from '../../../shared/auth/roles';
import { SessionContext, sessionView, type SessionView } from '../../api/session';
import { createI18n, type Language } from '../../i18n';

/** A signed-in session of this role, as the shell would provide it. */
export function sessionAs(role: Role): SessionView {
  return sessionView({
    session: { userId: `u-${role}`, username: role, displayName: role, role, workstation: 'ws-1', signedInAt: 0, offline: false, demo: false },
    locked: false,
    lockAfterS: 900,
    permissions: [...ROLE_PERMISSIONS[role]],
    demo: false,
    demoLogin: null,
  });
}

/**
 * A view's markup for a signed-in role, without a browser (tests): effects do not run,
 * so a view is given its data as props.
 */
export function renderAs(role: Role, node: ReactNode, language: Language = 'zh-CN'): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={createI18n(language)}>
      <SessionContext.Provider value={sessionAs(role)}>{node}</SessionContext.Provider>
    </I18nextProvider>,
  );
}

/** The text of some markup, tags as spaces. */
export const markupText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
