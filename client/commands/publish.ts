/** rectify publish announcement --out FILE.md|.html|.docx: the public progress announcement. */
import type { Command } from 'commander';
import { say } from '../common';
import { z } from 'zod';
import { liveState, writeOut } from '../documents';
import { outFile, parseOptions } from '../options';
import { announcement } from '../../documents/model';
import { renderHtml } from '../../documents/html';
import { renderDocx } from '../../documents/docx';
import { renderMarkdown } from '../../documents/markdown';

const announcementOptions = z.object({ out: outFile(['md', 'html', 'docx']), campaign: z.string().optional() });

export function register(program: Command): void {
  const pub = program.command('publish').description(say('公开发布', 'publish'));
  pub.command('announcement')
    .description(say('写出整改进展情况公告（结构同公开通报）', 'write the public progress announcement'))
    .option('--campaign <id>', 'campaign id (default: the only running one)')
    .requiredOption('--out <file>', 'FILE.md, FILE.html or FILE.docx')
    .action(async (opts: object) => {
      const { out, campaign } = parseOptions(announcementOptions, opts);
      const doc = announcement(await liveState(campaign));
      await writeOut(out.file, out.format === 'md' ? renderMarkdown(doc) : out.format === 'html' ? renderHtml(doc) : await renderDocx(doc));
    });
}
