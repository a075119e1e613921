/**
 * rectify status: every item with state, light, next due time and last
 * report, read from Temporal's visibility (search attributes), not by querying
 * each item workflow.
 */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { DateTime } from 'luxon';
import type { Client } from '@temporalio/client';
import { connectClient } from '../connection';
import { campaignSnapshot, resolveCampaign, say, language } from '../common';
import { lightLabel, stateLabel } from '../../domain/i18n';
import type { ItemState, Light } from '../../domain/types';
import { CampaignIdKey, ItemIdKey, LastReportKey, LightKey, NextDueKey, PercentKey, StateKey, UnitKey } from '../../workflows/messages';

export interface StatusRow {
  item: string;
  unit: string;
  state: ItemState;
  light: Light;
  percent: number;
  nextDue: string | null;
  lastReport: string | null;
}

const escape = (s: string): string => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

export async function statusRows(client: Client, campaignId: string, timeZone: string, unit?: string): Promise<StatusRow[]> {
  let query = `${CampaignIdKey.name} = '${escape(campaignId)}' AND WorkflowType = 'itemWorkflow' AND ExecutionStatus != 'ContinuedAsNew'`;
  if (unit) query += ` AND ${UnitKey.name} = '${escape(unit)}'`;
  const local = (d: Date | undefined): string | null => (d ? DateTime.fromJSDate(d, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mmZZ") : null);
  const rows = new Map<string, StatusRow>();
  for await (const wf of client.workflow.list({ query })) {
    const sa = wf.typedSearchAttributes;
    const item = sa.get(ItemIdKey) ?? wf.workflowId;
    if (rows.has(item)) continue; // newest run first
    rows.set(item, {
      item, unit: sa.get(UnitKey) ?? '', state: (sa.get(StateKey) ?? 'notStarted') as ItemState, light: (sa.get(LightKey) ?? 'green') as Light,
      percent: sa.get(PercentKey) ?? 0, nextDue: local(sa.get(NextDueKey)), lastReport: local(sa.get(LastReportKey)),
    });
  }
  const num = (id: string): number => Number(/\d+/.exec(id)?.[0] ?? Number.MAX_SAFE_INTEGER);
  return [...rows.values()].sort((a, b) => num(a.item) - num(b.item) || a.item.localeCompare(b.item));
}

export function register(program: Command): void {
  program.command('status')
    .description(say('列出事项：状态、灯色、下次报送时间、最近报送', 'list items: state, light, next due time, last report'))
    .option('--campaign <id>', 'campaign id (default: the only running one)')
    .option('--unit <name>', 'only items led by this unit')
    .option('--json', 'machine-readable output')
    .action(async (opts: { campaign?: string; unit?: string; json?: boolean }) => {
      const client = await connectClient();
      const campaignId = await resolveCampaign(client, opts.campaign);
      const snapshot = await campaignSnapshot(client, campaignId);
      const rows = await statusRows(client, campaignId, snapshot.campaign.timeZone, opts.unit);
      if (opts.json) { console.log(JSON.stringify(rows, null, 2)); return; }
      const l = language();
      const table = new Table({
        head: l === 'en' ? ['item', 'lead unit', 'state', 'light', '%', 'next due', 'last report'] : ['事项', '牵头单位', '状态', '灯色', '进度', '下次报送', '最近报送'],
        style: { head: [], border: [], compact: true },
      });
      for (const r of rows) {
        const human = (iso: string | null): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—');
        table.push([r.item, r.unit, stateLabel(r.state, l), lightLabel(r.light, l), `${r.percent}%`, human(r.nextDue), human(r.lastReport)]);
      }
      console.log(`${snapshot.campaign.name} (${campaignId}) — ${say('时间为', 'times in')} ${snapshot.campaign.timeZone}`);
      console.log(table.toString());
      const count = (f: (r: StatusRow) => boolean): number => rows.filter(f).length;
      console.log(say(`共 ${rows.length} 项：红灯 ${count((r) => r.light === 'red')}，黄灯 ${count((r) => r.light === 'yellow')}，待验收 ${count((r) => r.state === 'submitted')}，已销号 ${count((r) => r.state === 'closed')}`,
        `${rows.length} items: ${count((r) => r.light === 'red')} red, ${count((r) => r.light === 'yellow')} yellow, ${count((r) => r.state === 'submitted')} waiting for review, ${count((r) => r.state === 'closed')} closed`));
    });
}
