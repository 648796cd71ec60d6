/**
 * Reading and writing the CLI's files with errors that name the file (and, for JSON, the field),
 * and I/O failures classified as such (exit 6) rather than as bad input.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { StrictJsonError, parseStrictJson } from '../../src/shared/feed/strict-json.ts';
import type { JsonValue, StrictJsonOptions } from '../../src/shared/feed/strict-json.ts';
import { utf8DecodeStrict } from '../../src/shared/feed/encoding.ts';
import { CliError, EXIT, inputError, toCliError } from './cli-error.ts';
import type { Io } from './io.ts';

export function resolvePath(io: Io, path: string): string {
  return isAbsolute(path) ? path : join(io.cwd, path);
}

/** The path as the user wrote it, relative to the working directory when possible. */
export function display(io: Io, path: string): string {
  const rel = relative(io.cwd, resolvePath(io, path));
  return rel.startsWith('..') ? path : rel;
}

export async function readBytes(io: Io, path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolvePath(io, path)));
  } catch (e) {
    throw new CliError(EXIT.io, `${display(io, path)}: cannot read (${(e as Error).message})`);
  }
}

export async function fileExists(io: Io, path: string): Promise<boolean> {
  try {
    await readFile(resolvePath(io, path));
    return true;
  } catch {
    return false;
  }
}

/** `line:column: reason (at $.path)`: where the strict parser stopped and what it expected there. */
function jsonPosition(e: StrictJsonError): string {
  return `${e.line}:${e.column}: ${e.reason}${e.path === '$' ? '' : ` (at ${e.path})`}`;
}

/**
 * A refusal of a file's own text as `file:line:column: reason (at $.path)`, the form editors and
 * terminals jump to (the parser's message only has an offset); any other error as `file: message`.
 */
export function jsonFileError(name: string, e: unknown): CliError {
  if (e instanceof StrictJsonError) return inputError(`${name}:${jsonPosition(e)}`);
  return inputError(`${name}: ${(e as Error).message}`);
}

/**
 * A refusal of the JSON embedded in an envelope (its base64 `payload`) as `file: payload line:column: …`.
 * The position is counted in the decoded payload: the envelope's own lines say nothing about it, and
 * the parser's offset is into text the maintainer only sees after decoding it.
 */
export function payloadJsonError(name: string, e: StrictJsonError): CliError {
  return inputError(`${name}: payload ${jsonPosition(e)}`);
}

/**
 * Strict JSON (duplicate keys, floats where integers belong, … are refused), naming the file. Human-edited
 * files (rule sources, the benign corpus) go through here too: `JSON.parse` would let a second "severity"
 * in a rule silently win. `options.fractionsUnder` names the top-level sections where values such as
 * 0.5 are legitimate.
 */
export function parseJsonFile(bytes: Uint8Array, name: string, options: StrictJsonOptions = {}): JsonValue {
  try {
    return parseStrictJson(utf8DecodeStrict(bytes), options);
  } catch (e) {
    throw jsonFileError(name, e);
  }
}

export async function readJson(io: Io, path: string, options: StrictJsonOptions = {}): Promise<JsonValue> {
  return parseJsonFile(await readBytes(io, path), display(io, path), options);
}

/**
 * A file the extension's verifier refused. Its JSON refusals do not say which text they are about: the
 * verifier parses the file, then (only once the signatures verify) the payload inside it. So the file
 * is parsed again: when its own text is at fault, `file:line:column`; when it parses, the refusal was
 * the payload's, `file: payload line:column`. Anything else (a signature, a field, …) as toCliError
 * reports it. Nothing here parses a payload the verifier did not already reach.
 */
export function verifierError(e: unknown, name: string, bytes: Uint8Array): CliError {
  if (e instanceof StrictJsonError) {
    try {
      parseStrictJson(utf8DecodeStrict(bytes));
    } catch (own) {
      return jsonFileError(name, own);
    }
    return payloadJsonError(name, e);
  }
  return toCliError(e, name);
}

/**
 * `mode` 0o600 for secret keys: only the owner may read them, whatever the umask. The bytes go to a
 * temporary file renamed into place, as a mirror's do (mirror.ts): outputs are often written over their
 * input (`sign --in r.json --out r.json`, a root draft edited in place), and writing the file itself
 * truncated it first, so a full disk or a quota part-way lost the envelope and the signatures it held.
 */
export async function writeBytes(io: Io, path: string, bytes: Uint8Array | string, mode?: number): Promise<void> {
  const full = resolvePath(io, path);
  const tmp = `${full}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(full), { recursive: true });
    await writeFile(tmp, bytes, mode === undefined ? {} : { mode });
    await rename(tmp, full);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new CliError(EXIT.io, `${display(io, path)}: cannot write (${(e as Error).message})`);
  }
}

export async function listJson(io: Io, dir: string): Promise<string[]> {
  try {
    const names = await readdir(resolvePath(io, dir));
    return names.filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    throw new CliError(EXIT.io, `${display(io, dir)}: cannot list (${(e as Error).message})`);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
