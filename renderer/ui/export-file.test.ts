import { describe, expect, it } from 'vitest';
import { BoardError } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';
import { exportAudited } from './export-file';

function fakeClient(answer: 'ok' | BoardError) {
  const log: string[] = [];
  const client: Pick<BoardClient, 'call'> = {
    call: ((method: string, arg: unknown) => {
      log.push(`${method} ${JSON.stringify(arg)}`);
      return answer === 'ok' ? Promise.resolve({}) : Promise.reject(answer);
    }) as BoardClient['call'],
  };
  return { client, log };
}

describe('exportAudited', () => {
  it('records the export in the audit log before the file is saved', async () => {
    const { client, log } = fakeClient('ok');
    await exportAudited(client, { kind: 'kpi_csv', rows: 12, detail: { period: 'shift' } }, () => log.push('saved'));
    expect(log).toEqual(['audit.recordExport {"kind":"kpi_csv","rows":12,"detail":{"period":"shift"}}', 'saved']);
  });

  it('saves nothing when the record is refused, and says why', async () => {
    const { client, log } = fakeClient(new BoardError('forbidden', 'no', { permission: 'data.export', role: 'wall' }));
    await expect(exportAudited(client, { kind: 'audit_csv', rows: 3, detail: {} }, () => log.push('saved'))).rejects.toMatchObject({ code: 'forbidden' });
    expect(log).toEqual(['audit.recordExport {"kind":"audit_csv","rows":3,"detail":{}}']);
  });
});
