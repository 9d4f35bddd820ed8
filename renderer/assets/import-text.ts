import { detectEncoding, type ImportProblem } from '../../shared/assets/import-files';

/** Why a file an import reads was refused before anything was sent (the readers in stocktake-file.ts, climate-file.ts and flight-log-file.ts). */
export type FileRefusal =
  | { ok: false; reason: 'too_big'; bytes: number; max: number }
  | { ok: false; reason: 'encoding' }
  | { ok: false; reason: 'too_many'; count: number; max: number }
  | { ok: false; reason: 'problems'; problems: ImportProblem[]; more: number };

/**
 * An imported file's text: refused past `maxBytes`, its encoding told (UTF-8 with or without a
 * BOM, or GBK, the usual Chinese Windows export; anything else refused by name), then decoded.
 */
export function importText(bytes: Uint8Array, maxBytes: number): { ok: true; text: string; encoding: 'utf-8' | 'gbk' } | Extract<FileRefusal, { reason: 'too_big' | 'encoding' }> {
  if (bytes.length > maxBytes) return { ok: false, reason: 'too_big', bytes: bytes.length, max: maxBytes };
  const encoding = detectEncoding(bytes);
  if (encoding === 'unknown') return { ok: false, reason: 'encoding' };
  const gbk = encoding === 'gbk';
  return { ok: true, text: new TextDecoder(gbk ? 'gbk' : 'utf-8').decode(bytes), encoding: gbk ? 'gbk' : 'utf-8' };
}
