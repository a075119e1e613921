/**
 * The office's acts on an item from its page (issue 15 point 2), as the CLI
 * has them: a dispatch decision (instruction, a new deadline with who
 * approved it, a reassignment — `rectify dispatch`), a report or a
 * correction on a unit's behalf (`rectify report [--corrects N]`), and a
 * 督办单's reply (`rectify notice reply`), the 公示稿's draft, edit and
 * approval (`rectify announcement`, the office's). The form's fields become the same
 * payload the CLI builds; readmodels/acts.ts checks it (zod) and sends the
 * same update, under the signed-in person's name.
 */
import type { Language } from '../domain/i18n';
import type { PayloadKind } from '../domain/payloads';
import type { PayloadOf } from '../readmodels/acts';
import type { Act } from './directory';

/** The acts of an item's page, and what each needs of the person (web/directory.ts `may`). */
export const PAGE_ACTS = { dispatch: 'dispatch', report: 'report', correction: 'report', noticeReply: 'report', announcement: 'dispatch' } as const satisfies Partial<Record<PayloadKind, Act>>;
export type PageAct = keyof typeof PAGE_ACTS;
export const isPageAct = (k: string | undefined): k is PageAct => !!k && Object.hasOwn(PAGE_ACTS, k);

export type PagePayload = { [K in PageAct]: { kind: K; payload: PayloadOf<K> } }[PageAct];

const lines = (v: string | undefined): string[] => (v ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

/** A whole number typed in a field: undefined when empty, NaN when not one (the schema then says so). */
const whole = (v: string | undefined): number | undefined => {
  const t = (v ?? '').trim();
  return t === '' ? undefined : /^\d{1,6}$/.test(t) ? Number(t) : Number.NaN;
};

/** People typed one a line as 姓名=邮箱 (as `--reassign-contact` takes them); the lines that are not, as problems. */
function people(field: string, v: string | undefined, lang: Language, problems: string[]): { name: string; email: string }[] | undefined {
  const out: { name: string; email: string }[] = [];
  lines(v).forEach((l, i) => {
    const m = /^(.+?)\s*[=＝]\s*(.+)$/.exec(l);
    if (m) out.push({ name: m[1], email: m[2] });
    else problems.push(`${field}: ${lang === 'en' ? `line ${i + 1}: give name=email` : `第 ${i + 1} 行：请写成 姓名=邮箱`}`);
  });
  return out.length ? out : undefined;
}

const optional = (v: string | undefined): string | undefined => ((v ?? '').trim() ? (v ?? '').trim() : undefined);

/** The payload of an act from its form's fields; what could not be read is a problem (field: what), nothing sent. */
export function pagePayload(kind: PageAct, f: Record<string, string>, by: string, requestId: string, lang: Language): PagePayload | { problems: string[] } {
  const problems: string[] = [];
  const percent = whole(f.percent);
  let built: PagePayload;
  switch (kind) {
    case 'dispatch': {
      const contacts = people('reassignContact', f.reassignContact, lang, problems);
      const unitHeads = people('reassignHead', f.reassignHead, lang, problems);
      const leadUnit = optional(f.reassignUnit);
      built = {
        kind, payload: {
          instruction: (f.instruction ?? '').trim(), newDeadline: optional(f.newDeadline), approvedBy: optional(f.approvedBy), by, requestId,
          reassignTo: leadUnit || contacts || unitHeads ? { leadUnit, contacts, unitHeads } : undefined,
        },
      };
      break;
    }
    case 'report':
    case 'correction': {
      const base = { progress: (f.progress ?? '').trim(), percent, evidence: lines(f.evidence), by, requestId };
      const corrects = whole(f.corrects);
      built = corrects === undefined && kind === 'report' ? { kind: 'report', payload: base }
        : { kind: 'correction', payload: { ...base, corrects: corrects ?? Number.NaN, reason: optional(f.reason) } };
      break;
    }
    case 'noticeReply':
      built = { kind, payload: { notice: (f.notice ?? '').trim(), measures: (f.measures ?? '').trim(), date: (f.date ?? '').trim(), by, requestId } };
      break;
    case 'announcement':
      // The act as the button named it (the schema refuses any other); the text only with an edit, as `--text` gives it.
      built = { kind, payload: { act: f.act as PayloadOf<'announcement'>['act'], ...(f.act === 'edit' ? { text: (f.text ?? '').trim() } : {}), by, requestId } };
      break;
  }
  return problems.length ? { problems } : built;
}
