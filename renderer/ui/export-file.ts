import type { MethodArg } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';

/**
 * An export (CSV) as the division requires it: recorded in the audit log first
 * (audit.recordExport), saved only once the record is written. A refused record (the role
 * may not export, the backend is away) saves nothing and throws the refusal for the panel
 * to say.
 */
export async function exportAudited(client: Pick<BoardClient, 'call'>, record: MethodArg<'audit.recordExport'>, save: () => void): Promise<void> {
  await client.call('audit.recordExport', record);
  save();
}

/** Hands a text file to the browser's download (the Electron window saves it the same way). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started; free the blob a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
