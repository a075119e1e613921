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
  withdrawn: ['已撤销', 'withdrawn'],
  carriedOut: ['已转入下一轮', 'carried into the next round'],
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
    receiptSubject: (campaign: string, item: string) => `【报送回执】${campaign}：事项${item}`,
    noticeSubject: (campaign: string, number: string, item: string) => `【督办单】${campaign}：${number}（事项${item}）`,
    noticeLine: (number: string, notice: string, replyBy: string, overdue: boolean) => `  ${number}（${notice}）${overdue ? '逾期未回复' : '待回复'}，限 ${replyBy} 前回复`,
    formLink: '在线填报',
    mineLink: '在线填报（我的全部事项）',
    deadline: '整改时限', light: '灯色', state: '状态', item: '事项', reason: '原因', percent: '进度',
    notReported: '未按时报送', reported: '已报送', none: '无',
    redYellow: '红黄灯事项', missed: '漏报事项', dueNext: '下一旬到期事项', waitingReview: '待验收事项', decisions: '上次调度决定',
    completion: (total: number, done: number, cont: number, open: number, rate: string) =>
      `共 ${total} 个问题，已完成 ${done} 个，基本完成、持续推进 ${cont} 个，未完成 ${open} 个，完成率 ${rate}。`,
    attached: '完整文件见附件（HTML 和 Word 格式）。',
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
    receiptSubject: (campaign: string, item: string) => `[Receipt] ${campaign}: item ${item}`,
    noticeSubject: (campaign: string, number: string, item: string) => `[Supervision notice] ${campaign}: ${number} (item ${item})`,
    noticeLine: (number: string, notice: string, replyBy: string, overdue: boolean) => `  ${number} (${notice}) ${overdue ? 'not answered, reply was due' : 'waiting for a reply, due'} by ${replyBy}`,
    formLink: 'report online',
    mineLink: 'Report online (all your items)',
    deadline: 'deadline', light: 'light', state: 'state', item: 'item', reason: 'reason', percent: 'progress',
    notReported: 'not reported on time', reported: 'reported', none: 'none',
    redYellow: 'Red and yellow items', missed: 'Missed reports', dueNext: 'Due in the next dekad', waitingReview: 'Waiting for review', decisions: 'Last dispatch decisions',
    completion: (total: number, done: number, cont: number, open: number, rate: string) =>
      `${total} problems: ${done} completed, ${cont} basically completed and continuing, ${open} not completed; completion rate ${rate}.`,
    attached: 'The full document is attached (HTML and Word).',
    footer: 'Sent automatically by the rectification engine (rectify).',
  },
} as const;

