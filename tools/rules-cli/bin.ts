#!/usr/bin/env -S npx tsx
/** `npm run rules -- <verb>` and the `saq-rules` bin: the CLI with the real process around it. */
import { nodeIo } from './io.ts';
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), nodeIo());
