/**
 * rectify calendar show | update: the working-day calendar (法定节假日、调休).
 * `show` prints every cadence moment of a span with the rule that placed it;
 * `update --from FILE` loads a year's official arrangement into the data
 * folder and tells every running workflow to plan its pending moments again.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { DateTime } from 'luxon';
import { cadence as cadenceSchema, DEFAULT_LADDER } from '../../domain/schema';
import { engineStores } from '../../activities/engine-stores';
import { dataFormatOf, readDataTextSync } from '../../domain/campaign';
import { loadHolidayYears, replanRunning } from '../../readmodels/holidays';
import { calendarView, uncoveredWarning } from '../calendar-view';
import { connectClient } from '../../config/connection';
import { language, say, UserError, loadCampaignFile, loadedYears } from '../common';
import { day, parseOptions } from '../options';
import { z } from 'zod';

const KIND_ZH: Record<string, string> = {
  due: '周报告截止', reminder: '报送提醒', summary: '周汇总', followup: '逾期跟踪', dispatch: '旬调度', inspection: '月督查',
  deadlineWarning: '到期提醒', deadline: '到期通报', deadlineLate: '逾期通报', milestoneWarning: '节点提醒', milestone: '节点通报',
};

const showOptions = z.object({
  from: day('--from').transform((d) => d.trim()),
  until: day('--until').transform((d) => d.trim()),
  campaign: z.string().optional(),
  json: z.boolean().optional(),
}).superRefine(({ from, until }, ctx) => {
  if (until < from) ctx.addIssue({ code: 'custom', message: say(`--until ${until} 早于 --from ${from}`, `--until ${until} is before --from ${from}`) });
  else if (DateTime.fromISO(until).diff(DateTime.fromISO(from), 'days').days > 800) ctx.addIssue({ code: 'custom', message: say('--from 到 --until 不能超过 800 天', '--from to --until: at most 800 days') });
});

const updateOptions = z.object({ from: z.string(), signal: z.boolean() });

export function register(program: Command): void {
  const cal = program.command('calendar').description(say('工作日历：法定节假日、调休与各时间点', 'the working-day calendar: holidays, make-up days and cadence moments'));

  cal.command('show')
    .description(say('列出一段时间内的每个时间点（本地时间）及其安排依据', 'print every cadence moment of a span in local time, with the rule that placed it'))
    .requiredOption('--from <date>', say('第一天（YYYY-MM-DD）', 'first day (YYYY-MM-DD)'))
    .requiredOption('--until <date>', say('最后一天（YYYY-MM-DD）', 'last day (YYYY-MM-DD)'))
    .option('--campaign <file>', say('整改工作文件（默认：Asia/Shanghai 时区的默认节奏）', 'campaign file (default: the default cadence in Asia/Shanghai)'))
    .option('--json', say('以 JSON 输出', 'print as JSON'))
    .action(async (options: object) => {
      const opts = parseOptions(showOptions, options);
      const { from, until } = opts;
      const lang = language();
      const s = opts.campaign
        ? await loadCampaignFile(opts.campaign)
        : { timeZone: 'Asia/Shanghai', start: from, cadence: cadenceSchema.parse({}), ladder: DEFAULT_LADDER, items: [] };
      const view = calendarView(s, from, until, await loadedYears(), lang);
      if (view.uncoveredYears.length) console.error(`rectify: ${uncoveredWarning(view.uncoveredYears, lang)}`);
      if (opts.json) {
        console.log(JSON.stringify({ ...view, rows: view.rows.map(({ moment: _m, ...r }) => r) }, null, 2));
        return;
      }
      console.log(say(`时区 ${view.timeZone}，${from} 至 ${until}（日历 ${view.calendarVersion}）`, `time zone ${view.timeZone}, ${from} to ${until} (calendar ${view.calendarVersion})`));
      if (view.days.length) {
        const off = view.days.filter((d) => !d.working).map((d) => `${d.date} ${d.name}`);
        const on = view.days.filter((d) => d.working).map((d) => `${d.date} ${d.name}`);
        if (off.length) console.log(say(`休息日：${off.join('，')}`, `days off: ${off.join(', ')}`));
        if (on.length) console.log(say(`调休上班：${on.join('，')}`, `working days: ${on.join(', ')}`));
      }
      for (const r of view.rows) {
        const dt = DateTime.fromISO(r.local, { setZone: true }).setZone(view.timeZone);
        const when = lang === 'en' ? dt.setLocale('en').toFormat('yyyy-MM-dd ccc HH:mm') : dt.setLocale('zh-CN').toFormat('yyyy-MM-dd ccc HH:mm');
        const what = lang === 'en' ? r.kind : KIND_ZH[r.kind] ?? r.kind;
        console.log([when, what, r.item, r.rule, r.placedBy ? `（${r.placedBy}）` : undefined].filter(Boolean).join('  '));
      }
    });

  cal.command('update')
    .description(say('载入一年的法定节假日安排（国务院办公厅通知），并通知正在运行的工作流重新安排', "load a year's official holiday arrangement and have running workflows re-plan"))
    .requiredOption('--from <file>', say('YAML 或 JSON 文件：{ year, source, daysOff: [date | {from,to,name}], workingDays: [date] }', 'YAML or JSON: { year, source, daysOff: [date | {from,to,name}], workingDays: [date] }'))
    .option('--no-signal', say('只写入数据，不通知正在运行的工作流', 'only write the data; do not signal running workflows'))
    .action(async (options: object) => {
      const opts = parseOptions(updateOptions, options);
      // Checked whole before anything is written (readmodels/holidays.ts, as the office console's holiday page).
      const loaded = await loadHolidayYears(engineStores().holidays, readDataTextSync(opts.from), path.basename(opts.from), dataFormatOf(opts.from), language());
      if (!loaded.ok) throw new UserError(loaded.problems.join('\n'));
      for (const y of loaded.years) {
        const off = Object.keys(y.daysOff).length;
        const on = Object.keys(y.workingDays).length;
        console.log(say(`${y.year} 年已载入：休息日 ${off} 天，调休上班 ${on} 天（${loaded.file}）`, `${y.year} loaded: ${off} days off, ${on} make-up working days (${loaded.file})`));
      }
      if (!opts.signal) return;
      let told: number;
      try {
        const client = await connectClient();
        try { told = await replanRunning(client); } finally { await client.connection.close(); }
      } catch (err) {
        throw new UserError(say(`数据已写入，但无法连接 Temporal 通知正在运行的工作流（${(err as Error).message}）：连接后再运行一次`,
          `data written, but Temporal could not be reached to tell running workflows (${(err as Error).message}): run it again when it is up`), 1);
      }
      console.log(say(`已通知 ${told} 个正在运行的工作流重新安排待办时间点。`, `${told} running workflow(s) told to re-plan their pending moments.`));
    });
}