/** What the engine answers and refuses, in the campaign's language. Pure: workflows use it. */
const MSG = {
  closedNoReports: () => ['事项已销号，不再接受报送', 'item is closed (已销号): no more reports'],
  submittedWaitReview: () => ['事项已提交销号（待验收），请待审核后再报送', 'item is submitted for close-out (待验收): wait for the review before reporting again'],
  alreadySubmitted: () => ['事项已提交销号（待验收）', 'item is already submitted for close-out (待验收)'],
  isClosed: () => ['事项已销号', 'item is closed (已销号)'],
  isContinuing: () => ['事项已完成集中整改、转入持续整改', 'item is closed for the concentrated period and kept up long-term (持续整改)'],
  notWaitingReview: (state: string) => [`事项不在待验收状态（当前：${state}）`, `item is not waiting for review (state: ${state})`],
  closedNoDispatch: () => ['事项已销号，不再调度', 'item is closed (已销号): no dispatch decisions'],
  isWithdrawn: () => ['事项已撤销，不再接受报送或调度', 'item is withdrawn (已撤销): nothing more is accepted'],
  returnNeedsReason: () => ['退回须说明原因', 'a return needs a reason'],
  noMilestone: (n: number, of: number) => [`没有第 ${n} 个节点（该事项共 ${of} 个）`, `no milestone ${n} (the item has ${of})`],
  closeoutIncomplete: (list: string) => [`销号材料不完整：${list}`, `close-out incomplete: ${list}`],
  missingStatement: (label: string, key: string) => [`${label}：未填写`, `${label} (${key}): missing statement`],
  missingEvidence: (label: string, key: string) => [`${label}：未附佐证材料`, `${label} (${key}): no evidence given`],
  notADate: (v: string) => [`新的整改时限不是日期（YYYY-MM-DD）："${v}"`, `new deadline is not a date (YYYY-MM-DD): "${v}"`],
  needsApprover: () => ['延期须注明批准人（--approved-by）', 'a new deadline (延期) needs who approved it (--approved-by)'],
  notLater: (v: string, current: string) => [`新的整改时限 ${v} 不晚于现时限（${current}）`, `new deadline ${v} is not after the current one (${current})`],
  tooManyExtensions: (n: number, max: number) => [`已延期 ${n} 次，本次整改工作最多允许 ${max} 次`, `already extended ${n} time(s); the campaign allows ${max}`],
  reportRecorded: (cycle: number) => [`已记录第 ${cycle} 周进展`, `report recorded for weekly cycle ${cycle}`],
  repeated: () => ['已记录（重复提交，未再记录）', 'already recorded (same request)'],
  workerDidNotAnswer: () => [
    '后台服务（rectify worker）未能及时答复：可能正忙于处理积压的任务，或没有在运行。请稍后再试，或检查 rectify worker 是否在运行。',
    'the worker did not answer in time: it is busy with queued tasks, or not running. Try again shortly, or check that rectify worker is running.',
  ],
  submitted: () => ['已提交销号，等待领导专班审核', "submitted for close-out; waiting for the working group's review"],
  accepted: (state: string) => [`审核通过：${state}`, `accepted: ${state}`],
  returned: () => ['已退回责任单位；下次报送后恢复整改中', 'returned to the unit; back in progress on its next report'],
  decisionRecorded: () => ['已记录调度决定', 'decision recorded'],
  whyMissed: (n: number) => [`连续 ${n} 周未报送进展`, `missed ${n} weekly report(s) in a row`],
  whyBehind: (p: number) => [`落后序时进度 ${p} 个百分点`, `${p} points behind plan (序时进度)`],
  whyStillMissing: (n: number) => [`周报告逾期 ${n} 个工作日仍未报送`, `weekly report still missing ${n} working day(s) after its due time`],
  whyDeadlineIn: (n: number, working: boolean) => [`距整改时限还有 ${n} ${working ? '个工作日' : '天'}`, `deadline in ${n} ${working ? 'working ' : ''}day(s)`],
  whyDeadlinePassed: () => ['已超过整改时限，尚未提交销号', 'deadline passed without a close-out submission'],
  whyDeadlineLate: (n: number) => [`超过整改时限已 ${n} 个工作日`, `deadline passed ${n} working day(s) ago`],
  whyMilestoneIn: (i: number, n: number, working: boolean) => [`距第 ${i} 个节点还有 ${n} ${working ? '个工作日' : '天'}`, `milestone ${i} in ${n} ${working ? 'working ' : ''}day(s)`],
  whyMilestonePassed: (i: number) => [`第 ${i} 个节点已过期未完成`, `milestone ${i} passed undelivered`],
  whyRed: (n: number) => [`连续 ${n} 次月督查为红灯`, `red at ${n} monthly inspection(s) in a row`],
  notADay: (v: string) => [`不是日期（YYYY-MM-DD）："${v}"`, `not a date (YYYY-MM-DD): "${v}"`],
  whyUnanswered: (number: string) => [`${number}逾期未回复`, `${number} not answered by its reply deadline`],
  noSuchNotice: (number: string, open: string) => [`本事项没有督办单 ${number}${open ? `（待回复：${open}）` : '（没有待回复的督办单）'}`, `no notice ${number} on this item${open ? ` (waiting for a reply: ${open})` : ' (none waiting for a reply)'}`],
  noticeAnswered: (number: string, date: string) => [`${number} 已于 ${date} 回复`, `${number} was already answered on ${date}`],
  replyRecorded: (number: string) => [`已记录对 ${number} 的回复，督办单办结`, `reply to ${number} recorded; the notice is closed`],
  noticeIssued: (number: string, notice: string, replyBy: string) => [`${number}（${notice}）已发出，限 ${replyBy} 前回复`, `${number} (${notice}) issued; reply due by ${replyBy}`],
  noticeReplied: (number: string, date: string, measures: string) => [`回复 ${number}：${measures}（承诺 ${date} 前完成）`, `reply to ${number}: ${measures} (to be done by ${date})`],
  ruleFollowup: (n: number) => [`逾期跟踪：截止后 ${n} 个工作日`, `follow-up ${n} working day(s) after the due time`],
  ruleDeadlineWarning: (n: number, working: boolean, deadline: string | undefined) =>
    [`到期提醒：整改时限 ${deadline} 前 ${n}${working ? '个工作日' : ' 天'}`, `warning ${n}${working ? ' working' : ''} day(s) before the deadline ${deadline}`],
  ruleDeadlineLate: (n: number, deadline: string | undefined) => [`整改时限 ${deadline} 后 ${n} 个工作日`, `${n} working day(s) after the deadline ${deadline}`],
  ruleMilestoneWarning: (n: number, working: boolean, milestone: string | undefined) =>
    [`节点提醒：${milestone} 前 ${n}${working ? '个工作日' : ' 天'}`, `warning ${n}${working ? ' working' : ''} day(s) before the milestone ${milestone}`],
  returnedBecause: (reason: string) => [`销号申请被退回：${reason}`, `close-out returned: ${reason}`],
  receiptIntro: () => ['您通过在线表单提交的内容已由系统记录：', 'The engine recorded what you submitted through the online form:'],
  receiptProgress: (text: string) => [`整改进展：${text}`, `progress: ${text}`],
  receiptPercent: (p: number) => [`完成百分比：${p}%`, `percent complete: ${p}%`],
  receiptEvidence: (list: string) => [`佐证材料：${list}`, `evidence: ${list}`],
  receiptCloseout: () => ['已提交销号申请（问题解决、原因及追责问责、举一反三、长效机制）', 'close-out submitted on the four dimensions'],
  mailInstruction: (text: string) => [`调度意见：${text}`, `instruction: ${text}`],
  mailNewDeadline: (d: string, was: string, by: string) => [`整改时限调整为 ${d}（原为 ${was}；批准人：${by}）`, `new deadline: ${d} (was ${was}; approved by ${by})`],
  mailReassigned: (unit: string, names: string) => [`调整牵头单位为 ${unit}（联络员：${names}）`, `reassigned to ${unit} (contacts: ${names})`],
  correctionRecorded: (n: number) => [`已记录更正（更正第 ${n} 条记录；原记录保留）`, `correction recorded (corrects entry #${n}; the original stays on record)`],
  noEntry: (n: number, of: number) => [`记录中没有第 ${n} 条（共 ${of} 条）`, `no entry #${n} in the record (it has ${of})`],
  notAReport: (n: number, what: string) => [`第 ${n} 条记录是 ${what}，不是进展报送：只能更正报送`, `entry #${n} is a ${what}, not a report: only reports can be corrected`],
  countdownLeft: (n: number) => [`剩余 ${n} 个工作日`, `${n} working day${n === 1 ? '' : 's'} left`],
  countdownOverdue: (n: number) => [`逾期 ${n} 个工作日`, `overdue ${n} working day${n === 1 ? '' : 's'}`],
  deadlineExtended: (d: string) => [`已记录调度决定；整改时限改为 ${d}`, `decision recorded; deadline now ${d}`],
  lookBackSubject: (campaign: string, item: string) => [`【回头看】${campaign}：事项${item}`, `[Look-back] ${campaign}: item ${item}`],
  lookBackAsk: (months: number) => [
    `该事项通过验收已满 ${months} 个月。按照“回头看”要求，请确认整改成效是否巩固、问题有无反弹。`,
    `This item was accepted ${months} month(s) ago. For the look-back (回头看), please confirm that the fix holds, or say that the problem came back.`],
  lookBackHow: (item: string) => [
    `请回复专班办公室，或运行：rectify lookback "${item}" --holds（成效巩固），或 rectify lookback "${item}" --recurred --note "情况说明"（问题反弹，事项将重新打开）。`,
    `Answer the office, or run: rectify lookback "${item}" --holds (the fix holds), or rectify lookback "${item}" --recurred --note "what happened" (the problem came back: the item is reopened).`],
  lookBackAsked: (months: number, to: string) => [`销号后 ${months} 个月回头看：已请 ${to} 确认整改成效`, `look-back ${months} month(s) after acceptance: ${to} asked to confirm the fix holds`],
  noLookBackOwed: () => ['该事项没有待答复的回头看', 'no look-back of this item is waiting for an answer'],
  lookBackHolds: (months: number, note: string) => [`回头看（${months} 个月）：整改成效巩固${note ? `。${note}` : ''}`, `look-back (${months} months): the fix holds${note ? `. ${note}` : ''}`],
  lookBackRecurred: (months: number, note: string) => [`回头看（${months} 个月）：问题反弹${note ? `。${note}` : ''}`, `look-back (${months} months): the problem came back${note ? `. ${note}` : ''}`],
  lookBackRecorded: () => ['已记录回头看答复：整改成效巩固', 'look-back answer recorded: the fix holds'],
  recurredNeedsNote: () => ['问题反弹须说明情况（--note）', 'a problem that came back needs a note saying what happened (--note)'],
  notReopenable: (state: string) => [`只有已销号或持续整改的事项可以重新打开（当前：${state}）`, `only a closed (已销号) or long-term (持续整改) item can be reopened (state: ${state})`],
  reopenedBecause: (reason: string) => [`事项重新打开，恢复整改中：${reason}。请恢复每周报送整改进展，整改时限不变（另有调度决定的除外）。`, `The item is reopened and in progress again: ${reason}. Weekly progress reports resume; the deadline stays as it was unless a decision changes it.`],
  reopenSubject: (campaign: string, item: string) => [`【重新打开】${campaign}：事项${item}`, `[Reopened] ${campaign}: item ${item}`],
  reopened: () => ['事项已重新打开（整改中），恢复每周报送', 'item reopened (in progress); weekly reports resume'],
  noteRecorded: () => ['已记录备注', 'note recorded'],
  announcementAbout: (subject: string) => [`关于${subject}的问题`, `On ${subject}`],
  announcementMeasures: (list: string) => [`整改措施：${list}`, `Measures: ${list}`],
  announcementPlannedMeasures: (list: string) => [`拟采取的整改措施：${list}`, `Measures planned: ${list}`],
  announcementProgress: (where: string) => [`整改进展：${where}`, `Progress: ${where}`],
  announcementDone: () => ['已完成整改', 'rectified'],
  announcementContinuing: () => ['已完成阶段性整改，作为长期坚持事项持续推进', 'rectified for the concentrated period and kept up as a long-term item'],
  announcementSubmitted: () => ['已完成整改，正在验收', 'rectified; the verification is under way'],
  announcementReturned: () => ['验收未通过，正在继续整改', 'not accepted at verification; the work goes on'],
  announcementInProgress: (percent: number) => [percent > 0 ? `正在整改，已完成约${percent}%` : '正在整改', percent > 0 ? `in progress, about ${percent}% done` : 'in progress'],
  announcementNotReported: () => ['责任单位尚未报送整改进展', 'the responsible unit has not reported progress yet'],
  announcementEvidence: (names: string) => [`（见${names}）`, ` (see ${names})`],
  announcementWithdrawn: () => ['已撤销的事项不列入公示', 'a withdrawn item is not announced'],
  carriedOutHere: (campaign: string, name: string, item: string) => [
    `事项已转入下一轮整改：${campaign}（${name}）事项 ${item}，本轮不再接受报送或调度，请在该事项中报送和办理（rectify report "${item}" --campaign ${campaign}）`,
    `item was carried into the next round: ${campaign} (${name}) item ${item}; this round accepts nothing more for it: report and act on that item (rectify report "${item}" --campaign ${campaign})`],
  carriedOutSomewhere: () => ['事项已转入下一轮整改，本轮不再接受报送或调度，请在下一轮的该事项中报送', 'item was carried into the next round: this round accepts nothing more for it; report on it in the next round'],
  carriedOutLog: (campaign: string, name: string, item: string, state: string, percent: number) => [
    `已转入下一轮：${campaign}（${name}）事项 ${item}（转出时${state}，${percent}%）；本轮不再报送、提醒和督办`,
    `carried into the next round: ${campaign} (${name}) item ${item} (${state}, ${percent}% when handed over); no more reports, reminders or notices in this round`],
  carriedOutRecorded: (campaign: string, item: string) => [`已转入下一轮（${campaign} 事项 ${item}），本轮停止督促`, `carried into the next round (${campaign} item ${item}); this round follows it no more`],
  carryOutToItself: () => ['不能转入本轮自己', 'an item cannot be carried into its own campaign'],
  cannotCarryOut: (state: string) => [`${state}的事项不转入下一轮`, `an item that is ${state} is not carried into the next round`],
  noticeCarriedOver: () => ['随事项转入下一轮', 'carried into the next round with its item'],
  announcementNeedsText: () => ['请给出公示稿内容（--text 或 --file）', 'give the text (--text or --file)'],
  announcementNoText: () => ['起草和审定不带内容（修改请用 announcement edit）', 'draft and approve take no text (use announcement edit to change it)'],
  announcementNothingToApprove: (item: string) => [`事项${item}还没有公示稿，请先起草（rectify announcement draft）或撰写（rectify announcement edit）`, `item ${item} has no announcement text yet: draft it (rectify announcement draft) or write it (rectify announcement edit) first`],
  announcementAlreadyApproved: (by: string) => [`公示稿已由${by}审定；如需修改，请用 announcement edit（修改后须重新审定）`, `the text was already approved by ${by}; to change it use announcement edit (it then needs approval again)`],
  announcementDrafted: () => ['已起草公示稿，待审定', 'announcement text drafted; waiting for approval'],
  announcementEdited: () => ['已修改公示稿，待审定', 'announcement text replaced; waiting for approval'],
  announcementApproved: () => ['公示稿已审定，发布公示时采用', 'announcement text approved; the announcement will print it'],
  announcementNoCloseout: () => ['（该事项尚未提交销号申请：公示稿据整改措施和进展报送起草，如实写明尚在整改）', ' (The item has not been submitted for close-out: the draft is made from its measures and reports and says the work is still going on.)'],
  announcementApprovalCleared: (by: string) => [`（原由${by}审定的公示稿已被替换，须重新审定）`, ` (The text ${by} had approved is replaced: it needs approval again.)`],
  announcementDraftedLog: (text: string) => [`起草公示稿：${text}`, `announcement text drafted: ${text}`],
  announcementEditedLog: (text: string) => [`修改公示稿：${text}`, `announcement text edited: ${text}`],
  announcementApprovedLog: (text: string) => [`审定公示稿：${text}`, `announcement text approved: ${text}`],
} satisfies Record<string, (...args: never[]) => [string, string]>;

