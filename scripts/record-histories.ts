/**
 * Records workflow histories from a real run of the current code (on the
 * time-skipping server) as replay fixtures: test/fixtures/histories/<tag>/,
 * one binary protobuf History per workflow run.
 * `npm test` replays every recorded set against the current workflow bundle,
 * so a change that would break a running campaign fails CI (see docs/runbook.md,
 * "Upgrades"). Run it when a release is cut: `npm run record-histories -- <tag>`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import nodemailer from 'nodemailer';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { installRuntime } from '../worker/runtime';
import { loadCampaign } from '../domain/campaign';
import { createWorker } from '../worker';
import { MemoryEventSink, MemorySentStore } from '../activities/stores';
import { registerSearchAttributes } from '../config/connection';
import { startCampaign } from '../runtime/start-campaign';
import { testServer, PROJECT_ROOT } from '../config/paths';
import {
  announcementUpdate, campaignWorkflowId, carryOutUpdate, correctReportUpdate, dispatchUpdate, itemSnapshotQuery, itemWorkflowId, noteUpdate,
  reopenItemUpdate, reportUpdate, reviewCloseoutUpdate, submitCloseoutUpdate, withdrawItemUpdate,
} from '../workflows/messages';

export const HISTORIES_DIR = path.join(PROJECT_ROOT, 'test', 'fixtures', 'histories');

/** Every run of a workflow id, oldest first, following the continue-as-new chain back from the current run. */
export async function allRuns(client: Client, workflowId: string): Promise<{ runId: string; history: Uint8Array }[]> {
  const runs: { runId: string; history: Uint8Array }[] = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    // Binary protobuf: exact, compact, and read back with History.decode.
    runs.unshift({ runId, history: temporal.api.history.v1.History.encode(temporal.api.history.v1.History.fromObject(history)).finish() });
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

async function main(tag: string): Promise<void> {
  installRuntime('ERROR');
  const plan = await loadCampaign(path.join(PROJECT_ROOT, 'examples', 'small-campaign.yaml'));
  const server = testServer();
  if (!server) throw new Error('run `npm run setup` first (time-skipping test server)');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: server } } });
  try {
    await registerSearchAttributes(env.connection, 'default');
    const worker = await createWorker({
      connection: env.nativeConnection,
      deps: { transport: nodemailer.createTransport({ jsonTransport: true }), from: 'rectify@example.org', sent: new MemorySentStore(), events: new MemoryEventSink() },
    });
    const zone = plan.timeZone;
    const startMs = DateTime.fromISO(plan.start, { zone }).toMillis();
    await worker.runUntil(async () => {
      const offset = startMs - (await env.currentTimeMs());
      const at = async (iso: string) => env.sleep(DateTime.fromISO(iso, { zone }).toMillis() - ((await env.currentTimeMs()) + offset));
      await startCampaign(env.client, plan, { clockOffsetMs: offset, historyLimit: 400, itemHistoryLimit: 150 });
      const item = (n: number) => env.client.workflow.getHandle(itemWorkflowId(plan.id, String(n)));
      const dim = (s: string) => ({ statement: s, evidence: [`${s}.pdf`] });
      const closeout = { closeout: { solved: dim('solved'), accountability: { statement: 'no fault found', evidence: [], noneNeeded: true }, similarCases: dim('similar'), mechanism: dim('rule'), by: 'Ann' } };
      await at('2026-03-04T10:00');
      for (const n of [1, 2, 3]) await item(n).executeUpdate(reportUpdate, { args: [{ progress: `week 1 on item ${n}`, percent: 20, by: 'contact' }] });
      await at('2026-03-11T10:00');
      await item(1).executeUpdate(submitCloseoutUpdate, { args: [closeout] });
      await item(1).executeUpdate(reviewCloseoutUpdate, { args: [{ accept: true, by: 'office' }] });
      await item(2).executeUpdate(submitCloseoutUpdate, { args: [closeout] });
      await item(2).executeUpdate(reviewCloseoutUpdate, { args: [{ accept: false, reason: 'evidence thin', by: 'office' }] });
      await item(3).executeUpdate(dispatchUpdate, { args: [{ instruction: 'extend', newDeadline: '2026-06-30', approvedBy: 'Director', by: 'office' }] });
      // The other acts of the office on an item, each once and one repeated (same request id), so that replay covers every update handler.
      const report4 = { progress: 'week 2 on item 4', percent: 30, by: 'contact', requestId: 'r-4-1' };
      await item(4).executeUpdate(reportUpdate, { args: [report4] });
      await item(4).executeUpdate(reportUpdate, { args: [report4] });
      const reportEntry = (await item(4).query(itemSnapshotQuery)).log.findIndex((e) => e.what === 'report') + 1;
      await item(4).executeUpdate(correctReportUpdate, { args: [{ corrects: reportEntry, progress: 'week 2 on item 4, corrected', percent: 25, by: 'office', requestId: 'c-4-1' }] });
      await item(4).executeUpdate(noteUpdate, { args: [{ text: 'checked on site', by: 'office', requestId: 'n-4-1' }] });
      await item(4).executeUpdate(noteUpdate, { args: [{ text: 'checked on site', by: 'office', requestId: 'n-4-1' }] });
      await item(4).executeUpdate(announcementUpdate, { args: [{ act: 'draft', by: 'office', requestId: 'a-4-1' }] });
      await item(4).executeUpdate(announcementUpdate, { args: [{ act: 'approve', by: 'office', requestId: 'a-4-2' }] });
      await item(5).executeUpdate(withdrawItemUpdate, { args: [{ reason: 'no longer listed', approvedBy: 'Director', by: 'office', requestId: 'w-5-1' }] });
      await item(6).executeUpdate(carryOutUpdate, { args: [{ campaignId: 'harbor-audit-2027', campaignName: 'next round', itemId: '(6)', by: 'office', requestId: 'h-6-1' }] });
      await at('2026-04-15T10:00');
      await item(2).executeUpdate(reportUpdate, { args: [{ progress: 'more evidence', percent: 90, by: 'contact' }] });
      await item(1).executeUpdate(reopenItemUpdate, { args: [{ reason: 'the problem came back', by: 'office', requestId: 'o-1-1' }] });
      await at('2026-06-05T00:00');
    });
    const dir = path.join(HISTORIES_DIR, tag);
    await fs.mkdir(dir, { recursive: true });
    const ids = [campaignWorkflowId(plan.id), ...plan.items.map((i) => itemWorkflowId(plan.id, i.key))];
    let files = 0;
    for (const id of ids) {
      for (const [n, run] of (await allRuns(env.client, id)).entries()) {
        await fs.writeFile(path.join(dir, `${id.replace(/[^\w-]+/g, '_')}.run${n + 1}.history.bin`), run.history);
        files += 1;
      }
    }
    console.log(`recorded ${files} histories into ${path.relative(process.cwd(), dir)}`);
  } finally {
    await env.teardown();
  }
}

if (require.main === module) {
  main(process.argv[2] ?? new Date().toISOString().slice(0, 10)).catch((err) => { console.error(err); process.exit(1); });
}
