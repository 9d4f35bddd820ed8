import { describe, expect, it } from 'vitest';
import type { LocalAuditEntry } from '../../../shared/audit/schema';
import type { CentralClient } from '../link/central-client';
import type { AuditLog } from './log';
import { createAuditUploader } from './uploader';

/** A log of seq numbers only, and a central that answers when the test lets it. */
function rig() {
  const written: number[] = [];
  let sentUpTo = 0;
  const log = {
    pending: (limit: number) => written.filter((s) => s > sentUpTo).slice(0, limit).map((seq) => ({ seq }) as LocalAuditEntry),
    uploaded: (head: number) => void (sentUpTo = Math.max(sentUpTo, head)),
    resendAfter: (head: number) => {
      sentUpTo = head;
      return 0;
    },
  } as unknown as AuditLog;
  const central: number[] = [];
  const calls: number[][] = [];
  let release: (() => void) | null = null;
  const client = {
    uploadAudit: async (entries: readonly LocalAuditEntry[]) => {
      calls.push(entries.map((e) => e.seq));
      await new Promise<void>((r) => (release = r));
      for (const e of entries) if (e.seq === central.length + 1) central.push(e.seq);
      return { head: central.length, refused: null };
    },
  } as unknown as CentralClient;
  const uploader = createAuditUploader({ log, client: () => client, blocked: () => false, logger: () => {}, onRefused: () => {}, everyMs: 3_600_000 });
  const letOneThrough = async () => {
    while (!release) await new Promise((r) => setTimeout(r, 1));
    const r = release;
    release = null;
    r();
  };
  return { written, central, calls, uploader, letOneThrough };
}

describe('the audit uploader', () => {
  it('a call during an upload resolves only once what was written before it has been offered, in order', async () => {
    const { written, central, calls, uploader, letOneThrough } = rig();
    written.push(1, 2);
    const first = uploader.run();
    // While entries 1–2 are on their way, entry 3 is written and somebody asks for an upload.
    written.push(3);
    let secondDone = false;
    const second = uploader.run().then(() => (secondDone = true));
    await letOneThrough();
    await new Promise((r) => setTimeout(r, 10));
    // The first batch is answered but 3 has not been sent: the second call is not answered yet.
    expect(calls).toEqual([[1, 2], [3]]);
    expect(secondDone).toBe(false);
    await letOneThrough();
    await Promise.all([first, second]);
    expect(calls).toEqual([[1, 2], [3]]);
    expect(central).toEqual([1, 2, 3]);
    uploader.stop();
  });

  it('with nothing new written during a pass, a call makes no second upload', async () => {
    const { written, calls, uploader, letOneThrough } = rig();
    written.push(1);
    const a = uploader.run();
    const b = uploader.run();
    await letOneThrough();
    await Promise.all([a, b]);
    expect(calls).toEqual([[1]]);
    uploader.stop();
  });
});
