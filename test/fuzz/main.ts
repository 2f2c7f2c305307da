// `npm run fuzz`: the fuzz run on demand, bigger than CI's (test/fuzz/fuzz.test.ts).
//   npm run fuzz                         the CI size
//   npm run fuzz -- --long               5 000 cases
//   npm run fuzz -- --models 200 --submissions 300 --seed abc
// Exits non-zero when any case crashed or hung.
import { generateCases } from './generate';
import { CI_SIZE, LONG_SIZE, runFuzz, summary } from './runFuzz';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const size = process.argv.includes('--long') ? LONG_SIZE : CI_SIZE;
  const models = Number(option('models') ?? size.models);
  const submissions = Number(option('submissions') ?? size.submissions);
  const seed = option('seed') ?? process.env.DEEPDRILL_SEED ?? `fuzz-${Date.now()}`;
  console.log(`fuzzing ${models} model files and ${submissions} submissions (seed ${seed})`);
  const started = Date.now();
  const cases = generateCases(seed, models, submissions);
  let shown = 0;
  const stats = await runFuzz(cases, {
    ...size.options,
    onProgress: (done, total) => {
      if (done - shown >= 50 || done === total) {
        shown = done;
        process.stdout.write(`  ${done}/${total}\n`);
      }
    },
  });
  console.log(summary(stats));
  for (const p of stats.problems) console.log(`  ${p}`);
  for (const p of stats.slow) console.log(`  stopped at the run limit: ${p}`);
  console.log(`took ${Math.round((Date.now() - started) / 1000)} s`);
  process.exitCode = stats.crashes + stats.hangs > 0 ? 1 : 0;
}

void main();
