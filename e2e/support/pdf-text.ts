import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
// The worker's code on this thread: it sets globalThis.pdfjsWorker, which pdf.js uses instead
// of loading `GlobalWorkerOptions.workerSrc` by a relative dynamic import (which a test
// runner's module loader may resolve against the wrong file). Node has no Web Workers, so
// pdf.js would run it on this thread anyway; this only makes the loading explicit.
import 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';

/** pdf.js's data folders, as file paths (in Node it reads them from disk, and wants the trailing slash). */
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const cMapUrl = join(pdfjsRoot, 'cmaps') + '/';
const standardFontDataUrl = join(pdfjsRoot, 'standard_fonts') + '/';

/**
 * The text of every page of a PDF, pages separated by a form feed, each run of text as pdf.js
 * reads it (a line break where the PDF ends a line). For tests that read back what the board
 * printed: Chromium's PDFs embed their fonts with a ToUnicode map, so Chinese comes back as text.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  // A copy, as a plain Uint8Array: pdf.js takes over (detaches) the buffer it is given, and
  // refuses a Node Buffer (what Playwright's page.pdf() returns).
  const doc = await getDocument({ data: new Uint8Array(bytes), cMapUrl, cMapPacked: true, standardFontDataUrl, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .filter((item): item is TextItem => 'str' in item)
          .map((item) => item.str + (item.hasEOL ? '\n' : ''))
          .join(''),
      );
      page.cleanup();
    }
    return pages.join('\f');
  } finally {
    await doc.destroy();
  }
}
