import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../format/error-text';

/**
 * One try at a time at something the backend may refuse (sign in, enrol, unlock, a demo
 * account): `busy` while it runs, a second try meanwhile is ignored, and a refusal becomes
 * `error` in words; `onRefused` clears what must be typed again.
 */
export function useAttempt() {
  const { t } = useTranslation('signin');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attempt = async (run: () => Promise<void>, onRefused?: () => void) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(errorText(t, err));
      onRefused?.();
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, attempt };
}
