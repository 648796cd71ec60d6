/**
 * Setup file of the e2e project: a failed attempt that its retry then passes leaves no trace in the
 * default reporter, yet a race that loses once in a while is exactly what someone must look into. So each
 * failed attempt prints its errors (stderr, under the test's name) before the retry runs.
 */
import { afterEach } from 'vitest';

afterEach(({ task }) => {
  const result = task.result;
  if (result?.state !== 'fail') return;
  const attempt = (result.retryCount ?? 0) + 1;
  // The message and where in the test it failed: the runner's own frames below add nothing.
  // Long values (a verdict list) are cut: the default reporter prints them in full if the retry fails too.
  const clip = (line: string): string => (line.length > 1500 ? `${line.slice(0, 1500)}… (${line.length} characters)` : line);
  // An assertion's expected/received difference says what was seen ("expected [ …(2) ] to equal []" does not).
  const diffOf = (error: { diff?: unknown }): string =>
    typeof error.diff === 'string' ? `\n${error.diff.split('\n').slice(0, 40).map(clip).join('\n')}` : '';
  const errors = (result.errors ?? [])
    .map((error) => (error.stack ?? error.message).split('\n').slice(0, 6).map(clip).join('\n') + diffOf(error))
    .join('\n');
  console.error(`[saq e2e] attempt ${attempt} of "${task.name}" failed:\n${errors}`);
});
