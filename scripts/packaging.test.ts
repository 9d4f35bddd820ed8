import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher';
import { PlatformPackager } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ICO_SIZES, PNG_SIZES } from './build-icons';

/**
 * electron-builder.yml, checked with electron-builder's own loader and matchers: the
 * Electron binary, its headers and the packaging tools cannot be fetched on the build
 * machines, so `electron-builder --dir` cannot run here; this is what can be known without.
 */
vi.mock('electron', async () => (await import('../electron/main/testing/fake-electron')).createFakeElectron().module);
const { backendEnv } = await import('../electron/main/index');

const root = join(import.meta.dirname, '..');
type Config = Awaited<ReturnType<typeof getConfig>>;
let config: Config;
beforeAll(async () => {
  config = await getConfig(root, null, null);
});

type Target = string | { target: string; arch?: string | string[] };
const targetNames = (targets: unknown) => (targets as Target[]).map((t) => (typeof t === 'string' ? t : t.target));
/** Stat-like object for electron-builder's filters, which ask only isDirectory(). */
const fileStat = { isDirectory: () => false } as never;
const matcher = (name: 'files' | 'asarUnpack' | 'extraResources') =>
  getFileMatchers(config, name, join(root, 'dist', 'resources', 'app'), {
    macroExpander: (s) => s,
    customBuildOptions: config.linux!,
    globalOutDir: join(root, 'dist'),
    defaultSrc: root,
  })!;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder 26 (its own schema)', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('has the app id and ASCII names for the files it makes', () => {
    expect(config.appId).toBe('cn.police.jingbao.command');
    expect(config.productName).toBe('警保指挥台');
    expect(config.executableName).toBe('jingbao-command');
    expect(config.artifactName).toMatch(/^[\w.${}-]+$/);
  });

  it('builds an AppImage and a deb for Linux, and an NSIS installer for Windows', () => {
    expect(targetNames(config.linux!.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.win!.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true });
  });

  it('gives the deb its maintainer, synopsis and description', () => {
    expect(config.linux!.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(config.linux!.synopsis?.length).toBeGreaterThan(10);
    expect(config.linux!.description?.length).toBeGreaterThan(40);
    expect(config.deb?.packageName).toBe('jingbao-command');
  });

  it('flips exactly these Electron fuses, as electron-builder will write them', async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // electron-builder's own translation to @electron/fuses (a private method: if it is
    // renamed, this fails loudly rather than passing on a config it no longer reads).
    const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig(f: unknown): Promise<Record<string | number, unknown>> }).generateFuseConfig;
    const flipped = await generate.call(null, config.electronFuses);
    expect(flipped).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: undefined,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('packs the built app and package.json, without source maps', () => {
    const [files] = matcher('files');
    const filter = files!.createFilter();
    const main = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }).main;
    for (const f of [main, 'out/preload/index.cjs', 'out/main/backend.js', 'out/main/routing-worker.js', 'out/renderer/index.html', 'package.json']) {
      expect(filter(join(root, f), fileStat), f).toBe(true);
    }
    for (const f of ['out/main/index.js.map', 'out/.build-stamp', 'electron/main/index.ts', 'renderer/index.html']) {
      expect(filter(join(root, f), fileStat), f).toBe(false);
    }
  });

  it('rebuilds the native SQLite modules for Electron and unpacks them from the ASAR', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).not.toBe(false);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const [unpack] = matcher('asarUnpack');
    const filter = unpack!.createFilter();
    for (const module of ['better-sqlite3', 'better-sqlite3-multiple-ciphers']) {
      // Production dependencies are what electron-builder packs and rebuilds.
      expect(pkg.dependencies[module], module).toBeDefined();
      const binary = join('node_modules', module, 'build', 'Release', 'better_sqlite3.node');
      expect(existsSync(join(root, binary)), binary).toBe(true);
      expect(filter(join(root, binary), fileStat), binary).toBe(true);
    }
    // What must stay inside the archive (and under its integrity check) does.
    expect(filter(join(root, 'out/main/index.js'), fileStat)).toBe(false);
    expect(filter(join(root, 'node_modules/better-sqlite3/lib/database.js'), fileStat)).toBe(false);
  });

  it('ships the demo city and its base map where the packaged backend looks for them', () => {
    const [city] = matcher('extraResources');
    const from = join(root, 'resources/demo-city/build');
    expect(city!.from).toBe(from);
    const filter = city!.createFilter();
    const shipped = readdirSync(from).filter((f) => filter(join(from, f), fileStat));
    expect(shipped).toEqual(expect.arrayContaining(['basemap.mbtiles', 'roads.json', 'city.json']));
    // extraResources land in process.resourcesPath; index.ts hands the backend <resourcesPath>/resources.
    const to = (config.extraResources as { to: string }[])[0]!.to;
    const resourcesPath = '/opt/jingbao/resources';
    const env = backendEnv('/home/officer/.config/jingbao', join(resourcesPath, 'resources'), {});
    expect(env.JINGBAO_BASEMAP).toBe(join(resourcesPath, to, 'basemap.mbtiles'));
    expect(statSync(join(from, 'basemap.mbtiles')).size).toBeGreaterThan(100_000);
  });

  it('has icons drawn from one SVG: Linux PNGs at every size up to 512, a Windows .ico up to 256', () => {
    expect(readFileSync(join(root, 'resources/icons/icon.svg'), 'utf8')).toContain('<svg');
    const linuxIcons = join(root, config.linux!.icon!);
    for (const size of PNG_SIZES) {
      expect(pngSize(readFileSync(join(linuxIcons, `${size}x${size}.png`))), `${size}x${size}.png`).toEqual({ width: size, height: size });
    }
    expect(PNG_SIZES).toEqual(expect.arrayContaining([256, 512]));
    const ico = readFileSync(join(root, config.win!.icon!));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => {
      const entry = 6 + 16 * i;
      const declared = ico.readUInt8(entry) || 256;
      const image = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      expect(pngSize(image)).toEqual({ width: declared, height: declared });
      return declared;
    });
    expect(sizes).toEqual([...ICO_SIZES]);
    expect(config.nsis!.installerIcon).toBe(config.win!.icon);
  });

  it('is what `npm run package` runs, after the demo city and the app are built', () => {
    const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.package!;
    expect(script).toMatch(/build-demo-city\.ts --if-stale.*build-if-stale\.mjs.*electron-builder/);
  });
});
