/**
 * rectify closeout submit ITEM: submits an item for close-out on the four
 * dimensions (四个维度); rectify closeout review ITEM --accept | --return REASON.
 */
import type { Command } from 'commander';
import { readDataFileSync } from '../../domain/campaign';
import { z } from 'zod';
import { language, newRequestId, say } from '../common';
import { closeoutEvidence, flaggedForReviewer } from '../../domain/evidence';
import { parseOptions } from '../options';
import { BY_HELP } from '../actor';
import { sendItemUpdate, updateTarget } from '../item-update';
import type { CloseoutInput, ReviewInput } from '../../workflows/messages';

const evidence = z.array(z.string()).optional();

const submitOptions = z.object({
  ...updateTarget,
  solved: z.string().optional(), solvedEvidence: evidence,
  cause: z.string().optional(), causeEvidence: evidence, noneNeeded: z.boolean().optional(),
  similar: z.string().optional(), similarEvidence: evidence,
  mechanism: z.string().optional(), mechanismEvidence: evidence,
  /** --file: the four dimensions as a mapping, read from the file (its content is checked with the payload). */
  file: z.string().optional().transform((file, ctx) => {
    if (!file) return undefined;
    const raw = readDataFileSync(file);
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as object;
    ctx.addIssue({ code: 'custom', input: file, message: `${file}: ${say('应为四个维度的键值（solved、accountability、similarCases、mechanism）', 'a mapping of the four dimensions (solved, accountability, similarCases, mechanism)')}` });
    return z.NEVER;
  }),
});

const reviewOptions = z.object({
  ...updateTarget,
  accept: z.boolean().optional(),
  return: z.string().optional(),
}).superRefine((o, ctx) => {
  if (!!o.accept === (o.return !== undefined)) ctx.addIssue({ code: 'custom', message: say('请给出 --accept 或 --return 原因（二选一）', 'give either --accept or --return REASON') });
});

function closeoutFrom(o: z.output<typeof submitOptions>): CloseoutInput['closeout'] {
  if (o.file) return { by: o.by, ...o.file } as CloseoutInput['closeout'];
  const dim = (statement: string | undefined, evidence: string[] | undefined) => ({ statement: statement ?? '', evidence: evidence ?? [] });
  return {
    solved: dim(o.solved, o.solvedEvidence),
    accountability: { ...dim(o.cause, o.causeEvidence), noneNeeded: o.noneNeeded || undefined },
    similarCases: dim(o.similar, o.similarEvidence),
    mechanism: dim(o.mechanism, o.mechanismEvidence),
    by: o.by,
  };
}

export function register(program: Command): void {
  const closeout = program.command('closeout').description(say('销号：提交四个维度的整改结果，或审核', 'close-out: submit on four dimensions, or review'));
  closeout.command('submit')
    .description(say('提交销号申请（问题解决、原因及追责问责、举一反三、长效机制，各附佐证）', 'submit for close-out on the four dimensions, each with evidence'))
    .argument('<item>', say('事项编号', 'item id'))
    .option('--solved <text>', say('问题解决：问题如何解决', '问题解决: how the problem is solved'))
    .option('--solved-evidence <ref...>', say('问题解决的佐证材料', 'evidence for 问题解决'))
    .option('--cause <text>', say('产生原因及追责问责：查找的原因及追责问责情况', '产生原因及追责问责: causes found and accountability handled'))
    .option('--cause-evidence <ref...>', say('原因及追责问责的佐证材料', 'evidence for 原因及追责问责'))
    .option('--none-needed', say('无需追责问责（在 --cause 中说明理由）', 'no accountability needed (say why in --cause)'))
    .option('--similar <text>', say('举一反三：对同类问题的排查整改', '举一反三: lessons applied to similar cases'))
    .option('--similar-evidence <ref...>', say('举一反三的佐证材料', 'evidence for 举一反三'))
    .option('--mechanism <text>', say('长效机制：已建立并施行的制度或程序', '长效机制: rules or procedures now in force'))
    .option('--mechanism-evidence <ref...>', say('长效机制的佐证材料', 'evidence for 长效机制'))
    .option('--file <yaml>', say('从 YAML 文件读取四个维度（solved、accountability、similarCases、mechanism）', 'the four dimensions from a YAML file (solved, accountability, similarCases, mechanism)'))
    .option('--by <name>', BY_HELP('提交人', 'who submits'))
    .option('--campaign <id>', say('整改工作编号', 'campaign id'))
    .option('--json', say('以 JSON 输出结果', 'machine-readable answer'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(submitOptions, { item, ...opts });
      const payload: CloseoutInput = { closeout: closeoutFrom(o), requestId: newRequestId() };
      await sendItemUpdate('closeout', payload, o);
    });
  closeout.command('review')
    .description(say('审核销号申请：--accept 销号，或 --return 原因 退回', 'review a close-out: --accept, or --return REASON'))
    .argument('<item>', say('事项编号', 'item id'))
    .option('--accept', say('审核通过：已销号（长期坚持事项为持续整改）', 'accept: 已销号 (or 持续整改 for a long-term item)'))
    .option('--return <reason>', say('退回责任单位并说明原因', 'return to the unit with a reason'))
    .option('--by <name>', BY_HELP('审核人', 'who reviews'))
    .option('--campaign <id>', say('整改工作编号', 'campaign id'))
    .option('--json', say('以 JSON 输出结果', 'machine-readable answer'))
    .action(async (item: string, opts: object) => {
      const o = parseOptions(reviewOptions, { item, ...opts }, item);
      const payload: ReviewInput = { accept: !!o.accept, reason: o.return, by: o.by };
      // The reviewer hears what the upload check flagged in the close-out's evidence.
      await sendItemUpdate('review', payload, o, {
        warningsFrom: (before) => (before.closeout ? flaggedForReviewer(closeoutEvidence(before.closeout), language()) : [])
          .map((e) => say(`佐证材料：${e}`, `evidence: ${e}`)),
      });
    });
}
