// `deepdrill check DRILL_ID FILE` and `deepdrill drills`: the drills from the command line. The
// grading runs in grader children (drillGraderProcess.ts), the same as in the editor.

import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gradeSubmissions } from '../shared/drillGraderProcess';
import { loadDrills, type Drill } from '../shared/drillMeta';
import type { CheckResult, SubmissionReport } from '../shared/graderProtocol';

export const EXERCISES_ROOT = join(__dirname, '..', 'exercises');

/** One entry of `deepdrill drills --json`. */
export interface CatalogEntry {
  id: string;
  title: string;
  titleZh: string;
  topic: string;
  difficulty: string;
  prerequisites: string[];
  timeBudgetMinutes: number;
  exports: { name: string; signature: string }[];
}

export function catalogEntry(d: Drill): CatalogEntry {
  const m = d.meta;
  return {
    id: m.id,
    title: m.title,
    titleZh: m.titleZh,
    topic: m.topic,
    difficulty: m.difficulty,
    prerequisites: m.prerequisites,
    timeBudgetMinutes: m.timeBudgetMinutes,
    exports: m.exports,
  };
}

function indent(text: string, by: string): string {
  return text.split('\n').join(`\n${by}`);
}

/** A check's result as lines for a terminal. */
export function checkText(r: CheckResult): string {
  if (r.passed) return r.message === 'ok' ? `  ✓ ${r.name}` : `  ✓ ${r.name} — ${r.message}`;
  const lines = [`  ✗ ${r.name}`, `      ${indent(r.message, '      ')}`];
  const field = (label: string, value: string | undefined): void => {
    if (value) lines.push(`      ${label.padEnd(9)} ${indent(value, ' '.repeat(16))}`);
  };
  field('input', r.input);
  field('expected', r.expected);
  field('actual', r.actual);
  field('hint', r.hint);
  field('output', r.output);
  return lines.join('\n');
}

export function summaryText(report: SubmissionReport): string {
  const passed = report.checks.filter((c) => c.passed).length;
  return report.passed ? `All ${report.checks.length} checks passed.` : `${passed} of ${report.checks.length} checks passed.`;
}

/** The JSON of `check --json`: `{drill, passed, checks: [{name, passed, message, …}]}`. */
export function reportJson(report: SubmissionReport): string {
  return JSON.stringify({ drill: report.drill, passed: report.passed, checks: report.checks });
}

/** `deepdrill drills | head` closes the pipe early; that ends the command quietly, not with a stack trace. */
function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
}

function fail(message: string, code: number): number {
  process.stderr.write(`deepdrill: ${message}\n`);
  return code;
}

export function drillsCommand(json: boolean): number {
  endQuietlyOnClosedPipe();
  const { drills, problems } = loadDrills(EXERCISES_ROOT);
  for (const p of problems) process.stderr.write(`deepdrill: exercises/${p.where}: ${p.message}\n`);
  const entries = drills.map(catalogEntry);
  if (json) {
    process.stdout.write(`${JSON.stringify(entries)}\n`);
  } else {
    for (const e of entries) {
      process.stdout.write(`${e.id.padEnd(28)} ${e.topic.padEnd(15)} ${e.title}\n${e.exports.map((x) => `${' '.repeat(30)}export function ${x.signature}\n`).join('')}`);
    }
  }
  return problems.length ? 1 : 0;
}

export async function checkCommand(drillId: string, file: string, json: boolean, exitCodes: { usage: number; failed: number }): Promise<number> {
  endQuietlyOnClosedPipe();
  const { drills } = loadDrills(EXERCISES_ROOT);
  const drill = drills.find((d) => d.meta.id === drillId);
  if (!drill) return fail(`unknown drill '${drillId}' (deepdrill drills lists them)`, exitCodes.usage);
  const path = resolve(file);
  let source: string;
  try {
    if (!statSync(path).isFile()) return fail(`not a file: ${file}`, exitCodes.usage);
    source = readFileSync(path, 'utf8');
  } catch {
    return fail(`file not found: ${file}`, exitCodes.usage);
  }
  if (!json) process.stdout.write(`Checking ${file} against ${drill.meta.id} (${drill.meta.title})\n`);
  const outcome = await gradeSubmissions({
    graderPath: join(__dirname, 'grader.js'),
    drillDir: drill.dir,
    drillId: drill.meta.id,
    submissions: [{ file: path, source }],
    memoryLimitMb: drill.meta.memoryLimitMb,
    backend: drill.meta.graderBackend,
    onCheck: json ? undefined : (_s, _c, r) => process.stdout.write(`${checkText(r)}\n`),
  });
  if (!outcome.ok) return fail(outcome.message, exitCodes.failed);
  const report = outcome.reports[0];
  if (json) {
    process.stdout.write(`${reportJson(report)}\n`);
  } else {
    process.stdout.write(`\n${summaryText(report)}\n`);
  }
  return report.passed ? 0 : exitCodes.failed;
}
