import type { Io } from './io.ts';

export interface Verb {
  /** `lint`, `root init`, `timestamp refresh`, … */
  name: string;
  summary: string;
  help: string;
  run(argv: readonly string[], io: Io): Promise<void>;
}
