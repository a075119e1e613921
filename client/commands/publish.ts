/**
 * rectify publish announcement --out FILE.md|.html|.docx [--final]: the public progress announcement. Each item
 * prints its approved 公示稿; items without one are marked 【公示稿未审定】, and --final refuses (exit 2) while any is.
 */
import type { Command } from 'commander';
import { say } from '../common';
import { z } from 'zod';
import { liveState, writeOut } from '../documents';
import { outFile, parseOptions } from '../options';
import { announcement, unapprovedItems } from '../../documents/model';
import { renderHtml } from '../../documents/html';
import { renderDocx } from '../../documents/docx';
import { renderMarkdown } from '../../documents/markdown';
import { UserError } from '../../runtime/user-error';

const announcementOptions = z.object({ out: outFile(['md', 'html', 'docx']), campaign: z.string().optional(), final: z.boolean().optional() });

export function register(program: Command): void {
  const pub = program.command('publish').description(say('公开发布', 'publish'));
  pub.command('announcement')
    .description(say('写出整改进展情况公告（结构同公开通报；各事项采用已审定的公示稿）', "write the public progress announcement (each item's approved text)"))
    .option('--campaign <id>', say('整改工作编号（默认：唯一正在运行的整改工作）', 'campaign id (default: the only running one)'))
    .requiredOption('--out <file>', say('输出文件：FILE.md、FILE.html 或 FILE.docx', 'FILE.md, FILE.html or FILE.docx'))
    .option('--final', say('定稿：有事项的公示稿未审定时拒绝（退出码 2）', 'the final text: refused (exit 2) while any item has no approved text'))
    .action(async (opts: object) => {
      const { out, campaign, final } = parseOptions(announcementOptions, opts);
      const state = await liveState(campaign);
      const missing = unapprovedItems(state);
      if (final && missing.length) {
        const ids = missing.map((i) => i.id).join(state.lang === 'en' ? ', ' : '、');
        throw new UserError(say(`${missing.length} 个事项的公示稿尚未审定，不能定稿：${ids}（rectify announcement draft / approve）`,
          `${missing.length} item(s) have no approved announcement text, so the final text is refused: ${ids} (rectify announcement draft / approve)`));
      }
      const doc = announcement(state);
      await writeOut(out.file, out.format === 'md' ? renderMarkdown(doc) : out.format === 'html' ? renderHtml(doc) : await renderDocx(doc));
      if (missing.length) console.error(say(`注意：${missing.length} 个事项的公示稿尚未审定，已在公告中标注【公示稿未审定】`, `note: ${missing.length} item(s) have no approved text; the announcement marks them`));
    });
}
