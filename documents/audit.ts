/**
 * The audit record (整改记录) of an item, read: every entry numbered as
 * `rectify history` prints it, and reports as their corrections (更正) say they
 * should read, and the record as a file (xlsx, csv, jsonl). Nothing here
 * changes the record: a correction is a later entry.
 */
import { DateTime } from 'luxon';
import type { Correction, ItemSnapshot } from '../workflows/messages';
import { tableCsv, tableXlsx, type Column } from './table';
import type { ProgressReport } from '../domain/payloads';
import { levelLabel, stateLabel, type Language } from '../domain/i18n';
import { STATES, type ItemState, type Level } from '../domain/types';
import { LEVELS } from '../domain/schema';

/** A report as it reads after its corrections, with the last correction that applies. */
export type EffectiveReport = ProgressReport & { corrected?: Pick<Correction, 'at' | 'by' | 'corrects' | 'reason'> };

export function effectiveReports(reports: ProgressReport[], corrections: Correction[] = []): EffectiveReport[] {
  return reports.map((r, n) => {
    const own = corrections.filter((k) => k.report === n);
    if (!own.length) return r;
    const last = own[own.length - 1];
    return {
      ...r, progress: last.progress, percent: last.percent ?? r.percent, evidence: last.evidence ?? r.evidence,
      corrected: { at: last.at, by: last.by, corrects: last.corrects, ...(last.reason ? { reason: last.reason } : {}) },
    };
  });
}

/** One entry of the record, numbered (1-based) within its item. */
export interface AuditRow {
  item: string;
  entry: number;
  at: number;
  what: ItemSnapshot['log'][number]['what'];
  by: string;
  detail: string;
  corrects?: number;
}

export function auditRows(snap: Pick<ItemSnapshot, 'item' | 'log'>): AuditRow[] {
  return snap.log.map((e, n) => ({
    item: snap.item.id, entry: n + 1, at: e.at, what: e.what, by: e.by, detail: e.detail,
    ...(e.corrects !== undefined ? { corrects: e.corrects } : {}),
  }));
}

const WHAT: Record<AuditRow['what'], [string, string]> = {
  started: ['启动', 'started'], report: ['进展报送', 'report'], closeout: ['提交销号', 'close-out'], review: ['销号审核', 'review'],
  dispatch: ['调度决定', 'dispatch'], escalation: ['督促升级', 'escalation'], state: ['状态变更', 'state'], missed: ['漏报', 'missed'],
  continued: ['记录续接', 'continued'], correction: ['更正', 'correction'], amendment: ['方案变更', 'plan change'], withdrawal: ['撤销', 'withdrawal'],
  notice: ['发出督办单', 'notice issued'], reply: ['督办单回复', 'notice reply'],
  lookBack: ['回头看', 'look-back'], lookBackAnswer: ['回头看答复', 'look-back answer'], reopen: ['重新打开', 'reopened'], note: ['备注', 'note'],
  announcement: ['公示稿', 'announcement text'],
  carriedIn: ['上轮转入', 'carried over'], carriedOut: ['转入下一轮', 'carried into the next round'],
};
export const auditLabel = (what: AuditRow['what'], lang: Language): string => (lang === 'en' ? WHAT[what]?.[1] ?? what : WHAT[what]?.[0] ?? what);

const isState = (s: string): s is ItemState => (STATES as readonly string[]).includes(s);
const isLevel = (s: string): s is Level => (LEVELS as readonly string[]).includes(s);
const state = (s: string, lang: Language): string => (isState(s) ? stateLabel(s, lang) : s);

/**
 * What the engine itself wrote into an entry, in `lang`. The record keeps its entries as they were written (the
 * engine's own words in English and state keys, `notStarted → inProgress`; what people wrote as they wrote it);
 * this says them to a reader: `未启动 → 整改中`, `审核通过，予以销号`. Entries the engine words in the campaign's
 * language already (notices, replies, look-backs, plan changes) and what people wrote pass as they are.
 */
