/**
 * The one list of documents the campaign sends on a schedule (周汇总、旬调度单、
 * 月督查通报): each kind with the moment that sends it, what it is called and
 * who receives it. Every other list of kinds derives from this one: the
 * activity's input type, `rectify documents --kind`, the simulation's order of
 * events. Each kind's layout (its blocks, mail subject and body) is its entry
 * in documents/kinds.ts, which the type system makes complete.
 *
 * Pure data, no luxon: workflows may import it.
 */
import type { CampaignPlan, MomentKind } from './types';

/** The campaign's address lists a document can go to. */
type AddressList = 'workingGroup' | 'committeeAddresses';

export interface ScheduledDocument {
  /** The campaign moment that sends it. */
  moment: MomentKind;
  /** What it is called (zh; en, and en in lists). */
  label: { zh: string; en: string; enPlural: string };
  /** Who receives it: these address lists of the campaign, in this order. */
  to: readonly AddressList[];
  /**
   * It reads the items' state, so it waits for the items' own moments at the same instant (a due time, an
   * inspection) to be counted first: it goes out after the campaign's digest window.
   */
  waitsForItems: boolean;
  /** It names, once each, the years the working-day calendar has no official data for. */
  namesUncoveredYears?: true;
}

export const SCHEDULED_DOCUMENTS = {
  'weekly-summary': {
    moment: 'summary', label: { zh: '周汇总', en: 'weekly summary', enPlural: 'weekly summaries' }, to: ['workingGroup'], waitsForItems: true,
  },
  'dispatch-sheet': {
    moment: 'dispatch', label: { zh: '旬调度单', en: 'dispatch sheet', enPlural: 'dispatch sheets' }, to: ['workingGroup'], waitsForItems: false,
    namesUncoveredYears: true,
  },
  inspection: {
    moment: 'inspection', label: { zh: '月督查通报', en: 'monthly bulletin', enPlural: 'monthly bulletins' }, to: ['workingGroup', 'committeeAddresses'],
    waitsForItems: true,
  },
} as const satisfies Record<string, ScheduledDocument>;

export type ScheduledDocumentKind = keyof typeof SCHEDULED_DOCUMENTS;

export const SCHEDULED_DOCUMENT_KINDS = Object.keys(SCHEDULED_DOCUMENTS) as ScheduledDocumentKind[];

/** Documents made on request (rectify publish, rectify packet), never mailed on a schedule. */
export type OnRequestDocumentKind = 'announcement' | 'packet' | 'notice';

export type DocumentKind = ScheduledDocumentKind | OnRequestDocumentKind;

/** A document's recipients in this campaign. */
export const documentRecipients = (kind: ScheduledDocumentKind, campaign: Pick<CampaignPlan, AddressList>): string[] =>
  SCHEDULED_DOCUMENTS[kind].to.flatMap((list) => campaign[list]);

/** The document a campaign moment sends, if any. */
export const documentSentAt = (moment: MomentKind): ScheduledDocumentKind | undefined =>
  SCHEDULED_DOCUMENT_KINDS.find((k) => SCHEDULED_DOCUMENTS[k].moment === moment);
