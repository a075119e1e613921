/**
 * rectify announcement draft|edit|approve ITEM: the item's 公示稿, its paragraph in the public announcement.
 * draft: rectify writes it from the record (close-out, measures, reports); edit: the office replaces it
 * (--text or --file); approve: the office approves it (publish announcement prints approved texts only).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { language, newRequestId, say } from '../common';
import { problemWhat } from '../../domain/i18n';
import { parseOptions } from '../options';
import { BY_HELP } from '../actor';
import { sendItemUpdate, updateTarget } from '../item-update';
import { readInputFileSync } from '../../domain/files';
import type { AnnouncementInput } from '../../workflows/messages';

const actOptions = z.object({ ...updateTarget });
const editOptions = z.object({
  ...updateTarget,
  text: z.string().optional(),
  /** --file: the text from a UTF-8 file (its content is checked with the payload). */
  file: z.string().optional().transform((file, ctx) => {
    if (file === undefined) return undefined;
    try {
      return readInputFileSync(file).toString('utf8');
    } catch (e) {
      ctx.addIssue({ code: 'custom', input: file, message: `${file}${say('：', ': ')}${problemWhat((e as Error).message, language())}` });
      return z.NEVER;
    }
  }),
}).superRefine((o, ctx) => {
  if ((o.text === undefined) === (o.file === undefined)) {
    ctx.addIssue({ code: 'custom', message: say('请给出 --text 内容 或 --file 文件（二选一）', 'give either --text TEXT or --file FILE') });
  }
});

type Act = AnnouncementInput['act'];
const send = async (act: Act, o: z.output<typeof actOptions>, text?: string): Promise<void> => {
  const payload: AnnouncementInput = { act, ...(text !== undefined ? { text } : {}), by: o.by, requestId: newRequestId() };
  await sendItemUpdate('announcement', payload, o);
};

export function register(program: Command): void {
  const a = program.command('announcement').description(say('公示稿：起草、修改、审定事项在整改进展公告中的段落', "the item's announcement text (公示稿): draft, edit, approve"));
  const common = (c: Command, who: [string, string]): Command => c.argument('<item>', say('事项序号', 'item id'))
    .option('--by <name>', BY_HELP(...who)).option('--campaign <id>', say('整改工作编号', 'campaign id')).option('--json', say('以 JSON 输出', 'machine-readable answer'));
  common(a.command('draft').description(say('据销号申请的四个维度、整改措施和进展报送起草公示稿（待审定）', 'draft the text from the close-out, the measures and the reports (then approve it)')), ['起草人', 'who drafts'])
    .action(async (item: string, opts: object) => send('draft', parseOptions(actOptions, { item, ...opts }, item)));
  common(a.command('edit').description(say('以新内容替换公示稿（已审定的须重新审定）', 'replace the text (an approved one needs approval again)')), ['修改人', 'who edits'])
    .option('--text <text>', say('公示稿内容', 'the text'))
    .option('--file <file>', say('从 UTF-8 文本文件读取公示稿', 'read the text from a UTF-8 file'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(editOptions, { item, ...opts }, item);
      await send('edit', o, o.text ?? o.file);
    });
  common(a.command('approve').description(say('审定公示稿：发布公告时采用', 'approve the text: the announcement prints it')), ['审定人', 'who approves'])
    .action(async (item: string, opts: object) => send('approve', parseOptions(actOptions, { item, ...opts }, item)));
}
