/** rectify documents [--kind K] [--since DATE]; rectify document ID --out FILE: the documents the engine sent. */
import type { Command } from 'commander';
import type { DocumentStore } from '../../documents/store';
import { engineStores } from '../../activities/engine-stores';
import { z } from 'zod';
import { say, UserError } from '../common';
import { writeOut } from '../documents';
import { outFile, parseOptions, sinceDay } from '../options';
import { SCHEDULED_DOCUMENT_KINDS, SCHEDULED_DOCUMENTS } from '../../domain/documents';
import { displaySafe } from '../../domain/text';

const KINDS: string[] = SCHEDULED_DOCUMENT_KINDS;
const LABELS = Object.values(SCHEDULED_DOCUMENTS).map((d) => d.label);
/** The data folder's documents/, or the database's (RECTIFY_DATABASE_URL). */
export const documentStore = (): DocumentStore => engineStores().documents;

const listOptions = z.object({
  kind: z.string().refine((k) => !k || KINDS.includes(k), { error: () => say(`--kind 须为 ${KINDS.join('、')}`, `--kind must be one of ${KINDS.join(', ')}`) }).optional(),
  since: sinceDay('--since').optional(),
  campaign: z.string().optional(),
  json: z.boolean().optional(),
});

const documentOptions = z.object({ id: z.string(), out: outFile(['html', 'docx']) });

export function register(program: Command): void {
  program.command('documents')
    .description(say(`列出已发出的文件（${LABELS.map((l) => l.zh).join('、')}）`, `list the documents sent (${LABELS.map((l) => l.enPlural).join(', ')})`))
    .option('--campaign <id>', say('只列此整改工作', 'only this campaign'))
    .option('--kind <kind>', KINDS.join(' | '))
    .option('--since <date>', say('只列此日起的（YYYY-MM-DD）', 'only from this day on (YYYY-MM-DD)'))
    .option('--json', say('以 JSON 输出', 'machine-readable output'))
    .action(async (opts: object) => {
      const o = parseOptions(listOptions, opts);
      const docs = (await documentStore().list(o.campaign))
        .filter((d) => (!o.kind || d.kind === o.kind) && (!o.since || d.at.slice(0, 10) >= o.since));
      if (o.json) { console.log(JSON.stringify(docs, null, 2)); return; }
      if (!docs.length) { console.log(say('没有文件', 'no documents')); return; }
      for (const d of docs) console.log(displaySafe(`${d.id}  ${d.at.slice(0, 16).replace('T', ' ')}  ${d.title}`));
    });

  program.command('document')
    .description(say('把一份已发出的文件再写出来', 'write one document sent again'))
    .argument('<id>', say('文件编号（rectify documents 列出）', 'document id (rectify documents lists them)'))
    .requiredOption('--out <file>', say('输出文件：FILE.html 或 FILE.docx', 'FILE.html or FILE.docx'))
    .action(async (id: string, opts: object) => {
      const { out } = parseOptions(documentOptions, { id, ...opts });
      const content = await documentStore().read(id, out.format);
      if (!content) throw new UserError(say(`没有文件 ${id}（rectify documents 列出全部）`, `no document ${id} (rectify documents lists them)`));
      await writeOut(out.file, content);
    });
}
