/**
 * rectify status: every item with state, light, next due time and last
 * report (readmodels/status.ts: from Temporal's visibility, not by querying
 * each item workflow), under the mail banner while mail is failing.
 */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { DateTime } from 'luxon';
import type { CampaignSnapshot } from '../../workflows/messages';
import { connectClient } from '../../config/connection';
import { z } from 'zod';
import { campaignPage, campaignSnapshot, resolveCampaign, say, language, loadedYears } from '../common';
import { parseOptions } from '../options';
import { countdownLabel, lightLabel, stateLabel } from '../../domain/i18n';
import { countsOf, lightCounts, statusPage, statusRows, unitStatusPage, withCountdown, type StatusCounts, type StatusRow } from '../../readmodels/status';
import { followUps, MAX_PAGE_SIZE, TERMINAL_PAGE_SIZE, type CampaignPage } from '../../domain/list-page';
import { workingCalendarOf } from '../../activities/holidays-store';
import { displaySafe } from '../../domain/text';

/** The banner `status` shows while mail is failing or its backlog is going out; undefined when mail is fine. */
export function mailBanner(snapshot: Pick<CampaignSnapshot, 'campaign' | 'mailOutage'>): string | undefined {
  const o = snapshot.mailOutage;
  if (!o) return undefined;
  const at = (ms: number): string => DateTime.fromMillis(ms, { zone: snapshot.campaign.timeZone }).toFormat('yyyy-MM-dd HH:mm');
  if (o.until === undefined) {
    const more = o.momentsWaiting > 0;
    return say(`⚠ 邮件发送失败：自 ${at(o.since)} 起邮件服务器拒收（${o.error}），${o.waiting} 封邮件待发${more ? `，另有 ${o.momentsWaiting} 个到期时间点待处理` : ''}；系统按退避间隔重试，恢复后按时间顺序补发，不会遗漏。`,
      `⚠ MAIL FAILING since ${at(o.since)} (${o.error}): ${o.waiting} mail(s) waiting${more ? `, and ${o.momentsWaiting} moment(s) due behind them` : ''}; retried with backoff, they go out in order once the server answers, none is dropped.`);
  }
  return say(`⚠ 邮件已于 ${at(o.until)} 恢复（自 ${at(o.since)} 起中断）：积压邮件正在按时间顺序补发，已补发 ${o.late} 封，待发 ${o.waiting} 封。`,
    `⚠ Mail is back since ${at(o.until)} (down since ${at(o.since)}): the backlog is going out in order, ${o.late} sent late so far, ${o.waiting} waiting.`);
}

const statusOptions = z.object({
  campaign: z.string().optional(), unit: z.string().optional(), json: z.boolean().optional(), all: z.boolean().optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});

