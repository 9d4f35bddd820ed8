import { useTranslation } from 'react-i18next';
import { qrMatrix, qrPath, QUIET_ZONE } from './label-qr';

/** What one label shows: the code it encodes, and what a person reads beside it. */
export type LabelAsset = { assetId: string; qr: string; serial: string; typeName: string };

/** Labels on one A4 sheet: 3 across, 8 down (62 × 34 mm each inside the 12 mm page margin). */
export const LABELS_PER_PAGE = 24;

/**
 * QR labels (二维码标签) for a batch of assets, as A4 sheets to print and cut: each label the
 * asset's QR code (its `qr` value, exactly), that code in text under it for a person, the
 * type and the maker's serial. Pages are cut at 24 labels so a label never breaks across two.
 * Styled for paper by assets.css (`.label-print`); printed through ui/print.ts.
 */
export function LabelSheet({ labels }: { labels: readonly LabelAsset[] }) {
  const { t } = useTranslation('assets');
  const pages: LabelAsset[][] = [];
  for (let i = 0; i < labels.length; i += LABELS_PER_PAGE) pages.push(labels.slice(i, i + LABELS_PER_PAGE));
  return (
    <div className="label-sheet" data-testid="label-sheet" aria-label={t('labels.sheetTitle')}>
      {pages.map((page, p) => (
        <section className="label-sheet__page" key={p}>
          {page.map((l) => (
            <Label key={l.assetId} label={l} />
          ))}
        </section>
      ))}
    </div>
  );
}

function Label({ label }: { label: LabelAsset }) {
  const { t } = useTranslation('assets');
  const m = qrMatrix(label.qr);
  const side = m.size + 2 * QUIET_ZONE;
  return (
    <div className="asset-label" data-testid="asset-label" data-qr={label.qr}>
      <svg className="asset-label__qr" viewBox={`0 0 ${side} ${side}`} shapeRendering="crispEdges" role="img" aria-label={label.qr}>
        <rect width={side} height={side} fill="#fff" />
        <path d={qrPath(m)} fill="#000" />
      </svg>
      <div className="asset-label__text">
        <div className="asset-label__code">{label.qr}</div>
        <div className="asset-label__type">{label.typeName}</div>
        <div className="asset-label__serial">
          {t('labels.serial')} {label.serial}
        </div>
        <div className="asset-label__id">
          {t('labels.assetId')} {label.assetId}
        </div>
      </div>
    </div>
  );
}
