// Command-line arguments of `deepdrill`, parsed without side effects (unit-tested). Node's own
// util.parseArgs does the tokenising; this module adds the commands and the checks.

import { parseArgs } from 'node:util';
import { BACKEND_CHOICES, type BackendChoice } from '../shared/workerProtocol';

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'train'; file: string; epochs?: number; backend: BackendChoice; json: boolean }
  | { kind: 'check'; drill: string; file: string; json: boolean }
  | { kind: 'drills'; json: boolean }
  | { kind: 'summary'; file: string; backend?: BackendChoice; json: boolean }
  | { kind: 'usage-error'; message: string };

export const USAGE = `Usage: deepdrill train FILE [--epochs N] [--backend auto|tensorflow|wasm|cpu] [--json]
       deepdrill summary FILE [--backend B] [--json]
       deepdrill check DRILL_ID FILE [--json]
       deepdrill drills [--json]

train: trains the TensorFlow.js model in FILE (.ts or .js): a script that calls model.fit itself, or a
module that exports createModel() (and optionally data, fitOptions, compileOptions).

summary: builds the model of FILE without training it (a script stops at its first fit) and
prints its layers, output shapes, parameters, FLOPs per sample and the line of each layer.

check: grades FILE, your solution of the drill DRILL_ID, in a separate process with a time
limit and a memory cap. drills: lists the drills and the functions a solution must export.

Options:
  --epochs N      train every fit for N epochs instead of the file's own number
  --backend B     auto (default: tfjs-node if installed, else wasm, else cpu), tensorflow, wasm or cpu
  --json          print JSON: train, one object per line; summary, check and drills, one object
  -h, --help      show this help
  -v, --version   print the version

Exit code: 0 when training finished (summary: when the model was built; check: when every
check passed), 1 when it failed, 2 for
a usage error, 130 when stopped with Ctrl-C (143 on SIGTERM).`;

function usageError(message: string): CliCommand {
  return { kind: 'usage-error', message };
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        epochs: { type: 'string' },
        backend: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = err instanceof Error ? err.message : String(err);
    const option = /'(-[^' ]*)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return usageError(`unknown option ${option ?? message}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return usageError(`option ${option ?? ''} needs a value`.replace('  ', ' '));
    return usageError(message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [command, ...rest] = positionals;
  if (command === undefined) return usageError('missing command (did you mean `deepdrill train FILE`?)');
  if (command === 'check' || command === 'drills') {
    if (values.epochs !== undefined || values.backend !== undefined) return usageError(`--epochs and --backend are options of train, not of ${command}`);
    if (command === 'drills') return rest.length ? usageError(`drills takes no arguments, got ${rest.join(' ')}`) : { kind: 'drills', json: values.json ?? false };
    if (rest.length !== 2) return usageError('expected a drill id and a FILE: deepdrill check DRILL_ID FILE (deepdrill drills lists the ids)');
    return { kind: 'check', drill: rest[0], file: rest[1], json: values.json ?? false };
  }
  if (command === 'summary') {
    if (values.epochs !== undefined) return usageError('--epochs is an option of train, not of summary');
    if (rest.length !== 1) return usageError(rest.length === 0 ? 'missing FILE: deepdrill summary FILE' : `expected one FILE, got ${rest.length}: ${rest.join(' ')}`);
    const out: CliCommand = { kind: 'summary', file: rest[0], json: values.json ?? false };
    if (values.backend !== undefined) {
      if (!(BACKEND_CHOICES as readonly string[]).includes(values.backend)) {
        return usageError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${values.backend}'`);
      }
      out.backend = values.backend as BackendChoice;
    }
    return out;
  }
  if (command !== 'train') return usageError(`unknown command '${command}' (the commands are train, summary, check and drills)`);
  if (rest.length === 0) return usageError('missing FILE: deepdrill train FILE');
  if (rest.length > 1) return usageError(`expected one FILE, got ${rest.length}: ${rest.join(' ')}`);

  let epochs: number | undefined;
  if (values.epochs !== undefined) {
    if (!/^\d+$/.test(values.epochs) || Number(values.epochs) < 1) {
      return usageError(`--epochs must be a whole number ≥ 1, got '${values.epochs}'`);
    }
    epochs = Number(values.epochs);
  }
  const backend = values.backend ?? 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    return usageError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got '${backend}'`);
  }
  const out: CliCommand = { kind: 'train', file: rest[0], backend: backend as BackendChoice, json: values.json ?? false };
  if (epochs !== undefined) out.epochs = epochs;
  return out;
}
