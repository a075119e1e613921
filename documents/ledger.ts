/**
 * 整改台账 export: one row per item. The first columns are the import columns
 * of domain/ledger.ts (same headers), so an exported ledger reads back through
 * `itemsFrom`; the rest (state, light, percent, last report, close-out,
 * escalations) are extra columns the reader ignores.
 */
import { LEDGER_COLUMNS, type LedgerField } from '../domain/ledger';
import { kindLabel, lightLabel, stateLabel, type Language } from '../domain/i18n';
import { LIGHT_COLOURS } from './html';
import { humanDate } from './model';
import type { CampaignState, StateItem } from './state';
import { tableCsv, tableXlsx, type Column as TableColumn } from './table';

type Column = TableColumn<StateItem>;

const IMPORT_VALUE: Record<LedgerField, (i: StateItem, l: Language) => string> = {
  id: (i) => i.id,
  section: (i) => i.section,
  topic: (i) => i.topic ?? '',
  title: (i) => i.title ?? '',
  problem: (i) => i.problem ?? '',
  measures: (i) => i.measures.join('\n'),
  // The loader's own words: 立行立改 / 限期整改 / 长期坚持, or immediate / deadline / long-term.
  kind: (i, l) => (!i.kind ? '' : l === 'en' ? ({ immediate: 'immediate', deadline: 'deadline', longTerm: 'long-term' } as const)[i.kind] : kindLabel(i.kind, 'zh')),
  leader: (i) => i.leader,
  leadUnit: (i) => i.leadUnit,
  coUnits: (i) => i.coUnits.join('、'),
  contacts: (i) => i.contacts.map((c) => c.name).join('、'),
  contactEmail: (i) => i.contacts.map((c) => c.email).join('、'),
  deadline: (i) => i.deadline,
  milestones: (i) => i.milestones.map((m) => `${m.date} ${m.deliverable}`).join('\n'),
};
const WIDTH: Partial<Record<LedgerField, number>> = { section: 28, topic: 28, title: 24, problem: 40, measures: 48, milestones: 32, contactEmail: 28 };

export function ledgerColumns(s: CampaignState): Column[] {
  const l = s.lang;
  const w = (zh: string, en: string): string => (l === 'en' ? en : zh);
  const dim = (i: StateItem, k: 'solved' | 'accountability' | 'similarCases' | 'mechanism'): string => {
    const d = i.closeout?.[k];
    return d ? `${d.statement}${d.evidence.length ? `（${d.evidence.join('、')}）` : ''}` : '';
  };
  return [
    ...LEDGER_COLUMNS.map((c): Column => ({ header: l === 'en' ? c.en : c.zh, width: WIDTH[c.field] ?? 14, value: (i) => IMPORT_VALUE[c.field](i, l) })),
    { header: w('状态', 'state'), width: 10, value: (i) => stateLabel(i.state, l) },
    { header: w('灯色', 'light'), width: 8, value: (i) => lightLabel(i.light, l), fill: (i) => LIGHT_COLOURS[i.light] },
    { header: w('完成百分比', 'percent'), width: 10, value: (i) => `${i.percent}%` },
    { header: w('最近报送', 'last report'), width: 36, value: (i) => (i.lastReport ? `${humanDate(i.lastReport.at, s.campaign.timeZone, l)} ${i.lastReport.progress}` : '') },
    { header: w('销号-问题解决', 'close-out: solved'), width: 30, value: (i) => dim(i, 'solved') },
    { header: w('销号-原因及追责问责', 'close-out: accountability'), width: 30, value: (i) => dim(i, 'accountability') },
    { header: w('销号-举一反三', 'close-out: similar cases'), width: 30, value: (i) => dim(i, 'similarCases') },
    { header: w('销号-长效机制', 'close-out: mechanism'), width: 30, value: (i) => dim(i, 'mechanism') },
    { header: w('督促升级次数', 'escalations'), width: 10, value: (i) => String(i.escalations.length) },
    { header: w('督促升级记录', 'escalation record'), width: 40, value: (i) => i.escalations.map((e) => `${e.atLocal.slice(0, 10)} ${e.notice}`).join('\n') },
  ];
}

export function ledgerXlsx(s: CampaignState): Promise<Buffer> {
  return tableXlsx(s.lang === 'en' ? 'ledger' : '整改台账', ledgerColumns(s), s.items);
}

/** UTF-8 with a BOM, so Excel opens it without garbled characters. */
export function ledgerCsv(s: CampaignState): Buffer {
  return tableCsv(ledgerColumns(s), s.items);
}
