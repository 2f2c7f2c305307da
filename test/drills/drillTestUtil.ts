// Shared by the drills tests: where things are, and grading through the real grader children.

import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { gradeSubmissions, type GradeOutcome } from '../../extension/shared/drillGraderProcess';
import { loadDrills } from '../../extension/shared/drillMeta';
import type { SubmissionReport } from '../../extension/shared/graderProtocol';

export const ROOT = join(__dirname, '..', '..');
export const EXERCISES = join(ROOT, 'exercises');
export const GRADER = join(ROOT, 'dist', 'grader.js');
export const BIN = join(ROOT, 'bin', 'deepdrill.js');

export function fixture(name: string): string {
  return join(ROOT, 'test', 'fixtures', 'drills', name);
}

/** Grades the files (absolute paths) against a drill in as few grader children as it takes. */
export async function grade(drillId: string, files: string[]): Promise<SubmissionReport[]> {
  const meta = loadDrills(EXERCISES).drills.find((d) => d.meta.id === drillId)?.meta;
  const outcome: GradeOutcome = await gradeSubmissions({
    graderPath: GRADER,
    drillDir: join(EXERCISES, drillId),
    drillId,
    backend: meta?.graderBackend,
    memoryLimitMb: meta?.memoryLimitMb,
    submissions: files.map((file) => ({ file, source: readFileSync(file, 'utf8') })),
  });
  if (!outcome.ok) throw new Error(`the grader failed: ${outcome.message}`);
  return outcome.reports;
}

/** A report as text, for assertion messages. */
export function show(report: SubmissionReport): string {
  return report.checks.map((c) => `${c.passed ? '✓' : '✗'} ${c.name}: ${c.message}`).join('\n');
}
