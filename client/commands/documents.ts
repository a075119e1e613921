/** rectify documents [--kind K] [--since DATE]; rectify document ID --out FILE: the documents the engine sent. */
import type { Command } from 'commander';
import path from 'node:path';
import { FileDocumentStore } from '../../documents/store';
import { dataDir } from '../../config/paths';
import { say, UserError } from '../common';
import { formatOf, writeOut } from '../documents';
import { isoDate } from '../../domain/schema';
import { SCHEDULED_DOCUMENT_KINDS, SCHEDULED_DOCUMENTS } from '../../domain/documents';

const KINDS: string[] = SCHEDULED_DOCUMENT_KINDS;
const LABELS = Object.values(SCHEDULED_DOCUMENTS).map((d) => d.label);
export const documentStore = (): FileDocumentStore => new FileDocumentStore(path.join(dataDir(), 'documents'));

export function register(program: Command): void {
  program.command('documents')
    .description(say(`列出已发出的文件（${LABELS.map((l) => l.zh).join('、')}）`, `list the documents sent (${LABELS.map((l) => l.enPlural).join(', ')})`))
    .option('--campaign <id>', 'only this campaign')
    .option('--kind <kind>', KINDS.join(' | '))
    .option('--since <date>', 'only from this day on (YYYY-MM-DD)')
    .option('--json', 'machine-readable output')
    .action(async (o: { campaign?: string; kind?: string; since?: string; json?: boolean }) => {
      if (o.kind && !KINDS.includes(o.kind)) throw new UserError(say(`--kind 须为 ${KINDS.join('、')}`, `--kind must be one of ${KINDS.join(', ')}`));
      if (o.since && !isoDate.safeParse(o.since).success) throw new UserError(say(`--since 不是日期（YYYY-MM-DD）：${o.since}`, `--since is not a date (YYYY-MM-DD): ${o.since}`));
      const docs = (await documentStore().list(o.campaign))
        .filter((d) => (!o.kind || d.kind === o.kind) && (!o.since || d.at.slice(0, 10) >= o.since));
      if (o.json) { console.log(JSON.stringify(docs, null, 2)); return; }
      if (!docs.length) { console.log(say('没有文件', 'no documents')); return; }
      for (const d of docs) console.log(`${d.id}  ${d.at.slice(0, 16).replace('T', ' ')}  ${d.title}`);
    });

  program.command('document')
    .description(say('把一份已发出的文件再写出来', 'write one document sent again'))
    .argument('<id>', 'document id (rectify documents lists them)')
    .requiredOption('--out <file>', 'FILE.html or FILE.docx')
    .action(async (id: string, o: { out: string }) => {
      const format = formatOf(o.out, ['html', 'docx']) as 'html' | 'docx';
      const content = await documentStore().read(id, format);
      if (!content) throw new UserError(say(`没有文件 ${id}（rectify documents 列出全部）`, `no document ${id} (rectify documents lists them)`));
      await writeOut(o.out, content);
    });
}
