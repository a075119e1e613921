/** rectify events: what the worker sent and recorded (data/events.jsonl, or the database of RECTIFY_DATABASE_URL): reminders, chases, escalations, documents. */
import type { Command } from 'commander';
import { engineStores } from '../../activities/engine-stores';
import { z } from 'zod';
import { say } from '../common';
import { parseOptions, sinceDay } from '../options';
import { SCHEDULED_DOCUMENT_KINDS } from '../../domain/documents';
import { displaySafe } from '../../domain/text';

const eventsOptions = z.object({
  kind: z.string().optional(),
  item: z.string().optional(),
  since: sinceDay('--since').optional(),
  json: z.boolean().optional(),
});

export function register(program: Command): void {
  program.command('events')
    .description(say('列出已发送和已记录的事件（提醒、催办、督办、文书）', 'list what was sent and recorded (reminders, chases, escalations, documents)'))
    .option('--kind <kind>', say(`只列此类事件（reminder、chase、escalation、warning、${SCHEDULED_DOCUMENT_KINDS.join('、')} 等）`, `only this kind (reminder, chase, escalation, warning, ${SCHEDULED_DOCUMENT_KINDS.join(', ')}, …)`))
    .option('--item <id>', say('只列此事项的事件', 'only events about this item'))
    .option('--since <date>', say('只列此日起的（YYYY-MM-DD，整改工作所在时区）', 'only from this day on (YYYY-MM-DD, campaign local time)'))
    .option('--json', say('以 JSON 数组输出', 'as a JSON array'))
    .action(async (opts: object) => {
      const o = parseOptions(eventsOptions, opts);
      const all = await engineStores().events.read();
      const events = all.filter((e) => (!o.kind || e.kind === o.kind)
        && (!o.item || e.item === o.item || e.items?.includes(o.item))
        && (!o.since || e.at.slice(0, 10) >= o.since));
      if (o.json) { console.log(JSON.stringify(events, null, 2)); return; }
      if (!events.length) { console.log(say('没有事件', 'no events')); return; }
      for (const e of events) {
        // The log holds texts of campaign files (ids, notices, addresses) written before control characters were refused.
        console.log(displaySafe([e.at, e.kind, e.item ?? (e.items ?? []).join(','), e.level ?? '', e.notice ?? '', e.to.join(',')].filter(Boolean).join('  ')));
      }
    });
}