export function auditDetail(e: Pick<AuditRow, 'what' | 'detail'>, lang: Language): string {
  const w = (zh: string, en: string): string => (lang === 'en' ? en : zh);
  const d = e.detail;
  let m: RegExpExecArray | null;
  switch (e.what) {
    case 'started':
      if ((m = /^deadline (\S+)$/.exec(d))) return w(`整改时限 ${m[1]}`, `deadline ${m[1]}`);
      break;
    case 'state':
      if ((m = /^(\w+) → (\w+)$/.exec(d))) return `${state(m[1], lang)} → ${state(m[2], lang)}`;
      break;
    case 'closeout':
      if (/^submitted for close-out on four dimensions/.test(d)) return w('提交销号申请（问题解决、原因及追责问责、举一反三、长效机制）', 'submitted for close-out on the four dimensions');
      break;
    case 'review':
      if (/^accepted \(销号\)$/.test(d)) return w('审核通过，予以销号', 'accepted (closed)');
      if ((m = /^returned: ([\s\S]*)$/.exec(d))) return w(`退回：${m[1]}`, `returned: ${m[1]}`);
      break;
    case 'missed':
      if ((m = /^weekly report due (\S+) missing \((\d+) in a row\)$/.exec(d))) {
        return w(`${m[1].slice(0, 16).replace('T', ' ')} 截止的周报告未报送（连续第 ${m[2]} 次）`, `weekly report due ${m[1].slice(0, 16).replace('T', ' ')} missing (${m[2]} in a row)`);
      }
      break;
    case 'escalation':
      if ((m = /^(.*) \(([\w-]+)\) → ([^:]*): ([\s\S]*)$/.exec(d)) && isLevel(m[2])) {
        return w(`${m[1]}（${levelLabel(m[2], lang)}）→ ${m[3]}：${m[4]}`, `${m[1]} (${levelLabel(m[2], lang)}) → ${m[3]}: ${m[4]}`);
      }
      break;
    case 'correction':
      if ((m = /^corrects #(\d+): ([\s\S]*)$/.exec(d))) return w(`更正第 ${m[1]} 条：${m[2]}`, `corrects #${m[1]}: ${m[2]}`);
      break;
    case 'carriedIn':
      if ((m = /^(\S+) (\S+): (\w+) (\d+)%$/.exec(d))) {
        return w(`上一轮 ${m[1]} 事项 ${m[2]}：${state(m[3], lang)}，进度 ${m[4]}%`, `previous round ${m[1]} item ${m[2]}: ${state(m[3], lang)}, ${m[4]}%`);
      }
      break;
    case 'continued':
      if (/^resumed after 销号/.test(d)) return w('销号后续接记录，以记入新的条目', 'resumed after acceptance to take an entry');
      if ((m = /^history of (\d+) events continued as new$/.exec(d))) return w(`工作流历史达 ${m[1]} 个事件，续接为新的执行`, `history of ${m[1]} events continued as new`);
      break;
    default:
  }
  return d;
}

// ── The audit export: rectify export history ──────────────────────────────
/** A moment of the record in the campaign's zone, to the second, with its offset. */
const localTime = (ms: number, zone: string): string => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd HH:mm:ss ZZ");

export function auditColumns(zone: string, lang: Language): Column<AuditRow>[] {
  const w = (zh: string, en: string): string => (lang === 'en' ? en : zh);
  return [
    { header: w('事项', 'item'), width: 10, value: (r) => r.item },
    { header: w('条目', 'entry'), width: 6, value: (r) => String(r.entry), typed: (r) => ({ count: r.entry }) },
    { header: w('时间', 'time'), width: 24, value: (r) => localTime(r.at, zone) },
    { header: w('类别', 'what'), width: 10, value: (r) => auditLabel(r.what, lang) },
    { header: w('操作人', 'by'), width: 14, value: (r) => r.by },
    { header: w('内容', 'detail'), width: 60, value: (r) => auditDetail(r, lang) },
    { header: w('更正条目', 'corrects entry'), width: 10, value: (r) => (r.corrects !== undefined ? String(r.corrects) : ''),
      typed: (r) => (r.corrects !== undefined ? { count: r.corrects } : undefined) },
  ];
}

/** The record of one item or a whole campaign as .xlsx, .csv or .jsonl (one JSON object per entry, English keys). */
export async function auditFile(format: 'xlsx' | 'csv' | 'jsonl', rows: AuditRow[], zone: string, lang: Language): Promise<Buffer> {
  if (format === 'jsonl') {
    return Buffer.from(rows.map((r) => JSON.stringify({ ...r, at: DateTime.fromMillis(r.at, { zone }).toISO() })).join('\n') + (rows.length ? '\n' : ''), 'utf8');
  }
  const cols = auditColumns(zone, lang);
  return format === 'xlsx' ? tableXlsx(lang === 'en' ? 'record' : '整改记录', cols, rows, 2) : tableCsv(cols, rows);
}
