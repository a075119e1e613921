/**
 * sendDocument: a document sent on a schedule (weekly summary, dispatch sheet,
 * monthly bulletin) built from the campaign's state, kept in the document
 * store and mailed with its HTML and .docx attached. Its blocks, mail subject
 * and body are its layout in documents/kinds.ts; the body is their plain-text
 * rendering (documents/text.ts).
 */
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { documentRecipients } from '../domain/documents';
import { buildState, type CampaignState } from '../documents/state';
import { LAYOUTS, calendarNote } from '../documents/kinds';
import type { Doc } from '../documents/model';
import { renderHtml } from '../documents/html';
import { renderDocx } from '../documents/docx';
import { renderText } from '../documents/text';
import { documentId } from '../documents/store';
import { itemSnapshots, rowsFor } from '../documents/collect';
import type { ActivityDeps } from './deps';
import type { Composed, Deliver } from './mail';
import type { DocumentInput, RectifyActivities } from './types';

/** The document and its mail: subject, the blocks' plain text, the items it is about. */
export function composeDocument(d: DocumentInput, s: CampaignState): Composed & { doc: Doc } {
  const { layout, subject, listed } = LAYOUTS[d.kind];
  const doc = layout(s, d);
  return { doc, subject: subject(s, d), text: renderText(doc), items: listed(s) };
}

export const sendDocument = (deps: Pick<ActivityDeps, 'documents'>, deliver: Deliver): RectifyActivities['sendDocument'] => async (input) => {
  // The items' whole records, read through the worker's client: one pass, like the CLI's.
  let client: Client | undefined;
  try { client = Context.current().client; } catch { client = undefined; }
  const keys = input.keys ?? input.rows.map((r) => r.key);
  const snapshots = client ? await itemSnapshots(client, input.campaign.id, keys) : undefined;
  const rows = input.keys ? rowsFor(keys, undefined, snapshots ?? new Map()) : input.rows;
  const state = buildState({ campaign: input.campaign, rows, snapshots, asOfMs: input.moment.at, cycle: input.moment.cycle, dekadOf: input.moment.moved?.from });
  const { doc, ...mail } = composeDocument(input, state);
  const html = renderHtml(doc);
  const docx = await renderDocx(doc);
  const id = documentId(input.campaign.id, input.kind, input.moment.local);
  await deps.documents?.put({
    id, campaign: input.campaign.id, kind: input.kind, at: input.moment.local, title: doc.title, files: { html: `${id}.html`, docx: `${id}.docx` },
  }, html, docx);
  const to = documentRecipients(input.kind, input.campaign);
  // Dated, as offices file them (旬调度单-2023-07-20.docx): each sheet's attachment a name of its own.
  const file = `${doc.title}-${input.moment.local.slice(0, 10)}`;
  const sent = await deliver(input.campaign, to, input.moment.key, mail,
    { at: input.moment.local, kind: input.kind, items: mail.items, ...(input.moment.placedBy ? { placedBy: input.moment.placedBy } : {}) }, [], [
      { filename: `${file}.html`, content: html, contentType: 'text/html; charset=utf-8' },
      { filename: `${file}.docx`, content: docx, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    ]);
  // Years without official working-day data: a note for the coordinators, on its own (the sheet stays what the working group forwards).
  if (input.uncoveredYears?.length) {
    const note = calendarNote(input.campaign.name, input.uncoveredYears, state.lang);
    const coordinators = input.campaign.coordinators?.length ? input.campaign.coordinators : input.campaign.workingGroup;
    await deliver(input.campaign, coordinators, `calendar-note:${input.moment.key}`, { ...note, items: [] }, { at: input.moment.local, kind: 'calendar-note' });
  }
  return sent;
};
