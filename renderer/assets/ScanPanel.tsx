import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoardError } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { errorText } from '../format/error-text';
import { DockPanel } from '../ui/DockPanel';
import { SCAN_FIELD_ATTR } from './use-scan';

type ScanPanelProps = {
  client: BoardClient;
  /** The asset found: the shell opens its record. */
  onFound(assetId: string): void;
  onClose(): void;
};

/**
 * 扫码查找装备: one field (F2 or the palette puts the caret in it) where a code is scanned or
 * typed; Enter looks it up as a QR label, an EPC or a serial. Not found, it says which code
 * and what it looked like, and keeps the code selected for the next scan to replace.
 */
export function ScanPanel({ client, onFound, onClose }: ScanPanelProps) {
  const { t } = useTranslation('assets');
  const field = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState('');
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  useEffect(() => field.current?.focus(), []);

  const find = async () => {
    const c = code.trim();
    if (!c || state.busy) return;
    setState({ busy: true, error: null });
    try {
      const found = await client.call('asset.find', { code: c });
      setState({ busy: false, error: null });
      setCode('');
      onFound(found.asset.id);
    } catch (error) {
      setState({ busy: false, error: notFoundText(t, error) ?? errorText(t, error) });
      field.current?.select();
    }
  };
  return (
    <DockPanel testId="asset-scan" title={t('scan.title')} onClose={onClose}>
      <div className="asset-scan">
        <label htmlFor="asset-scan-code">{t('scan.label')}</label>
        <div className="asset-scan__row">
          <input
            ref={field}
            id="asset-scan-code"
            data-testid="asset-scan-code"
            {...{ [SCAN_FIELD_ATTR]: '' }}
            className="mono"
            value={code}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('scan.placeholder')}
            aria-invalid={state.error ? true : undefined}
            onChange={(e) => setCode(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void find();
              }
            }}
          />
          <button type="button" className="action-button action-button--primary" data-testid="asset-scan-find" disabled={state.busy || !code.trim()} onClick={() => void find()}>
            {state.busy ? t('scan.looking') : t('scan.find')}
          </button>
        </div>
        <div className="small muted">{t('scan.hint')}</div>
        {state.error ? (
          <div className="inline-error" role="alert" data-testid="asset-scan-error">
            {state.error}
          </div>
        ) : null}
      </div>
    </DockPanel>
  );
}

type T = (key: string, params?: Record<string, unknown>) => string;

/** asset_not_found in the ledger's words: the code, and whether it read as a QR label, an EPC or a serial. */
export function notFoundText(t: T, error: unknown): string | null {
  if (!(error instanceof BoardError) || error.code !== 'asset_not_found') return null;
  const code = typeof error.params?.code === 'string' ? error.params.code : '';
  const kind = error.params?.looksLike;
  const looksLike = kind === 'qr' || kind === 'epc' || kind === 'serial' ? t(`assets:scan.looksLike.${kind}`) : t('assets:scan.looksLike.serial');
  return t('assets:scan.notFound', { code, looksLike });
}
