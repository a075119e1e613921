/**
 * sendDocument: a cadence document (weekly summary, dispatch sheet, monthly
 * bulletin) built from the campaign's state, kept in the document store and
 * mailed with its HTML and .docx attached. The mail body is composeDocument, below.
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { describeMove } from '../domain/calendar';
import { T, lightLabel, stateLabel, type Language } from '../domain/i18n';
import { buildState, type CampaignState, type StateItem } from '../documents/state';
import { buildDoc } from '../documents/kinds';
import { documentRecipients } from '../domain/documents';
import { renderHtml } from '../documents/html';
import { renderDocx } from '../documents/docx';
import { documentId } from '../documents/store';
import { itemSnapshots, rowsFor } from '../documents/collect';
import type { ActivityDeps } from './deps';
import { human, lang, line, type Composed, type Deliver } from './mail';
import type { DocumentInput, RectifyActivities } from './types';

const rowLine = (r: StateItem, l: Language): string =>
  line([`· ${r.id}`, r.title, r.leadUnit, stateLabel(r.state, l), lightLabel(r.light, l), `${r.percent}%`, `${T[l].deadline} ${r.deadline}`]);

/**
 * The plain-text body of a document's mail. Every figure comes from the
 * CampaignState (documents/state.ts); the full document is attached as HTML and .docx.
 */
export function composeDocument(d: DocumentInput, s: CampaignState): Composed {
  const l = lang(d.campaign.language);
  const t = T[l];
  const date = human(d.moment.local, d.campaign.timeZone, l);
  const section = (title: string, rows: StateItem[]): string[] =>
    [`${title}（${rows.length}）`, ...(rows.length ? rows.map((r) => rowLine(r, l)) : [`  ${t.none}`]), ''];
  const attached = l === 'en' ? 'The full document is attached (HTML and Word).' : '完整文件见附件（HTML 和 Word 格式）。';
  const completion = t.completion(s.counts.total, s.counts.done, s.counts.continuing, s.counts.open, s.counts.rate);
  if (d.kind === 'weekly-summary') {
    return {
      subject: t.summarySubject(d.campaign.name, date),
      text: [completion, '', ...section(t.notReported, s.notReported), ...section(t.reported, s.reported), attached, t.footer].join('\n'),
      items: s.notReported.map((r) => r.id),
    };
  }
  if (d.kind === 'dispatch-sheet') {
    const listed = [...new Set([...s.redYellow, ...s.missed, ...s.dueNext, ...s.waitingReview].map((r) => r.id))];
    return {
      subject: t.dispatchSubject(d.campaign.name, date),
      text: [
        ...section(t.redYellow, s.redYellow), ...section(t.missed, s.missed), ...section(t.dueNext, s.dueNext),
        ...section(t.waitingReview, s.waitingReview),
        `${t.decisions}（${s.decided.length}）`, ...s.decided.map((r) => `· ${r.id}  ${r.lastDecision!.instruction}`), '',
        ...(d.moment.moved ? [l === 'en' ? `Moved: ${d.moment.placedBy}.` : `时间调整：${describeMove(d.moment.kind, d.moment.moved, d.campaign.timeZone, 'zh')}。`, ''] : []),
        ...(d.uncoveredYears?.length ? [l === 'en'
          ? `Note: no official working-day calendar is loaded for ${d.uncoveredYears.join(', ')}; moments there are placed by weekends alone (rectify calendar update --from FILE).`
          : `注意：${d.uncoveredYears.join('、')}年的法定节假日安排尚未载入，这些年份的时间点暂按周末安排（rectify calendar update --from 文件）。`, ''] : []),
        attached, t.footer,
      ].join('\n'),
      items: listed,
    };
  }
  const unitLines = s.byUnit.map(({ name, counts: c }) => `· ${name}: ${c.total} / ${c.done} / ${c.continuing} / ${c.open}  ${c.rate}`);
  return {
    subject: t.inspectionSubject(d.campaign.name, d.moment.local.slice(0, 7)),
    text: [completion, '', ...unitLines, '',
      ...section(l === 'en' ? 'Named for being late' : '通报的滞后事项', s.late), attached, t.footer].join('\n'),
    items: s.late.map((r) => r.id),
  };
}

export const sendDocument = (deps: Pick<ActivityDeps, 'documents'>, deliver: Deliver): RectifyActivities['sendDocument'] => async (input) => {
  // The items' whole records, read through the worker's client: one pass, like the CLI's.
  let client: Client | undefined;
  try { client = Context.current().client; } catch { client = undefined; }
  const keys = input.keys ?? input.rows.map((r) => r.key);
  const snapshots = client ? await itemSnapshots(client, input.campaign.id, keys) : undefined;
  const rows = input.keys ? rowsFor(keys, undefined, snapshots ?? new Map()) : input.rows;
  const state = buildState({ campaign: input.campaign, rows, snapshots, asOfMs: input.moment.at, cycle: input.moment.cycle, dekadOf: input.moment.moved?.from });
  const mail = composeDocument(input, state);
  const doc = buildDoc(input.kind, state);
  const html = renderHtml(doc);
  const docx = await renderDocx(doc);
  const id = documentId(input.campaign.id, input.kind, input.moment.local);
  await deps.documents?.put({
    id, campaign: input.campaign.id, kind: input.kind, at: input.moment.local, title: doc.title, files: { html: `${id}.html`, docx: `${id}.docx` },
  }, html, docx);
  const to = documentRecipients(input.kind, input.campaign);
  return deliver(input.campaign.id, to, input.moment.key, mail,
    { at: input.moment.local, kind: input.kind, items: mail.items, ...(input.moment.placedBy ? { placedBy: input.moment.placedBy } : {}) }, [], [
      { filename: `${doc.title}.html`, content: html, contentType: 'text/html; charset=utf-8' },
      { filename: `${doc.title}.docx`, content: docx, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    ]);
};
