/** rectify note ITEM: an office note (备注) on the item's record, in any state (a closed item too). */
import type { Command } from 'commander';
import { z } from 'zod';
import { newRequestId, say } from '../common';
import { parseOptions } from '../options';
import { BY_HELP } from '../actor';
import { sendItemUpdate, updateTarget } from '../item-update';
import type { NoteInput } from '../../workflows/messages';

const noteOptions = z.object({ ...updateTarget, text: z.string() });

export function register(program: Command): void {
  program.command('note')
    .description(say('在事项的整改记录中添加备注（已销号的事项也可）', "add an office note to the item's record (a closed item too)"))
    .argument('<item>', say('事项编号', 'item id'))
    .requiredOption('--text <text>', say('备注内容', 'the note'))
    .option('--by <name>', BY_HELP('记录人', 'who notes'))
    .option('--campaign <id>', say('整改工作编号', 'campaign id'))
    .option('--json', say('以 JSON 输出结果', 'machine-readable answer'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(noteOptions, { item, ...opts }, item);
      const payload: NoteInput = { text: o.text, by: o.by, requestId: newRequestId() };
      await sendItemUpdate('note', payload, o);
    });
}
