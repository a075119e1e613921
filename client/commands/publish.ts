/** rectify publish announcement --out FILE.md|.html|.docx: the public progress announcement. */
import type { Command } from 'commander';
import { say } from '../common';
import { formatOf, liveState, writeOut } from '../documents';
import { announcement } from '../../documents/model';
import { renderHtml } from '../../documents/html';
import { renderDocx } from '../../documents/docx';
import { renderMarkdown } from '../../documents/markdown';

export function register(program: Command): void {
  const pub = program.command('publish').description(say('公开发布', 'publish'));
  pub.command('announcement')
    .description(say('写出整改进展情况公告（结构同公开通报）', 'write the public progress announcement'))
    .option('--campaign <id>', 'campaign id (default: the only running one)')
    .requiredOption('--out <file>', 'FILE.md, FILE.html or FILE.docx')
    .action(async (o: { campaign?: string; out: string }) => {
      const format = formatOf(o.out, ['md', 'html', 'docx']);
      const doc = announcement(await liveState(o.campaign));
      await writeOut(o.out, format === 'md' ? renderMarkdown(doc) : format === 'html' ? renderHtml(doc) : await renderDocx(doc));
    });
}
