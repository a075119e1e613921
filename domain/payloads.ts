/**
 * What people submit (update payloads), validated with zod. The same schemas
 * run in the CLI before sending and in the workflows' update validators, so a
 * payload from any client (CLI, form, script) meets the same rules.
 * Pure: no luxon, no Node.
 */
import { z } from 'zod';
import { LIMITS } from './limits';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const name = text(LIMITS.nameChars);
const evidence = z.array(text(LIMITS.evidenceChars)).max(LIMITS.evidenceItems, `at most ${LIMITS.evidenceItems} references`);
const requestId = z.string().trim().min(1).max(100).optional();
const recipient = z.strictObject({ name, email: z.string().trim().email('not an e-mail address') });

export const reportPayload = z.strictObject({
  progress: text(LIMITS.progressChars),
  percent: z.number().int('a whole number').min(0).max(100).optional(),
  evidence: evidence.optional(),
  by: name,
  milestoneDelivered: z.number().int().min(0).optional(),
  requestId,
});

const dimension = z.strictObject({ statement: text(LIMITS.statementChars), evidence: evidence.default([]) });

export const closeoutPayload = z.strictObject({
  closeout: z.strictObject({
    solved: dimension,
    accountability: dimension.extend({ noneNeeded: z.boolean().optional() }),
    similarCases: dimension,
    mechanism: dimension,
    by: name,
  }),
  requestId,
});

export const reviewPayload = z.strictObject({
  accept: z.boolean(),
  reason: text(LIMITS.reasonChars).optional(),
  by: name,
});

export const dispatchPayload = z.strictObject({
  instruction: text(LIMITS.instructionChars),
  newDeadline: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').optional(),
  approvedBy: name.optional(),
  reassignTo: z.strictObject({ leadUnit: name.optional(), contacts: z.array(recipient).min(1).optional() }).optional(),
  by: name,
  requestId,
});

/** Every problem with a payload as `field: what is wrong`, empty when valid. */
export function payloadProblems(schema: z.ZodType, value: unknown): string[] {
  const r = schema.safeParse(value);
  if (r.success) return [];
  return r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`);
}