export function register(program: Command): void {
  program.command('status')
    .description(say('列出事项：状态、灯色、整改时限及剩余/逾期工作日、下次报送时间、最近报送', 'list items: state, light, deadline and working days left or overdue, next due time, last report'))
    .option('--campaign <id>', say('整改工作编号（默认：唯一正在运行的整改工作）', 'campaign id (default: the only running one)'))
    .option('--unit <name>', say('只列此单位牵头的事项', 'only items led by this unit'))
    .option('--json', say('以 JSON 输出', 'machine-readable output'))
    .option('--page <n>', say(`第 n 页（按事项编号，默认每页 ${TERMINAL_PAGE_SIZE} 项）`, `page n (in item order, ${TERMINAL_PAGE_SIZE} items a page unless --page-size)`))
    .option('--page-size <n>', say(`每页事项数（1–${MAX_PAGE_SIZE}）`, `items a page (1 to ${MAX_PAGE_SIZE})`))
    .option('--all', say('全部事项，不分页（上万项的整改工作需数秒）', 'every item, not paged (seconds for a campaign of 10,000 items)'))
    .action(async (options: object) => {
      const opts = parseOptions(statusOptions, options);
      const client = await connectClient();
      const campaignId = await resolveCampaign(client, opts.campaign);
      const request = { page: opts.page, size: opts.pageSize ?? TERMINAL_PAGE_SIZE };
      // What the table needs of the campaign's own list: its settings and mail outage, the rows shown, and the
      // items named under the table. A page of it (a few hundred rows, not 10,000), unless --all or --unit.
      let listed: Pick<CampaignPage, 'campaign' | 'mailOutage' | 'items' | 'lookBacksOwed' | 'carriedOver'>;
      let rows: StatusRow[];
      let counts: StatusCounts;
      let paging: { page: number; pages: number } = { page: 1, pages: 1 };
      if (opts.all || opts.unit) {
        const snapshot = await campaignSnapshot(client, campaignId);
        listed = { ...snapshot, ...followUps(snapshot.items) };
        if (opts.all) {
          rows = await statusRows(client, campaignId, snapshot.campaign.timeZone, opts.unit);
          counts = countsOf(rows);
        } else {
          const p = await unitStatusPage(client, snapshot.campaign, opts.unit ?? '', request);
          ({ rows, counts } = p);
          paging = p;
        }
      } else {
        // The page and the lights asked at once: neither waits for the other.
        const [page, lights] = await Promise.all([campaignPage(client, campaignId, request), lightCounts(client, campaignId)]);
        listed = page;
        const p = await statusPage(client, page, lights);
        ({ rows, counts } = p);
        paging = p;
      }
      const calendar = workingCalendarOf(listed.campaign.cadence, await loadedYears());
      rows = withCountdown(rows, listed, calendar, Date.now());
      const pageNote = paging.pages > 1
        ? say(`第 ${paging.page}/${paging.pages} 页（共 ${counts.items} 项）；其他页：--page N，全部：--all`, `page ${paging.page} of ${paging.pages} (${counts.items} items); others: --page N, all: --all`)
        : undefined;
      const banner = mailBanner(listed);
      // 督办单 waiting for a reply, from the campaign's registry (a campaign with desks keeps none: `rectify notices` lists them).
      const waiting = new Map(listed.items.flatMap((i) => (i.openNotices?.length ? [[i.id, i.openNotices] as const] : [])));
      // 回头看 asked and not answered yet, from the registry too: every such item, whatever the page.
      const owed = new Map(listed.lookBacksOwed.flatMap((i) => (i.lookBackOwed ? [[i.id, i.lookBackOwed] as const] : [])));
      // 上轮转入: items carried over from the previous round, from the registry too (every one).
      const carried = new Map(listed.carriedOver.flatMap((i) => (i.carriedFrom ? [[i.id, i.carriedFrom] as const] : [])));
      // With --json the rows stay the whole of stdout; the banner goes to stderr.
      if (opts.json) {
        if (banner) console.error(banner);
        if (pageNote) console.error(pageNote);
        console.log(JSON.stringify(rows.map((r) => ({
          ...r, ...(waiting.has(r.item) ? { openNotices: waiting.get(r.item) } : {}), ...(owed.has(r.item) ? { lookBackOwed: owed.get(r.item) } : {}),
          ...(carried.has(r.item) ? { carriedFrom: carried.get(r.item) } : {}),
        })), null, 2));
        return;
      }
      if (banner) console.log(displaySafe(banner, false));
      const l = language();
      const table = new Table({
        head: l === 'en' ? ['item', 'lead unit', 'state', 'light', '%', 'deadline', 'countdown', 'next due', 'last report', 'open notice'] : ['事项', '牵头单位', '状态', '灯色', '进度', '整改时限', '倒计时', '下次报送', '最近报送', '督办单'],
        style: { head: [], border: [], compact: true },
      });
      for (const r of rows) {
        const human = (iso: string | null): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—');
        // Texts from the campaign file (and a mail server's error in the banner) through displaySafe: a line
        // break or an ESC sequence on record from before they were refused would split or rewrite the table.
        // The newest notice waiting, marked ! when its reply is overdue.
        const notice = waiting.get(r.item)?.at(-1);
        table.push([displaySafe(r.item) + (carried.has(r.item) ? say('（上轮）', ' (carried)') : ''), displaySafe(r.unit), stateLabel(r.state, l), lightLabel(r.light, l), `${r.percent}%`, r.deadline ?? '—',
          r.countdown ? countdownLabel(r.countdown, l) : '—', human(r.nextDue), human(r.lastReport), notice ? `${displaySafe(notice.number)}${notice.overdue ? ' !' : ''}` : '—']);
      }
      console.log(`${displaySafe(listed.campaign.name)} (${campaignId}) — ${say('时间为', 'times in')} ${listed.campaign.timeZone}`);
      console.log(table.toString());
      for (const [item, o] of owed) {
        console.log(displaySafe(say(`回头看待答复：${item}（销号后 ${o.months} 个月，${o.askedLocal.slice(0, 10)} 发出）`, `look-back owed: ${item} (${o.months} months after acceptance, asked ${o.askedLocal.slice(0, 10)})`)));
      }
      if (carried.size) {
        const from = [...new Set([...carried.values()].map((c) => c.campaignId))].join(say('、', ', '));
        console.log(displaySafe(say(`上轮转入 ${carried.size} 项（来自 ${from}）：${[...carried.keys()].join('、')}`,
          `${carried.size} item(s) carried over from ${from}: ${[...carried.keys()].join(', ')}`)));
      }
      if (pageNote) console.log(pageNote);
      const n = counts;
      console.log(say(`共 ${n.items} 项：红灯 ${n.red}，黄灯 ${n.yellow}，待验收 ${n.submitted}，已销号 ${n.closed}`,
        `${n.items} items: ${n.red} red, ${n.yellow} yellow, ${n.submitted} waiting for review, ${n.closed} closed`)
        + (n.carriedOut ? say(`，已转入下一轮 ${n.carriedOut}`, `, ${n.carriedOut} carried into the next round`) : ''));
    });
}
