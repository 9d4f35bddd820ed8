import type { Messages } from '../i18n/messages';
import type { signinZhCN } from './messages.zh-CN';

/** Signing in, enrolling a phone, the lock screen (namespace `signin`), in English. */
export const signinEn: Messages<typeof signinZhCN> = {
  title: 'Jingbao Command · Sign in',
  heading: 'Sign in',
  username: 'User name',
  password: 'Password',
  code: 'Code',
  codeHint: 'The 6 digits on your phone authenticator; a one-time recovery code if the phone is lost',
  submit: 'Sign in',
  signingIn: 'Signing in…',
  offlineHint: 'While the central is unreachable, officers who signed in on this workstation before can still sign in (checked offline).',
  demo: {
    heading: 'Demo accounts',
    hint: 'The embedded demo only: one click signs in as that role, with no password or code; each sign-in is still written to the audit log.',
  },
  enrol: {
    heading: 'Set up your phone authenticator',
    intro: 'This is your first sign-in (or an administrator reset your second factor). Scan the QR code with your phone authenticator, or type the key, then enter the 6 digits it shows.',
    secret: 'Key',
    code: 'The 6 digits on your phone',
    submit: 'Finish setup',
    qr: 'QR code to scan',
  },
  recovery: {
    heading: 'One-time recovery codes',
    intro: 'Write these down and keep them safe. If your phone is lost, each one signs you in once instead of a code. They are shown only now.',
    done: 'I have written them down: open the board',
  },
  lock: {
    heading: 'Locked',
    who: '{{name}} ({{role}})',
    intro: 'The map and the data are hidden. Enter your password to unlock.',
    password: 'Password',
    submit: 'Unlock',
    logout: 'Sign out (change user)',
  },
  user: {
    menu: 'Signed in',
    lock: 'Lock',
    logout: 'Sign out / change user',
    offline: 'offline sign-in',
    demo: 'demo',
    demoTitle: 'Demo account: for demonstrations only, never for duty',
    unitTitle: 'The unit this console belongs to: only its own and its subordinate units’ vehicles, sites and requests are shown, and the supply sites of its district it may draw from',
  },
  error: {
    fields: 'Enter your user name, password and code',
  },
};
