/**
 * The generator must reach ten million records for the benchmark, so it may hold one delivery slot
 * at a time and never the corpus. Checked by memory after garbage collection while writing, every
 * source at once: it must stay flat as the corpus grows.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateEvidence } from '../../../src/core/generator';
import { listFiles, removeDir, tempDir } from './corpusFiles';

// Exposes gc() for this process so that heap samples measure what is retained, not what is garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('core/generator at scale', function () {
  // Seconds of work on a busy 2-core machine; the bound only catches hangs.
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = tempDir('scale');
  });
  after(() => removeDir(dir));

  it('writes 40k records of four sources file by file with retained memory flat from first file to last', async () => {
    const samples: number[] = [];
    let files = 0;
    let serialized = 0;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    const summary = await generateEvidence({
      outDir: dir,
      seed: 9,
      events: 40_000,
      onFile: (file) => {
        serialized += file.bytes;
        if (++files % 100 === 0) {
          gc();
          samples.push(process.memoryUsage().heapUsed - baseline);
        }
      },
    });
    assert.equal(summary.events, 40_000);
    assert.deepEqual(Object.keys(summary.bySource).sort(), ['cloudtrail', 'guardduty', 'route53', 'vpcflow']);
    assert.equal(listFiles(dir).length, summary.files);
    assert.ok(samples.length >= 5, `${samples.length} samples`);
    const quarter = Math.floor(samples.length / 4);
    const early = Math.max(...samples.slice(0, quarter + 1));
    const late = Math.max(...samples.slice(-quarter - 1));
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    // Holding every record would retain tens of MB (CloudTrail records are ~2 KB each as objects)
    // and grow with each file; one slot at a time is a few MB whatever the total.
    assert.ok(late - early < 8e6, `retained heap grew from ${mb(early)} to ${mb(late)} while writing`);
    assert.ok(Math.max(...samples) < 24e6, `retained heap peaked at ${mb(Math.max(...samples))}`);
    assert.ok(summary.largestFile < 2_000, `largest file ${summary.largestFile} records`);
    assert.ok(serialized > 0);
  });
});