export type MessageKey = keyof typeof MSG;

export function msg<K extends MessageKey>(lang: Language, key: K, ...args: Parameters<(typeof MSG)[K]>): string {
  const pair = (MSG[key] as (...a: unknown[]) => [string, string])(...args);
  return lang === 'en' ? pair[1] : pair[0];
}

/** 剩余/逾期 N 个工作日 (domain/calendar countdownOf gives the numbers). */
export const countdownLabel = (c: { overdue: boolean; workingDays: number }, lang: Language): string =>
  msg(lang, c.overdue ? 'countdownOverdue' : 'countdownLeft', c.workingDays);

/**
 * A refusal of a campaign file, a ledger or a data file in Chinese: its problems are written in English
 * where they are found (`where: what`, domain/campaign/problems.ts); these are their sentences, whole, with
 * what they quote kept ($1…). A sentence not listed here stays as written.
 */
const PROBLEM_ZH: [RegExp, string][] = [
  [/^missing \(required\)$/, '缺少（必填）'],
  [/^must not be empty$/, '不能为空'],
  [/^give at least one$/, '至少填写一项'],
  [/^unknown fields? (.+)$/, '未知字段 $1'],
  [/^empty \(expected (.+)\)$/, '为空（应为$1）'],
  [/^expected (.+?), not (.+)$/, '应为$1，而不是$2'],
  [/^not a whole number: (.+)$/, '不是整数：$1'],
  [/^not a date in the form YYYY-MM-DD: (.+)$/, '不是 YYYY-MM-DD 形式的日期：$1'],
  [/^no such day: (.+)$/, '没有这一天：$1'],
  [/^a time of day as HH:MM \(00:00 to 23:59\)(?:, not (.+))?$/, '应为 HH:MM 形式的时刻（00:00 至 23:59）$1'],
  [/^not an IANA time zone \(e\.g\. Asia\/Shanghai\)$/, '不是 IANA 时区名（如 Asia/Shanghai）'],
  [/^not an e-mail address(?:: (.+))?$/, '不是邮箱地址 $1'],
  [/^at most (\d+) characters$/, '最多 $1 个字符'],
  [/^at most (\d+)$/, '最多 $1 项'],
  [/^unknown kind (".*") \(.*\)$/, '未知的整改类型 $1（立行立改、限期整改或长期坚持；immediate、deadline 或 long-term）'],
  [/^not a weekday: (".*") \(.*\)$/, '不是星期几：$1（1-7、monday..sunday、周一..周日）'],
  [/^not a role: (".*") \(.*\)$/, '不是角色：$1（contact 联络员、unitHead 单位负责人、leader 责任领导、secretary 书记、coordinator 专班办公室）'],
  [/^lower-case letters, digits and -, 2 to 63 characters(?:, not (.+))?$/, '应为 2 至 63 个小写字母、数字或 - $1'],
  [/^(?:rung ids: )?letters, digits, - and _ only(?:, not (.+))?$/, '只能含字母、数字、- 和 _ $1'],
  [/^name exactly one trigger \(e\.g\. missedReports: 1\)$/, '须恰好写一个触发条件（如 missedReports: 1）'],
  [/^start must be before end$/, 'start 须早于 end'],
  [/^must contain \{n\} \(the notice's number in its year\)$/, '须含 {n}（督办单在当年的序号）'],
  [/^duplicate id "(.*)": rows (.+) (?:both|all) use it$/, '编号 "$1" 重复：第 $2 行都使用了它'],
  [/^duplicate id: items (.+) (?:both|all) use it$/, '编号重复：事项 $1 都使用了它'],
  [/^duplicate id: rows (.+) are the same item$/, '编号重复：第 $1 行是同一事项'],
  [/^duplicate id: items (.+) are the same item$/, '编号重复：事项 $1 是同一事项'],
  [/^duplicate id "(.*)": (.+)$/, '编号 "$1" 重复：$2'],
  [/^milestone (\S+) (".*") is after the deadline (\S+)$/, '节点 $1 $2 晚于整改时限 $3'],
  [/^milestone (\S+) (".*") is before the campaign start (\S+)$/, '节点 $1 $2 早于整改工作开始日 $3'],
  [/^deadline (\S+) is before the campaign start (\S+)$/, '整改时限 $1 早于整改工作开始日 $2'],
  [/^(\S+) is before the campaign start (\S+)$/, '$1 早于整改工作开始日 $2'],
  [/^责任领导 (".*") is not in the directory \(people with role leader or secretary\)$/, '责任领导 $1 不在人员名录中（角色为 leader 或 secretary 的人员）'],
  [/^责任领导 (".*") is in the directory as (\S+), not as leader or secretary$/, '责任领导 $1 在人员名录中的角色是 $2，不是 leader 或 secretary'],
  [/^联络员 (".*") has no e-mail address$/, '联络员 $1 没有邮箱地址'],
  [/^(\d+) names? under (\S+) but (\d+) address(?:es)?: give one address per name, in the same order$/, '$2 下有 $1 个姓名，但只有 $3 个邮箱地址：每个姓名一个地址，顺序相同'],
  [/^an address under (\S+) but no 联络员 named$/, '$1 下有邮箱地址，但没有填写联络员'],
  [/^line (\d+) (".*") is not a date and a deliverable \("YYYY-MM-DD 交付物", one per line\)$/, '第 $1 行 $2 不是“日期 交付物”（"YYYY-MM-DD 交付物"，每行一个）'],
  [/^no items: list them under items, or name a ledger with itemsFrom$/, '没有整改事项：在 items 下列出，或用 itemsFrom 指定台账'],
  [/^no items: the list is empty$/, '没有整改事项：列表为空'],
  [/^give items or itemsFrom, not both$/, 'items 和 itemsFrom 只能给出一个'],
  [/^the file is empty$/, '文件为空'],
  [/^no such file \(looked for (.+)\)$/, '没有这个文件（查找位置：$1）'],
  [/^is a folder, not a file \((.+)\)$/, '是文件夹，不是文件（$1）'],
  [/^not UTF-8 text \(saved as GBK\/ANSI\?\): save the file as UTF-8(?: and load it again)?$/, '不是 UTF-8 文本（是否存为了 GBK/ANSI？）：请将文件另存为 UTF-8 后重新载入'],
  [/^lists or mappings nested more than (\d+) deep \(\[ and \{ brackets\): not a campaign, holiday, close-out or reports file$/, '列表或映射嵌套超过 $1 层（[ 和 { 括号）：不是整改工作、节假日、销号或报送脚本文件'],
  [/^more than (\d+) columns: a ledger has (\d+) \(at most (\d+) are read\)$/, '超过 $1 列：台账共 $2 列（最多读取 $3 列）'],
  [/^a workbook of (\d+) parts: an \.xlsx ledger may have at most (\d+)$/, '工作簿含 $1 个部件：.xlsx 台账最多 $2 个'],
  [/^its part (\S+) unpacks to (\d+) MB: at most (\d+) MB a part \(a zip bomb\?\)$/, '其部件 $1 解压后为 $2 MB：每个部件最多 $3 MB（是否为压缩炸弹？）'],
  [/^it unpacks to more than (\d+) MB(?:: at most \d+ MB)? \(a zip bomb\?\)$/, '解压后超过 $1 MB（是否为压缩炸弹？）'],
  [/^its part (\S+) expands (\d+) times: at most (\d+) times \(a zip bomb\?\)$/, '其部件 $1 解压后膨胀 $2 倍：最多 $3 倍（是否为压缩炸弹？）'],
  [/^its part (\S+) is not well-formed XML \((.*)\)$/, '其部件 $1 不是格式正确的 XML（$2）'],
  [/^its part (\S+) unpacks to more than its zip directory says \((.*)\): a zip bomb\?$/, '其部件 $1 解压后超过压缩目录所记大小（$2）：是否为压缩炸弹？'],
  [/^its part (\S+) cannot be unpacked \((.*)\)$/, '其部件 $1 无法解压（$2）'],
  [/^(\S+) to (\S+) runs backwards$/, '$1 至 $2 起止颠倒'],
  [/^(\S+) is not in (\d+)$/, '$1 不在 $2 年内'],
  [/^(\S+) is a weekday; list only the Saturdays and Sundays that are worked \(调休上班\), not days off given in lieu$/, '$1 是工作日：只列出调休上班的周六、周日，不要列调休放假的日子'],
  [/^(\S+) is also listed as a day off$/, '$1 也列为了放假日'],
  [/^is not a regular file \((.+)\)$/, '不是普通文件（$1）'],
  [/^not allowed to read it \((.+)\)$/, '无权读取该文件（$1）'],
  [/^cannot read the file: (.+)$/, '无法读取该文件：$1'],
  [/^too big: (\S+) MB, at most (\S+) MB for a campaign file \(.*\)$/, '文件过大：$1 MB，整改工作文件最多 $2 MB（事项较多的整改工作请把事项列在台账中：itemsFrom）'],
  [/^too big: (\S+) MB, at most (\S+) MB$/, '文件过大：$1 MB，最多 $2 MB'],
  [/^not valid JSON: (.+)$/, '不是有效的 JSON：$1'],
  [/^more than one YAML document \(---\): a campaign file holds one$/, '含有多个 YAML 文档（---）：整改工作文件只能有一个'],
  [/^and (\d+) more syntax errors$/, '另有 $1 处语法错误'],
  [/^a campaign file is \.yaml, \.yml or \.json$/, '整改工作文件须为 .yaml、.yml 或 .json'],
  [/^no column (\S+) \(or (\S+)\) in the header row$/, '表头中没有 $1（或 $2）列'],
  [/^a second column for (\S+) \((\S+)\); column (\w+) is read, this one is not$/, '$1（$2）列重复：读取 $3 列，不读取此列'],
  [/^the ledger is empty$/, '台账为空'],
  [/^no items under the header row \(row (\d+)\)$/, '表头（第 $1 行）下没有整改事项'],
  [/^the workbook has no worksheet$/, '工作簿中没有工作表'],
  [/^not a valid item$/, '不是有效的整改事项'],
  [/^no rung (".*") in the ladder$/, '督促阶梯中没有 $1 这一级'],
  [/^rung (".*") issues no tracked notice: give it replyWorkingDays$/, '$1 这一级不签发限期回复的督办单：请为它写 replyWorkingDays'],
  [/^a formula with no saved result: .*$/, '公式没有保存的结果：请在 Excel 或 WPS 中打开台账并保存，或粘贴为数值'],
  [/^not a valid date$/, '不是有效的日期'],
  [/^not a number$/, '不是数字'],
  [/^the cell shows the error (.*)$/, '单元格显示错误 $1'],
  [/^not a readable CSV file: (.+)$/, '不是可读的 CSV 文件：$1'],
  [/^not a readable \.xlsx file \((.+)\)$/, '不是可读的 .xlsx 文件（$1）'],
  [/^a ledger is a \.csv or \.xlsx file, not (.+)$/, '台账须为 .csv 或 .xlsx 文件，而不是 $1'],
  [/^(\d+) items: a campaign has at most (\d+) \(split it into several campaigns\)$/, '$1 个事项：一个整改工作最多 $2 个（请拆分为多个整改工作）'],
  [/^more than (\d+) items: a campaign has at most (\d+) \(split the ledger into several campaigns\)$/, '超过 $1 个事项：一个整改工作最多 $2 个（请把台账拆分为多个整改工作）'],
  [/^(measure|milestone|contact) (\d+): (.+)$/, '第 $2 项$1：$3'],
  [/^the ledger (\S+) is outside the campaign file's folder (\S+): .*$/, '台账 $1 不在整改工作文件所在的文件夹 $2 中：台账须在该文件夹或其子文件夹中，或在 RECTIFY_LEDGER_DIRS 列出的文件夹中'],
];
/** The words of the problems' sentences (the input's type named in words). */
const WORDS_ZH: [RegExp, string][] = [
  [/\ba mapping \(key: value\)/g, '映射（键: 值）'], [/\ba mapping\b/g, '映射'], [/\ba whole number\b/g, '整数'],
  [/\ba number\b/g, '数字'], [/\btrue or false\b/g, 'true 或 false'], [/\ba list\b/g, '列表'], [/\bnull \(nothing\)/g, 'null（空）'],
  [/\bbinary data\b/g, '二进制数据'], [/^text\b/g, '文本'], [/ or text\b/g, ' 或 文本'], [/\bor\b/g, '或'], [/ and /g, '、'],
];
/** Where a problem is, in Chinese: `c.yaml 第 2 行，整改时限列（K）`, `事项 (1) #2，measures`. */
const WHERE_ZH: [RegExp, string][] = [
  [/ row (\d+), column (.+?) \((\w+)\)/g, ' 第 $1 行，$2 列（$3）'],
  [/ line (\d+), column (\d+)/g, ' 第 $1 行第 $2 列'],
  [/ row (\d+)/g, ' 第 $1 行'],
  [/(^|: )item /g, '$1事项 '],
  [/\(top\)/g, '（顶层）'],
];
const apply = (table: [RegExp, string][], s: string): string => table.reduce((t, [from, to]) => t.replace(from, to), s);

/** `what` said by the first rule of `table` that fits it, each part it keeps ($1…) said by `part`; as it is when none fits. */
function fromTable(table: [RegExp, string][], what: string, part: (v: string) => string): string {
  const rule = table.find(([from]) => from.test(what));
  if (!rule) return what;
  const m = rule[0].exec(what)!;
  return rule[1].replace(/\$(\d)/g, (_, n: string) => part(m[Number(n)] ?? '')).trim();
}

/** A problem's `what` in `lang` (it is written in English). */
export function problemWhat(what: string, lang: Language): string {
  if (lang === 'en') return what;
  return fromTable(PROBLEM_ZH, what, (v) => (/^"/.test(v) ? v : problemWhat(apply(WORDS_ZH, v), lang)));
}
/** A problem's `where` in `lang`. */
export const problemWhere = (where: string, lang: Language): string => (lang === 'en' ? where : apply(WHERE_ZH, where));

/**
 * A refusal of the service's settings (environment variables of `worker`, `serve`, `up`, `migrate`) in `lang`:
 * they are written in English where they are checked (config/); these are their sentences in Chinese, line by
 * line, what they name kept ($1…). A line not listed here stays as written.
 */
const SETTING_ZH: [RegExp, string][] = [
  [/^the link-signing key is needed \(RECTIFY_LINK_KEY or RECTIFY_LINK_KEY_FILE, the same as the worker's\)$/, '需要链接签名密钥（RECTIFY_LINK_KEY 或 RECTIFY_LINK_KEY_FILE，与 worker 的相同）'],
  [/^the token needs at least (\d+) characters$/, '令牌至少需要 $1 个字符'],
  [/^at least (\d+) characters are needed \(e\.g\. (.+)\)$/, '至少需要 $1 个字符（例如 $2）'],
  [/^at least (\d+) characters$/, '至少 $1 个字符'],
  [/^too weak for a public service \((.+?)\): (.+)\. Anyone who guesses it gets in; use at least 128 bits of randomness, e\.g\. (.+)$/,
    '强度不足，不能用于对外服务（$1）：$2。猜中即可进入；请使用至少 128 位的随机值，例如 $3'],
  [/^only (\d+) characters, at least (\d+) are needed$/, '只有 $1 个字符，至少需要 $2 个'],
  [/^only (\d+) different characters, at least (\d+) are needed$/, '只有 $1 种不同的字符，至少需要 $2 种'],
  [/^it repeats a shorter sequence$/, '由较短的字符序列重复而成'],
  [/^it is mostly runs of repeated or consecutive characters$/, '大部分是重复或连续的字符'],
  [/^cannot read (.+) \((\w+)\)$/, '无法读取 $1（$2）'],
  [/^trusting every sender of X-Forwarded-For lets any client choose its address \(and escape the rate limits\); name the proxy: loopback, or its address, e\.g\. (.+)$/,
    '信任所有 X-Forwarded-For 的发送方，任何客户端都能自选地址（从而绕过频率限制）；请写明代理：loopback，或代理的地址，如 $1'],
  [/^not a proxy address: (.+) \(off, loopback, linklocal, uniquelocal, an IP or a CIDR range, comma-separated\)$/,
    '不是代理地址：$1（off、loopback、linklocal、uniquelocal、IP 地址或 CIDR 网段，逗号分隔）'],
  [/^not a postgres:\/\/ or postgresql:\/\/ URL$/, '不是 postgres:// 或 postgresql:// 地址'],
  [/^http or https$/, '应为 http 或 https 地址'],
  // (What the number counts is the variable's own name.)
  [/^.+: a whole number$/, '应为整数'],
  [/^.+: at least 1$/, '至少为 1'],
];
const SETTING_LINE = /^(environment )?((?:RECTIFY|TEMPORAL)_\w+)(?:: )(.*)$/;

/** The settings' refusal `message` in `lang`: each `environment NAME: what` (or `NAME: what`) line said in it. */
export function settingProblem(message: string, lang: Language): string {
  if (lang === 'en') return message;
  const what = (w: string): string => fromTable(SETTING_ZH, w, what);
  return message.split('\n').map((line) => {
    const m = SETTING_LINE.exec(line);
    return m ? `${m[1] ? '环境变量 ' : ''}${m[2]}：${what(m[3])}` : line;
  }).join('\n');
}

/**
 * A holiday file's problem (`bad.yaml line 3: 2027: daysOff[0]: what`, or a field's `bad.yaml line 1: year: what`,
 * domain/holidays.ts) in `lang`: `bad.yaml 第 3 行：2027：daysOff[0]：…`. The fields keep their names.
 */
export function holidayProblem(problem: string, lang: Language): string {
  const m = /^(.+?)((?: line \d+)?): ((?:(?:\d{4}|\(top\)|[A-Za-z]\w*(?:\[\d+\]|\.\w+)*): )*)(.*)$/.exec(problem);
  if (lang === 'en' || !m) return problem;
  const fields = m[3].replace('(top)', '（顶层）').replace(/: /g, '：');
  return `${m[1]}${m[2].replace(/^ line (\d+)/, ' 第 $1 行')}：${fields}${problemWhat(m[4], lang)}`;
}
