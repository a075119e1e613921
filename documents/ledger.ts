/**
 * 整改台账 export: one row per item. The first columns are the import columns
 * (domain/ledger/write.ts, from the one column list the reader uses), so an
 * exported ledger reads back through `itemsFrom`; the rest (state, light,
 * percent, last report, close-out, escalations) are extra columns the reader ignores.
 */
import { ledgerImportColumns } from '../domain/ledger/write';
import { lightLabel, stateLabel } from '../domain/i18n';
import { evidenceForReviewer } from '../domain/evidence';
import { LIGHT_COLOURS } from './html';
import { humanDate } from './model';
import type { CampaignState, StateItem } from './state';
import { tableCsv, tableXlsx, type Column as TableColumn } from './table';

type Column = TableColumn<StateItem>;

export function ledgerColumns(s: CampaignState): Column[] {
  const l = s.lang;
  const w = (zh: string, en: string): string => (l === 'en' ? en : zh);
  const dim = (i: StateItem, k: 'solved' | 'accountability' | 'similarCases' | 'mechanism'): string => {
    const d = i.closeout?.[k];
    // The ledger is the working group's: a flagged file carries its warning, as in the packet.
    return d ? `${d.statement}${d.evidence.length ? `（${d.evidence.map((e) => evidenceForReviewer(e, l)).join('、')}）` : ''}` : '';
  };
  return [
    // 整改时限 as a real date (the reader takes a date cell as its day); the rest of the import columns as text.
    ...ledgerImportColumns(l).map((c): Column => (c.field === 'deadline' ? { ...c, typed: (i) => ({ date: i.deadline }) } : c)),
    { header: w('状态', 'state'), width: 10, value: (i) => stateLabel(i.state, l) },
    { header: w('灯色', 'light'), width: 8, value: (i) => lightLabel(i.light, l), fill: (i) => LIGHT_COLOURS[i.light] },
    { header: w('完成百分比', 'percent'), width: 10, value: (i) => `${i.percent}%`, typed: (i) => ({ percent: i.percent / 100 }) },
    { header: w('最近报送', 'last report'), width: 36, value: (i) => (i.lastReport ? `${humanDate(i.lastReport.at, s.campaign.timeZone, l)} ${i.lastReport.progress}` : '') },
    { header: w('销号-问题解决', 'close-out: solved'), width: 30, value: (i) => dim(i, 'solved') },
    { header: w('销号-原因及追责问责', 'close-out: accountability'), width: 30, value: (i) => dim(i, 'accountability') },
    { header: w('销号-举一反三', 'close-out: similar cases'), width: 30, value: (i) => dim(i, 'similarCases') },
    { header: w('销号-长效机制', 'close-out: mechanism'), width: 30, value: (i) => dim(i, 'mechanism') },
    { header: w('督促升级次数', 'escalations'), width: 10, value: (i) => String(i.escalations.length), typed: (i) => ({ count: i.escalations.length }) },
    { header: w('督促升级记录', 'escalation record'), width: 40, value: (i) => i.escalations.map((e) => `${e.atLocal.slice(0, 10)} ${e.notice}`).join('\n') },
    // 上轮转入: only in a round that carries items over (the previous round's campaign and item id).
    ...(s.counts.carried ? [{ header: w('上轮转入', 'carried over from'), width: 20, value: (i: StateItem) => (i.carriedFrom ? `${i.carriedFrom.campaignId} ${i.carriedFrom.itemId}` : '') }] : []),
  ];
}

export function ledgerXlsx(s: CampaignState): Promise<Buffer> {
  return tableXlsx(s.lang === 'en' ? 'ledger' : '整改台账', ledgerColumns(s), s.items);
}

/** UTF-8 with a BOM, so Excel opens it without garbled characters. */
export function ledgerCsv(s: CampaignState): Buffer {
  return tableCsv(ledgerColumns(s), s.items);
}
