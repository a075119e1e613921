/**
 * Every command parses its options and arguments with one zod schema before
 * anything else runs (nothing is read, connected or sent first). A refusal is
 * the schema's first problem, one line naming the option and what is wrong,
 * exit 2. The messages are written with say() inside error functions, so they
 * speak the language of this run (--lang is read before the program is built).
 *
 * The problems come in the order of the schema: each option's own check, in
 * the order the command lists them, then the rules that join several options.
 */
import path from 'node:path';
import { z } from 'zod';
import { isoDate } from '../domain/schema';
import { problemWhat } from '../domain/i18n';
import { language, say, UserError } from './common';

/**
 * What commander handed the action, parsed by the command's schema; refused
 * with the first problem. `about` (the item) begins the message when given, as
 * the payload checks begin theirs.
 */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, about?: string): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0].message;
  throw new UserError(about === undefined ? first : `${about}: ${first}`);
}

/** A whole number written in digits (blanks around allowed), as a number. */
export const wholeNumber = (option: string) => z.string()
  .refine((v) => /^\d+$/.test(v.trim()), { error: (i) => `${option}: ${say('不是整数', 'not a whole number')}: "${String(i.input)}"` })
  .transform(Number);

/** A day as YYYY-MM-DD, kept as written; refused with the date rule's own words after the option's name. */
export const day = (option: string) => z.string().superRefine((v, ctx) => {
  const r = isoDate.safeParse(v);
  if (!r.success) ctx.addIssue({ code: 'custom', message: `${option}${say('：', ': ')}${problemWhat(r.error.issues[0].message, language())}`, input: v });
});

/** A day a listing starts from (--since), kept as written; empty means from the beginning, as when absent. */
export const sinceDay = (option: string) => z.string()
  .refine((v) => !v || isoDate.safeParse(v).success, { error: (i) => say(`${option} 不是日期（YYYY-MM-DD）：${String(i.input)}`, `${option} is not a date (YYYY-MM-DD): ${String(i.input)}`) });

/** --out FILE: the file and its format, from its extension, which must be one of `allowed`. */
export const outFile = <F extends string>(allowed: readonly F[]) => z.string().transform((file, ctx) => {
  const ext = path.extname(file).slice(1).toLowerCase();
  if ((allowed as readonly string[]).includes(ext)) return { file, format: ext as F };
  ctx.addIssue({
    code: 'custom', input: file,
    message: say(`--out ${file}：格式须为 ${allowed.map((a) => `.${a}`).join('、')}`, `--out ${file}: the format must be ${allowed.map((a) => `.${a}`).join(', ')}`),
  });
  return z.NEVER;
});

/** A TCP port (0: any free one), as a number. */
export const port = (option: string) => z.string()
  .refine((p) => /^\d+$/.test(p) && Number(p) <= 65535, { error: (i) => say(`${option}：不是端口号（0-65535）："${String(i.input)}"`, `${option}: not a port: "${String(i.input)}"`) })
  .transform(Number);
