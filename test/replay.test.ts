/**
 * Upgrades must not break running campaigns: histories recorded from real runs
 * of earlier versions (scripts/record-histories.ts) replay against the current
 * workflow code. A change that alters what a running workflow would do must use
 * Temporal's patching API (see docs/runbook.md, "Upgrades"), or this fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { BUNDLE_PATH } from '../worker';
import { quietRuntime } from './support/env';

const DIR = path.join(__dirname, 'fixtures', 'histories');
const sets = readdirSync(DIR).filter((d) => !d.startsWith('.'));

test('there are recorded histories to replay', () => {
  expect(sets.length).toBeGreaterThan(0);
});

describe.each(sets)('histories recorded by %s', (set) => {
  test('replay without nondeterminism against the current workflows', async () => {
    quietRuntime();
    const files = readdirSync(path.join(DIR, set)).filter((f) => f.endsWith('.history.bin'));
    expect(files.length).toBeGreaterThan(0);
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.run\d+\.history\.bin$/, ''),
      history: temporal.api.history.v1.History.decode(readFileSync(path.join(DIR, set, f))),
    }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: BUNDLE_PATH } }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});
