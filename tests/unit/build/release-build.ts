/**
 * A release build of both browsers into a temporary directory, for tests that must check what ships
 * rather than what manifest.json says: CRXJS rewrites the manifest (it may add web-accessible
 * resources, loaders, background wrappers), so the built manifest is the one that counts.
 * Same environment as tools/build/build.ts sets per target; never touches dist/.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TARGETS, type Target } from '../../../tools/build/targets.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

function buildOne(target: Target, outDir: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('npx', ['vite', 'build', '--config', 'vite.config.ts', '--logLevel', 'error'], {
      cwd: ROOT,
      env: { ...process.env, SAQ_TARGET: target, SAQ_TEST_BUILD: '0', SAQ_OUT_DIR: outDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`release build for ${target} failed (${code}):\n${stderr}`))));
  });
}

/** Builds both targets in parallel into a fresh temporary directory; `dispose` removes it. */
export async function buildRelease(): Promise<{ dirs: Record<Target, string>; dispose: () => void }> {
  const root = mkdtempSync(join(tmpdir(), 'saq-release-'));
  const dirs = Object.fromEntries(TARGETS.map((t) => [t, join(root, t)])) as Record<Target, string>;
  await Promise.all(TARGETS.map((t) => buildOne(t, dirs[t])));
  return { dirs, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
