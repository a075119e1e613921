/**
 * User-facing words: Chinese by default, English available. Pure.
 */
import type { ItemKind, ItemState, Level, Light } from './types';

export type Language = 'zh' | 'en';

const STATE: Record<ItemState, [string, string]> = {
  notStarted: ['未启动', 'not started'],
  inProgress: ['整改中', 'in progress'],
  submitted: ['待验收', 'submitted for close-out'],
  closed: ['已销号', 'closed'],
  continuing: ['持续整改', 'kept up long-term'],
  returned: ['已退回', 'returned'],
};
const LIGHT: Record<Light, [string, string]> = {
  green: ['绿灯', 'green'], yellow: ['黄灯', 'yellow'], red: ['红灯', 'red'], grey: ['—', '—'],
};
const KIND: Record<ItemKind, [string, string]> = {
  immediate: ['立行立改', 'fix at once'], deadline: ['限期整改', 'by deadline'], longTerm: ['长期坚持', 'long-term'],
};
const LEVEL: Record<Level, [string, string]> = {
  reminder: ['提醒', 'reminder'], chase: ['催办', 'chase'], supervision: ['督办', 'supervision notice'],
  'working-group': ['报领导专班', 'to the working group'], committee: ['报党工委', 'to the committee'],
};

const pick = (pair: [string, string], lang: Language): string => (lang === 'en' ? pair[1] : pair[0]);
export const stateLabel = (s: ItemState, lang: Language): string => pick(STATE[s], lang);
export const lightLabel = (l: Light, lang: Language): string => pick(LIGHT[l], lang);
export const kindLabel = (k: ItemKind, lang: Language): string => pick(KIND[k], lang);
export const levelLabel = (l: Level, lang: Language): string => pick(LEVEL[l], lang);

/** Phrases of mails, documents and the CLI. */
export const T = {
  zh: {
    reminderSubject: (campaign: string, due: string) => `【周报告提醒】${campaign}：请于 ${due} 前报送整改进展`,
    reminderIntro: (name: string, due: string, n: number) => `${name}，您好：\n\n请于 ${due} 前报送以下 ${n} 项整改事项的本周进展（进展情况、完成百分比、佐证材料）。`,
    noticesSubject: (campaign: string, notices: string) => `【${notices}】${campaign}：整改事项需您关注`,
    noticesIntro: (name: string) => `${name}，您好：\n\n以下整改事项触发了督促措施：`,
    noticesMore: '另，以下整改事项触发了督促措施：',
    summarySubject: (campaign: string, date: string) => `【周汇总】${campaign}（${date}）`,
    dispatchSubject: (campaign: string, date: string) => `【旬调度单】${campaign}（${date}）`,
    inspectionSubject: (campaign: string, month: string) => `【月督查通报】${campaign}（${month}）`,
    decisionSubject: (campaign: string, item: string) => `【调度决定】${campaign}：事项${item}`,
    reviewSubject: (campaign: string, item: string) => `【销号审核】${campaign}：事项${item}`,
    deadline: '整改时限', light: '灯色', state: '状态', item: '事项', reason: '原因', percent: '进度',
    notReported: '未按时报送', reported: '已报送', none: '无',
    redYellow: '红黄灯事项', missed: '漏报事项', dueNext: '下一旬到期事项', waitingReview: '待验收事项', decisions: '上次调度决定',
    completion: (total: number, done: number, cont: number, open: number, rate: string) =>
      `共 ${total} 个问题，已完成 ${done} 个，基本完成、持续推进 ${cont} 个，未完成 ${open} 个，完成率 ${rate}。`,
    footer: '此邮件由整改工作系统（rectify）自动发送。',
  },
  en: {
    reminderSubject: (campaign: string, due: string) => `[Weekly report] ${campaign}: progress due ${due}`,
    reminderIntro: (name: string, due: string, n: number) => `Dear ${name},\n\nPlease report this week's progress on the following ${n} item(s) by ${due} (what was done, percent complete, evidence).`,
    noticesSubject: (campaign: string, notices: string) => `[${notices}] ${campaign}: items need your attention`,
    noticesIntro: (name: string) => `Dear ${name},\n\nThe following items triggered follow-up:`,
    noticesMore: 'Also, the following items triggered follow-up:',
    summarySubject: (campaign: string, date: string) => `[Weekly summary] ${campaign} (${date})`,
    dispatchSubject: (campaign: string, date: string) => `[Dispatch sheet] ${campaign} (${date})`,
    inspectionSubject: (campaign: string, month: string) => `[Monthly inspection] ${campaign} (${month})`,
    decisionSubject: (campaign: string, item: string) => `[Dispatch decision] ${campaign}: item ${item}`,
    reviewSubject: (campaign: string, item: string) => `[Close-out review] ${campaign}: item ${item}`,
    deadline: 'deadline', light: 'light', state: 'state', item: 'item', reason: 'reason', percent: 'progress',
    notReported: 'not reported on time', reported: 'reported', none: 'none',
    redYellow: 'Red and yellow items', missed: 'Missed reports', dueNext: 'Due in the next dekad', waitingReview: 'Waiting for review', decisions: 'Last dispatch decisions',
    completion: (total: number, done: number, cont: number, open: number, rate: string) =>
      `${total} problems: ${done} completed, ${cont} basically completed and continuing, ${open} not completed; completion rate ${rate}.`,
    footer: 'Sent automatically by the rectification engine (rectify).',
  },
} as const;
