import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import type { Role } from '../../shared/auth/roles';
import type { SessionUser } from '../../shared/auth/schema';
import { roleText } from '../format/roles';
import type { AuthApi, LoginResult } from './auth-api';
import { useAttempt } from './use-attempt';

/** The demo accounts offered on the demo's sign-in page (the wall has its own address). */
const DEMO_ROLES: readonly Role[] = ['duty', 'supervisor', 'admin', 'auditor'];

let autoSignInTried = false;

/**
 * The demo account named by --demo-login, signed in by itself. Right after a first start the
 * board may not have the accounts from the central yet (not_found): it tries again for a
 * minute. Null when it gave up (the form stays, and says nothing: the demo accounts are there).
 */
async function autoSignIn(api: AuthApi, role: Role, live: () => boolean): Promise<SessionUser | null> {
  for (let i = 0; i < 30 && live(); i++) {
    try {
      return await api.demoLogin(role);
    } catch {
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  return null;
}

type Step =
  | { kind: 'login' }
  | { kind: 'enrol'; enrolment: Extract<LoginResult, { status: 'enrol' }>['enrolment'] }
  | { kind: 'recovery'; codes: string[]; session: SessionUser };

/**
 * Sign-in: user name, password and the code from the phone (or a recovery code). A user
 * without a second factor yet is shown a QR code to enrol their phone, then their one-time
 * recovery codes, once. Keyboard first: Enter signs in from any field.
 */
export function SignInScreen({ api, onSignedIn }: { api: AuthApi; onSignedIn(session: SessionUser): void }) {
  const { t } = useTranslation('signin');
  const [step, setStep] = useState<Step>({ kind: 'login' });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, setError, attempt } = useAttempt();
  const userRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const [demo, setDemo] = useState(false);

  useEffect(() => {
    let live = true;
    api.demo().then(
      ({ demo: yes, autoRole }) => {
        if (!live) return;
        setDemo(yes);
        // --demo-login ROLE: once per page, not again after a sign-out.
        if (autoRole && !autoSignInTried) {
          autoSignInTried = true;
          void autoSignIn(api, autoRole, () => live).then((session) => {
            if (!session || !live) return;
            // The wall's account shows the wall (its own page), not a read-only console.
            if (session.role === 'wall') location.assign('/wall');
            else onSignedIn(session);
          });
        }
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api, onSignedIn]);

  const demoLogin = (role: Role) => attempt(async () => onSignedIn(await api.demoLogin(role)));

  useEffect(() => {
    document.title = t('title');
    userRef.current?.focus();
  }, [t]);

  const login = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!username.trim() || !password || !code.trim()) {
      setError(t('error.fields'));
      return;
    }
    void attempt(
      async () => {
        const r = await api.login({ username, password, code });
        setPassword('');
        setCode('');
        if (r.status === 'enrol') setStep({ kind: 'enrol', enrolment: r.enrolment });
        else onSignedIn(r.session);
      },
      () => {
        setCode('');
        codeRef.current?.focus();
      },
    );
  };

  if (step.kind === 'enrol') {
    return <EnrolStep api={api} enrolment={step.enrolment} onDone={(codes, session) => setStep({ kind: 'recovery', codes, session })} />;
  }
  if (step.kind === 'recovery') {
    return (
      <main className="signin" data-testid="signin-recovery">
        <section className="signin__card">
          <h1>{t('recovery.heading')}</h1>
          <p className="signin__intro">{t('recovery.intro')}</p>
          <ol className="signin__codes" data-testid="recovery-codes">
            {step.codes.map((c) => (
              <li key={c} className="mono">
                {c}
              </li>
            ))}
          </ol>
          <button type="button" className="action-button action-button--primary" data-testid="recovery-done" autoFocus onClick={() => onSignedIn(step.session)}>
            {t('recovery.done')}
          </button>
        </section>
      </main>
    );
  }
  return (
    <main className="signin" data-testid="signin">
      <form className="signin__card" onSubmit={login} noValidate aria-labelledby="signin-heading">
        <h1 id="signin-heading">
          {t('app:app.name')} · {t('heading')}
        </h1>
        <label htmlFor="signin-username">{t('username')}</label>
        <input ref={userRef} id="signin-username" data-testid="signin-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="signin-password">{t('password')}</label>
        <input id="signin-password" data-testid="signin-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <label htmlFor="signin-code">{t('code')}</label>
        <input
          ref={codeRef}
          id="signin-code"
          data-testid="signin-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          aria-describedby="signin-code-hint"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <div id="signin-code-hint" className="muted small">
          {t('codeHint')}
        </div>
        {error ? (
          <div className="inline-error" role="alert" data-testid="signin-error">
            {error}
          </div>
        ) : null}
        <button type="submit" className="action-button action-button--primary" data-testid="signin-submit" disabled={busy}>
          {busy ? t('signingIn') : t('submit')} <kbd>Enter</kbd>
        </button>
        <p className="muted small">{t('offlineHint')}</p>
      </form>
      {demo ? (
        <section className="signin__card signin__demo" data-testid="signin-demo" aria-labelledby="signin-demo-heading">
          <h2 id="signin-demo-heading">{t('demo.heading')}</h2>
          <p className="muted small">{t('demo.hint')}</p>
          <div className="button-row">
            {DEMO_ROLES.map((role) => (
              <button key={role} type="button" className="action-button" data-testid={`signin-demo-${role}`} disabled={busy} onClick={() => void demoLogin(role)}>
                {roleText(t, role)}
              </button>
            ))}
          </div>
        </section>
      ) : null}
    </main>
  );
}

function EnrolStep({ api, enrolment, onDone }: { api: AuthApi; enrolment: Extract<Step, { kind: 'enrol' }>['enrolment']; onDone(codes: string[], session: SessionUser): void }) {
  const { t } = useTranslation('signin');
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, attempt } = useAttempt();
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(enrolment.otpauthUri, { margin: 1, width: 220, errorCorrectionLevel: 'M' }).then(
      (url) => live && setQr(url),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [enrolment.otpauthUri]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void attempt(
      async () => {
        const r = await api.enrol({ token: enrolment.token, code: code.trim() });
        onDone(r.recoveryCodes, r.session);
      },
      () => setCode(''),
    );
  };
  return (
    <main className="signin" data-testid="signin-enrol">
      <form className="signin__card" onSubmit={submit} noValidate>
        <h1>{t('enrol.heading')}</h1>
        <p className="signin__intro">{t('enrol.intro')}</p>
        {qr ? <img className="signin__qr" src={qr} width={220} height={220} alt={t('enrol.qr')} data-testid="enrol-qr" /> : null}
        <div className="small">
          {t('enrol.secret')}: <span className="mono" data-testid="enrol-secret">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</span>
        </div>
        <label htmlFor="enrol-code">{t('enrol.code')}</label>
        <input id="enrol-code" data-testid="enrol-code" inputMode="numeric" autoComplete="one-time-code" autoFocus value={code} onChange={(e) => setCode(e.target.value)} />
        {error ? (
          <div className="inline-error" role="alert" data-testid="signin-error">
            {error}
          </div>
        ) : null}
        <button type="submit" className="action-button action-button--primary" data-testid="enrol-submit" disabled={busy}>
          {t('enrol.submit')} <kbd>Enter</kbd>
        </button>
      </form>
    </main>
  );
}
