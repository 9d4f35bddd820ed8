/**
 * Runs Electronegativity (the static Electron security checker) over the shell's sources,
 * offline and deterministically, and compares what it finds with the reviewed list in
 * electron/security-findings.json: every HIGH or MEDIUM finding needs a written reason
 * there, and a reason for a finding that is gone fails too, so the list stays true.
 *
 *   npx tsx scripts/electron-security-check.ts                    report; exit 1 on an unexplained finding
 *   npx tsx scripts/electron-security-check.ts --json             the findings as JSON
 *   npx tsx scripts/electron-security-check.ts --input DIR --json scan DIR as it is (the tests' fixtures)
 *
 * It reads TypeScript directly, so no build is needed.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
export const FINDINGS_FILE = join(root, 'electron', 'security-findings.json');

/** What the shell is made of: main process, preload, and the page whose meta CSP the checker reads. */
const SOURCES = ['electron/main', 'electron/preload', 'renderer/index.html'];
/** Tests and their fake electron build windows on purpose; they never ship. */
const isShipped = (rel: string) => !/\.test\.tsx?$/.test(rel) && !rel.split(sep).includes('testing');

/**
 * Checks left out, each with its reason:
 * - AvailableSecurityFixesGlobalCheck asks GitHub whether newer Electron releases fix
 *   security bugs: a question about the dependency, not this code, and one that needs the
 *   network, which the build machines do not have. Upgrading Electron is the dependency
 *   policy's job.
 */
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const MUST_EXPLAIN: ReadonlySet<Severity> = new Set(['HIGH', 'MEDIUM']);

export type Finding = { id: string; severity: Severity; confidence: string; file: string; line: number; description: string; manualReview: boolean };
export type Allowed = { id: string; file: string; reason: string };
export type ScanResult = { electronVersion: string; checks: number; findings: Finding[] };

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

/** Copies the shipped sources into a scratch folder with the same relative paths. */
function stage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jb-eneg-'));
  for (const src of SOURCES) {
    const abs = join(root, src);
    for (const f of statSync(abs).isDirectory() ? walk(abs) : [abs]) {
      const rel = relative(root, f);
      if (isShipped(rel)) cpSync(f, join(dir, rel));
    }
  }
  return dir;
}

type Issue = {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: Severity };
  confidence: { name: string };
  description: unknown;
  manualReview?: boolean;
};
type Runner = (options: Record<string, unknown>) => Promise<{ issues: Issue[]; errors: { file: string; message: string; tolerable: boolean }[]; atomicChecks: number; globalChecks: number }>;

/**
 * Electronegativity fetches translations and Electron's release list with `got`; offline
 * that costs a timeout per call and prints noise. Its English texts ship with it, so every
 * request is refused at once instead: nothing leaves the machine, and the result never
 * depends on the network.
 */
function loadRunner(): { run: Runner; electronVersion: string } {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const runnerPath = join(pkgDir, 'dist', 'runner.js');
  const gotPath = createRequire(runnerPath).resolve('got');
  const refuse = () => Promise.reject(new Error('offline: electronegativity may not use the network here'));
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = Object.assign(refuse, { head: refuse, get: refuse });
  require.cache[gotPath] = stub;
  // Its translations are looked up by $LANG; the English ones are always there.
  process.env.LANG = 'en-US';
  return { run: require(runnerPath) as Runner, electronVersion: (require('electron/package.json') as { version: string }).version };
}

/** Runs the checker: findings sorted, paths relative to the repository (or to `input`). */
export async function scan(input?: string): Promise<ScanResult> {
  const { run, electronVersion } = loadRunner();
  const dir = input ?? stage();
  const log = console.log;
  try {
    // It reports progress and warnings on the console even when asked for a result.
    console.log = () => {};
    const result = await run({
      input: dir,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS,
      isRelative: true,
      // The installed Electron, not a guess from package.json: the checks' defaults depend on it.
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
    const unparsed = result.errors.filter((e) => !e.tolerable);
    if (unparsed.length > 0) throw new Error(`the checker could not parse: ${unparsed.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
    const findings = result.issues.map(
      (i): Finding => ({
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: i.file === 'N/A' ? 'N/A' : i.file.split(sep).join('/'),
        line: i.location.line,
        description: String(i.description),
        manualReview: Boolean(i.manualReview),
      }),
    );
    findings.sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.id.localeCompare(b.id) || a.file.localeCompare(b.file) || a.line - b.line);
    return { electronVersion, checks: result.atomicChecks + result.globalChecks, findings };
  } finally {
    console.log = log;
    if (!input) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Matches findings with the reviewed list by check id and file (not line: lines move).
 * Returns what is wrong: a HIGH or MEDIUM finding without a reason, a reason too short to
 * be one, and a listed finding that is no longer found.
 */
export function review(findings: readonly Finding[], allowed: readonly Allowed[]): string[] {
  const problems: string[] = [];
  const used = new Set<number>();
  for (const f of findings) {
    if (!MUST_EXPLAIN.has(f.severity)) continue;
    const i = allowed.findIndex((a) => a.id === f.id && a.file === f.file);
    if (i < 0) problems.push(`${f.severity} ${f.id} at ${f.file}:${f.line} has no reason in electron/security-findings.json (${f.description})`);
    else used.add(i);
  }
  allowed.forEach((a, i) => {
    if (typeof a.reason !== 'string' || a.reason.trim().length < 40) problems.push(`${a.id} in ${a.file}: the reason is missing or too short to be one`);
    if (!used.has(i)) problems.push(`${a.id} in ${a.file} is listed but no longer found: remove it`);
  });
  return problems;
}

export function readAllowed(file = FINDINGS_FILE): Allowed[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { findings: Allowed[] }).findings;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, input: { type: 'string' } } });
  const result = await scan(values.input);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  for (const f of result.findings) console.log(`${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line}`);
  const problems = review(result.findings, readAllowed());
  for (const p of problems) console.error(p);
  console.log(`${result.findings.length} findings from ${result.checks} checks (Electron ${result.electronVersion}); ${problems.length} problems`);
  return problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
