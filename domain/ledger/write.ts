/**
 * The import columns as an export writes them: each field of an item as the text of its cell,
 * in the form row.ts reads back (措施 and 节点 one per line, units and contacts joined by 、,
 * the kind in the loader's own words). documents/ledger.ts puts these first in the exported
 * 整改台账 and adds the columns of the item's state, which the reader ignores.
 */
import { kindLabel, type Language } from '../i18n';
import type { ItemKind } from '../schema';
import type { Recipient } from '../types';
import { LEDGER_COLUMNS, type LedgerField } from './columns';

/** What an exported row needs of an item. */
export interface LedgerItem {
  id: string;
  section: string;
  topic?: string;
  title?: string;
  problem?: string;
  measures: string[];
  kind?: ItemKind;
  /** The 责任领导's name. */
  leader: string;
  leadUnit: string;
  coUnits: string[];
  contacts: Recipient[];
  deadline: string;
  milestones: { date: string; deliverable: string }[];
}

/** An exported column: its field, its header in the campaign's language, its .xlsx width, its cell. */
export interface LedgerExportColumn {
  field: LedgerField;
  header: string;
  width: number;
  value: (item: LedgerItem) => string;
}

/** One per line: the reader splits 措施 and 节点 at line ends. */
const LINES = '\n';
/** The reader splits units, contacts and addresses at 、 (and commas). */
const LIST = '、';

const CELL: Record<LedgerField, (i: LedgerItem, l: Language) => string> = {
  id: (i) => i.id,
  section: (i) => i.section,
  topic: (i) => i.topic ?? '',
  title: (i) => i.title ?? '',
  problem: (i) => i.problem ?? '',
  measures: (i) => i.measures.join(LINES),
  // The loader's own words: 立行立改 / 限期整改 / 长期坚持, or immediate / deadline / long-term.
  kind: (i, l) => (!i.kind ? '' : l === 'en' ? ({ immediate: 'immediate', deadline: 'deadline', longTerm: 'long-term' } as const)[i.kind] : kindLabel(i.kind, 'zh')),
  leader: (i) => i.leader,
  leadUnit: (i) => i.leadUnit,
  coUnits: (i) => i.coUnits.join(LIST),
  contacts: (i) => i.contacts.map((c) => c.name).join(LIST),
  contactEmail: (i) => i.contacts.map((c) => c.email).join(LIST),
  deadline: (i) => i.deadline,
  milestones: (i) => i.milestones.map((m) => `${m.date} ${m.deliverable}`).join(LINES),
};

/** The import columns of an exported ledger, headed in `lang` (an English ledger reads back too). */
export function ledgerImportColumns(lang: Language): LedgerExportColumn[] {
  return LEDGER_COLUMNS.map((c) => ({ field: c.field, header: lang === 'en' ? c.en : c.zh, width: c.width, value: (i) => CELL[c.field](i, lang) }));
}
