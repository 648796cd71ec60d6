/**
 * The release Chrome build of another git revision, for `npm run bench -- --against=<rev>`: the page-cost
 * bench then loads that build beside this working tree's in the same run, so old against new is a
 * difference of paired loads, not of two runs minutes apart on a machine whose speed drifts.
 *
 * The revision is built with its own build script (`tools/build/build.ts`, release) in a detached git
 * worktree that borrows this checkout's node_modules, and only its `dist/chrome` is kept. Nothing in this
 * checkout is touched; the worktree is removed whatever happens.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, ROOT } from './git.ts';

export interface RevisionBuild {
  /** The revision as asked for and the commit it names, e.g. "HEAD~3 (1a2b3c4)". */
  label: string;
  chrome: string;
  remove(): void;
}

/** The commit `rev` names, or an error that says which option was wrong and why. */
export function resolveRevision(rev: string): string {
  if (!/^[\w./~^@{}-]+$/.test(rev) || rev.startsWith('-')) throw new Error(`--against=${rev}: not a git revision`);
  try {
    return git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    throw new Error(`--against=${rev}: no such commit in ${ROOT}`);
  }
}

export function buildRevision(rev: string, log: (line: string) => void): RevisionBuild {
  const commit = resolveRevision(rev);
  const short = commit.slice(0, 7);
  const label = commit.startsWith(rev) ? short : `${rev} (${short})`;
  const root = mkdtempSync(join(tmpdir(), 'saq-bench-against-'));
  const tree = join(root, 'tree');
  const chrome = join(root, 'chrome');
  const remove = (): void => rmSync(root, { recursive: true, force: true });
  log(`Building ${label}'s release extension in a worktree…`);
  try {
    git(['worktree', 'add', '--detach', '--quiet', tree, commit]);
    try {
      symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
      if (!existsSync(join(tree, 'tools/build/build.ts')))
        throw new Error(`--against=${rev}: ${short} has no tools/build/build.ts to build it with`);
      try {
        execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'tools/build/build.ts'], {
          cwd: tree,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, SAQ_TEST_BUILD_DIR: '' },
        });
      } catch (error) {
        const output = String((error as { stderr?: unknown }).stderr ?? '')
          .trim()
          .split('\n')
          .slice(-8)
          .join('\n');
        throw new Error(`--against=${rev}: its build failed:\n${output}`);
      }
      const built = join(tree, 'dist', 'chrome');
      if (!existsSync(join(built, 'manifest.json'))) throw new Error(`--against=${rev}: its build wrote no dist/chrome/manifest.json`);
      cpSync(built, chrome, { recursive: true });
    } finally {
      git(['worktree', 'remove', '--force', tree]);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { label, chrome, remove };
}
