import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ProgressStore } from '../../extension/shared/drillProgressStore';
import { emptyProgress, parseProgress, recordReview, type DrillProgress } from '../../extension/shared/drillSchedule';
import { ROOT, fixture } from './drillTestUtil';

const T0 = new Date('2026-03-02T09:00:00Z');

function withReviews(n: number): DrillProgress {
  let p = emptyProgress();
  for (let i = 0; i < n; i++) p = recordReview(p, `drill-${i}`, 'good', new Date(T0.getTime() + i * 1000)).progress;
  return p;
}

describe('the progress store keeps every review', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'deepdrill-progress-'));
    file = join(dir, 'storage', 'progress.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a first start has empty progress; what is saved loads back', async () => {
    const store = new ProgressStore(file);
    assert.deepEqual(await store.load(), { source: 'none', progress: emptyProgress() });
    await store.save(withReviews(2));
    assert.deepEqual(await new ProgressStore(file).load(), { source: 'file', progress: withReviews(2) });
  });

  it('each save keeps the previous version as the backup, and leaves no temporary files', async () => {
    const store = new ProgressStore(file);
    await store.save(withReviews(1));
    await store.save(withReviews(2));
    const backup = parseProgress(readFileSync(store.backupFile, 'utf8'));
    assert.ok(backup.ok);
    if (backup.ok) assert.equal(backup.progress.reviews.length, 1);
    assert.deepEqual(readdirSync(join(dir, 'storage')).sort(), ['progress.json', 'progress.json.bak']);
  });

  it('a corrupt file is restored from the backup, and the corrupt one is kept aside', async () => {
    const store = new ProgressStore(file);
    await store.save(withReviews(1));
    await store.save(withReviews(2));
    writeFileSync(file, '{"version":1,"cards":{},"reviews":[{"dri');
    const loaded = await new ProgressStore(file).load();
    assert.equal(loaded.source, 'backup');
    assert.equal(loaded.progress.reviews.length, 1, 'the backup holds the version before the last save');
    if (loaded.source === 'backup') {
      assert.match(loaded.problem, /progress\.json was corrupt \(not valid JSON/);
      assert.equal(readFileSync(loaded.corruptCopy, 'utf8'), '{"version":1,"cards":{},"reviews":[{"dri');
    }
    assert.deepEqual((await new ProgressStore(file).load()).source, 'file', 'the restored file is written back');
  });

  it('a corrupt file never replaces a good backup', async () => {
    const store = new ProgressStore(file);
    await store.save(withReviews(3));
    await store.save(withReviews(4));
    writeFileSync(file, 'garbage');
    await store.save(withReviews(5));
    const backup = parseProgress(readFileSync(store.backupFile, 'utf8'));
    assert.ok(backup.ok && backup.progress.reviews.length === 3);
  });

  it('when file and backup are both unusable it starts afresh but keeps the corrupt file', async () => {
    await new ProgressStore(file).save(withReviews(1));
    writeFileSync(file, '[]');
    writeFileSync(`${file}.bak`, '{');
    const loaded = await new ProgressStore(file).load();
    assert.equal(loaded.source, 'fresh');
    assert.deepEqual(loaded.progress, emptyProgress());
    if (loaded.source === 'fresh') assert.equal(readFileSync(loaded.corruptCopy, 'utf8'), '[]');
  });

  it('concurrent updates all land, one after another', async () => {
    const store = new ProgressStore(file);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.update((p) => recordReview(p, `drill-${i}`, 'good', T0).progress)),
    );
    const loaded = await new ProgressStore(file).load();
    assert.equal(loaded.progress.reviews.length, 20);
    assert.equal(Object.keys(loaded.progress.cards).length, 20);
  });

  it('a writer killed with SIGKILL mid-save loses no saved review and leaves a valid file', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture('progressWriter.ts'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let confirmed = 0;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      confirmed = Number(line);
      // Killed while it keeps writing, at whatever point of a save it happens to be.
      if (confirmed === 40) child.kill('SIGKILL');
    });
    const signal = await new Promise((resolve) => child.once('close', (_code, s) => resolve(s)));
    assert.equal(signal, 'SIGKILL', 'the writer was killed while writing, not ended by itself');
    assert.ok(confirmed >= 40);
    const loaded = await new ProgressStore(file).load();
    assert.equal(loaded.source, 'file', 'the file itself is valid: no restore needed');
    assert.ok(loaded.progress.reviews.length >= confirmed, `${loaded.progress.reviews.length} reviews on disk, ${confirmed} confirmed`);
    assert.ok(existsSync(`${file}.bak`));
  });
});
