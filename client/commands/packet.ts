/** rectify packet ITEM --out FILE.docx|.html: the item's verification packet (验收材料). */
import type { Command } from 'commander';
import { say, UserError } from '../common';
import { z } from 'zod';
import { liveState, writeOut } from '../documents';
import { outFile, parseOptions } from '../options';
import { packet } from '../../documents/model';
import { renderHtml } from '../../documents/html';
import { renderDocx } from '../../documents/docx';
import { matchItem } from '../../domain/keys';

const packetOptions = z.object({ item: z.string(), out: outFile(['docx', 'html']), campaign: z.string().optional() });

export function register(program: Command): void {
  program.command('packet')
    .description(say('写出事项验收材料（问题、措施、进展、调度、督办、四个维度）', "write an item's verification packet"))
    .argument('<item>', say('事项编号，如 "(12)"', 'item id, e.g. "(12)"'))
    .option('--campaign <id>', say('整改工作编号（默认：唯一正在运行的整改工作）', 'campaign id (default: the only running one)'))
    .requiredOption('--out <file>', say('输出文件：FILE.docx 或 FILE.html', 'FILE.docx or FILE.html'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(packetOptions, { item, ...opts });
      const state = await liveState(o.campaign);
      const found = matchItem(state.items, item);
      if (!found) throw new UserError(say(`整改工作中没有事项 ${item}`, `no item ${item} in the campaign`));
      if (Array.isArray(found)) throw new UserError(say(`"${item}" 可指多个事项（${found.map((f) => f.id).join('、')}）：请按计划中的编号书写`, `"${item}" could mean several items (${found.map((f) => f.id).join(', ')}): write the id as printed`));
      const doc = packet(state, found.key);
      await writeOut(o.out.file, o.out.format === 'html' ? renderHtml(doc) : await renderDocx(doc));
    });
}
