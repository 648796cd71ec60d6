/**
 * Preparing a root: `root init` (version 1) and the edits that make the next version (`add-key`,
 * `remove-key`, `set-threshold`). Each writes an unsigned draft; `root sign` collects signatures and
 * `root verify-chain --next <draft> --install` checks it as a client would and commits it.
 */
import { FEED_ID } from '../../../src/background/feed-config.ts';
import { ROLE_NAMES } from '../../../src/shared/feed/payload.ts';
import type { RoleName } from '../../../src/shared/feed/payload.ts';
import { expiresDays, int, list, parse, required } from '../args.ts';
import type { Parsed } from '../args.ts';
import { CliError, EXIT, EXIT_CODES_HELP, usageError } from '../cli-error.ts';
import { COMMON_OPTIONS_HELP, feedIdOf, rootDirOf } from '../common.ts';
import type { EnvelopeFile } from '../envelope-file.ts';
import { display, fileExists } from '../files.ts';
import type { Io } from '../io.ts';
import { keyPath, readPublicKeyFile } from '../keyfile.ts';
import type { PublicKeyFile } from '../keyfile.ts';
import type { RootDraft } from '../payloads.ts';
import { DEFAULT_ROOT_EXPIRES_DAYS, openDraft, roleName, writeDraft } from '../root-draft.ts';
import { loadRootChain } from '../root-dir.ts';
import { printSummary } from '../summary.ts';
import type { Verb } from '../verb.ts';

const DAY = 86_400_000;

async function publicKeys(io: Io, names: readonly string[]): Promise<PublicKeyFile[]> {
  const out: PublicKeyFile[] = [];
  for (const n of names) out.push(await readPublicKeyFile(io, keyPath(io, n, 'public')));
  return out;
}

function addKeyTo(draft: RootDraft, role: RoleName, key: PublicKeyFile): boolean {
  draft.keys[key.keyid] = { keytype: key.keytype, public: key.public };
  const ids = draft.roles[role].keyids;
  if (ids.includes(key.keyid)) return false;
  ids.push(key.keyid);
  return true;
}

/** `existing`: the draft file as it was opened, if it existed. */
async function finish(io: Io, out: string, draft: RootDraft, existing: EnvelopeFile | null, what: string): Promise<void> {
  const { root, unchanged } = await writeDraft(io, out, draft, existing);
  const signatures = existing?.signatures.length ?? 0;
  if (unchanged) {
    io.out(`${display(io, out)}: unchanged (${what} leaves the root payload as it was); not rewritten, ${signatures} signature(s) kept`);
  } else {
    if (signatures > 0) io.err(`note: the edit invalidated ${signatures} signature(s) on ${display(io, out)}; collect them again`);
    io.out(`${what}; wrote draft ${display(io, out)} (unsigned). Next: \`rules root sign --in ${display(io, out)} --key <root key>\``);
  }
  printSummary(
    io,
    draft.feedId,
    [{ role: 'root', version: draft.version, expires: draft.expires, detail: '(draft)' }],
    ROLE_NAMES.map((r) => `${r}: ${root.roles[r].threshold} of ${root.roles[r].keyids.length}`).join(', '),
  );
}

const EDIT_OPTIONS = {
  draft: { type: 'string' },
  'expires-days': { type: 'string' },
  'feed-id': { type: 'string' },
  'root-dir': { type: 'string' },
} as const;

const EDIT_HELP = `  --draft <file>       the draft to edit; created from the latest committed root (version + 1)
                       when it does not exist yet. An edit drops the draft's signatures (they cover
                       the old payload); one that leaves the payload as it was leaves the file,
                       signatures and all, as it is
  --expires-days <n>   for a new draft (default ${DEFAULT_ROOT_EXPIRES_DAYS})
${COMMON_OPTIONS_HELP}`;

async function editDraft(io: Io, p: Parsed): Promise<{ out: string; draft: RootDraft; existing: EnvelopeFile | null }> {
  const out = required(p, 'draft');
  const chain = await loadRootChain(io, rootDirOf(p), feedIdOf(p));
  const { draft, existing } = await openDraft(io, out, chain, expiresDays(p, DEFAULT_ROOT_EXPIRES_DAYS));
  if (draft.version <= chain.latest.version) {
    throw new CliError(
      EXIT.conflict,
      `${display(io, out)}: version: ${draft.version} is not above the committed root v${chain.latest.version}`,
    );
  }
  return { out, draft, existing };
}

