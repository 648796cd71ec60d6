/**
 * `npm run package`: a release build for both browsers, Mozilla's validator (`web-ext lint`, which must
 * report nothing), then `dist/saq-<version>-chrome.zip` and `dist/saq-<version>-firefox.xpi`, with sizes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildAll } from './build.ts';

const root = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

function webExt(args: string[]): string {
  const result = spawnSync('npx', ['web-ext', ...args], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`web-ext ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function lintFirefox(dir: string): void {
  const report = JSON.parse(webExt(['lint', '--source-dir', dir, '--output', 'json', '--no-input'])) as {
    summary: { errors: number; warnings: number; notices: number };
    errors: Array<{ code: string; message: string; file?: string }>;
    warnings: Array<{ code: string; message: string; file?: string }>;
  };
  const { errors, warnings, notices } = report.summary;
  console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
  if (errors + warnings > 0) {
    for (const item of [...report.errors, ...report.warnings]) console.error(`  ${item.code} ${item.file ?? ''}: ${item.message}`);
    throw new Error('web-ext lint is not clean');
  }
}

function pack(dir: string, artifact: string): void {
  const zipName = artifact.replace(/\.xpi$/, '.zip');
  webExt([
    'build',
    '--source-dir',
    dir,
    '--artifacts-dir',
    resolve(root, 'dist'),
    '--filename',
    zipName.split('/').pop()!,
    '--overwrite-dest',
  ]);
  if (zipName !== artifact) renameSync(zipName, artifact);
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main(): Promise<void> {
  const [chromeDir, firefoxDir] = await buildAll({ test: false });
  lintFirefox(firefoxDir!);
  const artifacts = [resolve(root, `dist/saq-${version}-chrome.zip`), resolve(root, `dist/saq-${version}-firefox.xpi`)];
  for (const artifact of artifacts) rmSync(artifact, { force: true });
  pack(chromeDir!, artifacts[0]!);
  pack(firefoxDir!, artifacts[1]!);
  for (const artifact of artifacts) {
    const bytes = statSync(artifact).size;
    console.log(`${artifact.replace(root + '/', '')}: ${kib(bytes)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
