/** rectify history ITEM: the item's record, every change with who and when, numbered (append-only). */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { connectClient } from '../../config/connection';
import { answerOf, campaignSettings, itemHandle, language, resolveCampaign, say } from '../common';
import { z } from 'zod';
import { parseOptions } from '../options';
import { readItem } from '../../readmodels/items';
import { auditDetail, auditLabel, auditRows } from '../../documents/audit';
import { displaySafe } from '../../domain/text';
import { isOwed } from '../../domain/item-record';
import { stateLabel } from '../../domain/i18n';
import type { Client } from '@temporalio/client';
import type { ItemSnapshot } from '../../workflows/messages';

const historyOptions = z.object({ item: z.string(), campaign: z.string().optional(), json: z.boolean().optional(), previous: z.boolean().optional() });

export function register(program: Command): void {
  program.command('history')
    .description(say('事项的全部记录：报送、更正、状态、调度决定、督促，谁在何时', "an item's record: reports, corrections, states, decisions, escalations, who and when"))
    .argument('<item>', say('事项编号', 'item id'))
    .option('--campaign <id>', say('整改工作编号', 'campaign id'))
    .option('--json', say('以 JSON 输出完整记录', 'the whole snapshot as JSON'))
    .option('--previous', say('上轮转入的事项：在本轮记录之后列出上一轮的原记录', "an item carried over from the previous round (上轮转入): its old record too, after this round's"))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(historyOptions, { item, ...opts });
      const client = await connectClient();
      const campaignId = await resolveCampaign(client, o.campaign);
      const snap = await printHistory(client, campaignId, item, o.json);
      // 上一轮: a carried item's old record, with --previous.
      const p = snap.item.previous;
      if (o.previous && p) {
        console.log('');
        await printHistory(client, p.campaignId, p.itemId, o.json);
      }
    });
}

/** The item's record printed (or its snapshot as JSON); returns the snapshot. */
async function printHistory(client: Client, campaignId: string, item: string, json?: boolean): Promise<ItemSnapshot> {
  const campaign = await campaignSettings(client, campaignId);
  const snap = await answerOf(item, campaignId, await itemHandle(client, campaignId, item), readItem);
  if (json) { console.log(JSON.stringify(snap, null, 2)); return snap; }
  // What people wrote is shown through displaySafe: a control character on record from before it was
  // refused (an ESC sequence, a bidi override) must not act on the operator's terminal.
  console.log(displaySafe(`${snap.item.id} ${snap.item.title ?? ''}  ${snap.item.leadUnit}  ${say('整改时限', 'deadline')} ${snap.item.deadline}`));
  // 上轮转入: where the item comes from, and how to read its old record.
  const p = snap.item.previous;
  if (p) {
    console.log(displaySafe(say(
      `上一轮：${p.campaignId}（${p.campaignName}）事项 ${p.itemId}，转入时${stateLabel(p.state, 'zh')}、进度 ${p.percent}%；上一轮的记录：rectify history ${p.itemId} --campaign ${p.campaignId}（或加 --previous）`,
      `previous round: ${p.campaignId} (${p.campaignName}) item ${p.itemId}, carried over ${stateLabel(p.state, 'en')} at ${p.percent}%; its record: rectify history ${p.itemId} --campaign ${p.campaignId} (or add --previous)`)));
  }
  // 已转入下一轮: where the item went, and how to read its record there.
  const out = snap.carriedOut;
  if (out) {
    const when = DateTime.fromMillis(out.at, { zone: campaign.timeZone }).toFormat('yyyy-MM-dd HH:mm');
    console.log(displaySafe(say(
      `已转入下一轮：${out.campaignId}（${out.campaignName}）事项 ${out.itemId}，${when} 由 ${out.by} 转出，转出时${stateLabel(out.state, 'zh')}、进度 ${out.percent}%；下一轮的记录：rectify history ${out.itemId} --campaign ${out.campaignId}`,
      `carried into the next round: ${out.campaignId} (${out.campaignName}) item ${out.itemId}, handed over ${when} by ${out.by}, ${stateLabel(out.state, 'en')} at ${out.percent}%; its record there: rectify history ${out.itemId} --campaign ${out.campaignId}`)));
  }
  for (const e of auditRows(snap)) {
    const when = DateTime.fromMillis(e.at, { zone: campaign.timeZone }).toFormat('yyyy-MM-dd HH:mm');
    console.log(`#${String(e.entry).padEnd(4)} ${when}  ${auditLabel(e.what, language()).padEnd(10)}  ${displaySafe(e.by)}  ${displaySafe(auditDetail(e, language()))}`);
  }
  // 回头看 asked and not answered yet: owed by the unit.
  for (const c of (snap.lookBacks ?? []).filter(isOwed)) {
    console.log(say(`回头看待答复：销号后 ${c.months} 个月（${c.local.slice(0, 10)} 发出）`, `look-back owed: ${c.months} months after acceptance (asked ${c.local.slice(0, 10)})`));
  }
  // Mails decided but not sent yet: outside working time they wait for the next working morning.
  for (const m of snap.mailsWaiting ?? []) {
    const at = (ms: number): string => DateTime.fromMillis(ms, { zone: campaign.timeZone }).toFormat('yyyy-MM-dd HH:mm');
    const what = { 'dispatch-decision': say('调度决定通知', 'dispatch decision'), review: say('审核结果通知', 'review result'), receipt: say('回执', 'receipt'), 'plan-change': say('整改方案变更通知', 'plan change'), notice: say('督办单', 'supervision notice'), 'look-back': say('回头看', 'look-back'), reopen: say('重新打开通知', 'reopening') }[m.kind];
    const when = m.sendAt !== undefined ? say(`将于 ${at(m.sendAt)} 发出`, `goes out ${at(m.sendAt)}`) : say('待安排发送时间', 'not yet placed');
    console.log(displaySafe(`${say('待发邮件', 'mail waiting')}: ${what} → ${m.to.join(', ')}  ${say('决定于', 'decided')} ${at(m.decidedAt)}${say('，', ', ')}${when}`));
  }
  return snap;
}