export const rootInit: Verb = {
  name: 'root init',
  summary: 'draft root version 1 from public keys (maintainers’ root keys, rules and timestamp keys)',
  help: `Usage: rules root init --out <draft> --root-key <pub> [--root-key …] [--root-threshold <n>]
                       --rules-key <pub> [...] [--rules-threshold <n>]
                       --timestamp-key <pub> [...] [--timestamp-threshold <n>] [--expires-days <n>]

A key is a .pub.json (or .key.json) file, or a name in $SAQ_KEYS_DIR. Thresholds count distinct
keys; defaults: root 2, rules 2, timestamp 1. The draft is checked with the client's root parser.
Then: \`root sign\` with enough root keys, and \`root verify-chain --next <draft> --install\`.
  --feed-id <id>       default ${FEED_ID}
  --expires-days <n>   default ${DEFAULT_ROOT_EXPIRES_DAYS}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, {
      out: { type: 'string' },
      'root-key': { type: 'string', multiple: true },
      'rules-key': { type: 'string', multiple: true },
      'timestamp-key': { type: 'string', multiple: true },
      'root-threshold': { type: 'string' },
      'rules-threshold': { type: 'string' },
      'timestamp-threshold': { type: 'string' },
      'expires-days': { type: 'string' },
      'feed-id': { type: 'string' },
      'root-dir': { type: 'string' }, // accepted for symmetry; version 1 starts the chain
    });
    const out = required(p, 'out');
    // A root v1 may be the chain's signed anchor (rules/root/1.root.json): an unsigned draft over it broke the chain.
    if (await fileExists(io, out))
      throw new CliError(EXIT.conflict, `${display(io, out)}: already exists; refusing to overwrite it with a draft`);
    const draft: RootDraft = {
      feedId: feedIdOf(p),
      version: 1,
      issued: io.now(),
      expires: io.now() + expiresDays(p, DEFAULT_ROOT_EXPIRES_DAYS) * DAY,
      keys: {},
      roles: {
        root: { keyids: [], threshold: int(p, 'root-threshold', 2) },
        rules: { keyids: [], threshold: int(p, 'rules-threshold', 2) },
        timestamp: { keyids: [], threshold: int(p, 'timestamp-threshold', 1) },
      },
    };
    for (const role of ROLE_NAMES) {
      const names = list(p, `${role}-key`);
      if (names.length === 0) throw usageError(`--${role}-key is required (at least one)`);
      for (const key of await publicKeys(io, names)) addKeyTo(draft, role, key);
    }
    await finish(io, out, draft, null, 'root v1 drafted');
  },
};

export const rootAddKey: Verb = {
  name: 'root add-key',
  summary: 'draft the next root with a key added to a role',
  help: `Usage: rules root add-key --draft <file> --role <root|rules|timestamp> --key <pub>

${EDIT_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, { ...EDIT_OPTIONS, role: { type: 'string' }, key: { type: 'string' } });
    const role = roleName(required(p, 'role'));
    const [key] = await publicKeys(io, [required(p, 'key')]);
    const { out, draft, existing } = await editDraft(io, p);
    if (!addKeyTo(draft, role, key!)) throw usageError(`${key!.label} (${key!.keyid.slice(0, 16)}…) is already in the ${role} role`);
    await finish(io, out, draft, existing, `added ${key!.label} to ${role}`);
  },
};

export const rootRemoveKey: Verb = {
  name: 'root remove-key',
  summary: 'draft the next root with a key removed from a role (revocation, lost key)',
  help: `Usage: rules root remove-key --draft <file> --role <root|rules|timestamp> --key <pub|keyid>

Removing a key resets clients' high-water marks for that role once they accept the new root
(spec rows 21–22): the way to recover from a stolen rules or timestamp key. A key no role lists
any more is dropped from the root. The threshold must still be reachable (lower it first).
${EDIT_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, { ...EDIT_OPTIONS, role: { type: 'string' }, key: { type: 'string' } });
    const role = roleName(required(p, 'role'));
    const given = required(p, 'key');
    const keyid = /^[0-9a-f]{64}$/.test(given) ? given : (await publicKeys(io, [given]))[0]!.keyid;
    const { out, draft, existing } = await editDraft(io, p);
    const ids = draft.roles[role].keyids;
    if (!ids.includes(keyid)) throw usageError(`${keyid.slice(0, 16)}… is not in the ${role} role of ${display(io, out)}`);
    draft.roles[role].keyids = ids.filter((id) => id !== keyid);
    if (!ROLE_NAMES.some((r) => draft.roles[r].keyids.includes(keyid))) {
      draft.keys = Object.fromEntries(Object.entries(draft.keys).filter(([id]) => id !== keyid));
    }
    await finish(io, out, draft, existing, `removed ${keyid.slice(0, 16)}… from ${role}`);
  },
};

export const rootSetThreshold: Verb = {
  name: 'root set-threshold',
  summary: 'draft the next root with a role’s threshold changed',
  help: `Usage: rules root set-threshold --draft <file> --role <root|rules|timestamp> --threshold <n>

${EDIT_HELP}

${EXIT_CODES_HELP}`,
  async run(argv, io) {
    const p = parse(argv, { ...EDIT_OPTIONS, role: { type: 'string' }, threshold: { type: 'string' } });
    const role = roleName(required(p, 'role'));
    const threshold = int(p, 'threshold');
    const { out, draft, existing } = await editDraft(io, p);
    draft.roles[role].threshold = threshold;
    await finish(io, out, draft, existing, `${role} threshold set to ${threshold}`);
  },
};
