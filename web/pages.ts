/**
 * The pages of `rectify serve`, server-rendered through the documents' one
 * nunjucks environment (autoescape on: no item text can inject markup). They
 * work on a phone and without JavaScript; Chinese by default.
 */
import { DateTime } from 'luxon';
import { renderTemplate, LIGHT_COLOURS } from '../documents/html';
import { countdownLabel, lightLabel, stateLabel, type Language } from '../domain/i18n';
import { carriedOutRefusal } from '../domain/rules';
import type { ItemSnapshot } from '../workflows/messages';
import { STATES, type Light } from '../domain/types';
import type { BoardFilter, BoardRow } from '../readmodels/board';
import { MAX_FILES, UPLOAD_TYPES } from './uploads';
import { evidenceForContact, evidenceName, evidenceView, flagWarning, readEvidenceRef } from '../domain/evidence';

const WORDS = {
  zh: {
    appName: '整改工作系统', problem: '反馈问题', measures: '整改措施', deadline: '整改时限', state: '状态', light: '灯色', percent: '完成百分比',
    lastReport: '最近一次报送', noReport: '尚未报送', decisions: '此后的调度决定', reportTitle: '报送本周整改进展', progress: '整改进展（做了什么）',
    evidence: '佐证材料（每行一项：文件名、文号、链接）', files: '上传佐证文件', filesHint: (types: string, mb: string) => `可选，最多 ${MAX_FILES} 个，每个不超过 ${mb}，类型：${types}。旧版 .doc/.xls 及含宏的文件不予接收，请另存为 .docx/.xlsx 或 PDF`,
    submitReport: '提交进展', closeoutTitle: '已完成整改？申请销号（四个维度）', solved: '问题解决情况', solvedEvidence: '问题解决的佐证',
    cause: '产生原因及追责问责情况', causeEvidence: '原因及追责问责的佐证', noneNeeded: '经查无需追责问责', similar: '举一反三情况', similarEvidence: '举一反三的佐证',
    mechanism: '建立长效机制情况', mechanismEvidence: '长效机制的佐证', submitCloseout: '提交销号申请', reporter: '报送人',
    invalid: '链接无效', invalidText: '此链接无效或已被改动。请使用提醒邮件中的原始链接。', expired: '链接已过期',
    expiredText: '此链接已过期。请使用最新一封提醒或催办邮件中的链接，或联系整改工作领导专班。',
    notOpen: '此事项已不接受在线报送', answer: '系统答复', accepted: '已记录', refused: '未被接受', back: '返回填报页',
    receipt: '回执邮件将发送至', forbidden: '请求无效', forbiddenText: '表单已失效（可能页面打开过久或来自其他网站）。请重新打开邮件中的链接后再提交。',
    officeTitle: '挂图作战', login: '办公室登录', token: '访问口令', signIn: '登录', signOut: '退出', wrongToken: '口令不正确',
    unit: '牵头单位', item: '事项', nextDue: '下次报送', lastReportShort: '最近报送', countdown: '倒计时', chart: '挂图', table: '各单位事项', fullChart: '全屏查看挂图',
    officeOff: '办公室页面未启用（未配置 RECTIFY_OFFICE_TOKEN 或 RECTIFY_PLAN）。', counts: (n: number, red: number, yellow: number, submitted: number, closed: number) =>
      `共 ${n} 项：红灯 ${red}，黄灯 ${yellow}，待验收 ${submitted}，已销号 ${closed}`,
    notFound: '页面不存在', error: '出错了', errorText: '服务暂时无法完成请求，请稍后再试。',
    noCampaign: (id: string) => `没有这项整改工作：${id}`,
    tooMany: '请求过于频繁', tooManyText: (minutes: number) => `请求过于频繁，请 ${minutes} 分钟后再试。`,
    badRequest: '请求无效', badRequestText: '无法处理此请求。请使用邮件或页面中的原始链接。',
    tooLarge: '提交内容过大', tooLargeText: '提交的内容超过了允许的大小，请减少或压缩文件后重试。',
    uriTooLong: '网址过长', uriTooLongText: '网址过长或已损坏。请使用邮件中的原始链接。',
    timedOut: '请求超时', timedOutText: '请求未能在规定时间内送达，请检查网络后重试。',
    busy: '系统繁忙', busyText: '整改工作的后台服务正在处理积压的任务，暂时未能答复，请一分钟后再试。',
    reviewsTitle: '待验收的销号申请', submittedBy: '提交人', evidenceShort: '佐证材料', noEvidence: '（无）',
    filters: '筛选', leader: '责任领导', section: '问题类别', any: '全部', overdueOnly: '已逾期', reviewOnly: '待验收', noticesOnly: '督办单未回复',
    titleShort: '标题', noticesShort: '督办单',
    applyFilters: '筛选', clearFilters: '清除筛选', shown: (n: number, total: number) => `显示 ${n} 项（共 ${total} 项）`, noRows: '没有符合筛选条件的事项。',
  },
  en: {
    appName: 'rectify', problem: 'Problem', measures: 'Measures', deadline: 'Deadline', state: 'State', light: 'Light', percent: 'Percent complete',
    lastReport: 'Last report', noReport: 'no report yet', decisions: 'Dispatch decisions since', reportTitle: "This week's progress", progress: 'Progress (what was done)',
    evidence: 'Evidence (one per line: file name, document number, link)', files: 'Upload evidence files', filesHint: (types: string, mb: string) => `optional, up to ${MAX_FILES}, each at most ${mb}; types: ${types}. Old .doc/.xls files and files with macros are refused: save them as .docx/.xlsx or PDF`,
    submitReport: 'Submit progress', closeoutTitle: 'Done? Submit for close-out (four dimensions)', solved: 'How the problem is solved', solvedEvidence: 'Evidence: solved',
    cause: 'Causes found and accountability', causeEvidence: 'Evidence: accountability', noneNeeded: 'no accountability needed', similar: 'Similar cases checked', similarEvidence: 'Evidence: similar cases',
    mechanism: 'Lasting mechanism', mechanismEvidence: 'Evidence: mechanism', submitCloseout: 'Submit for close-out', reporter: 'Reported by',
    invalid: 'Invalid link', invalidText: 'This link is not valid or was changed. Use the link exactly as the reminder mail gave it.', expired: 'Link expired',
    expiredText: 'This link has expired. Use the link in the latest reminder or chase mail, or ask the working group.',
    notOpen: 'This item takes no more reports online', answer: "The engine's answer", accepted: 'Recorded', refused: 'Not accepted', back: 'Back to the form',
    receipt: 'A receipt goes to', forbidden: 'Request refused', forbiddenText: 'The form is no longer valid (open too long, or sent from another site). Open the link in the mail again and resubmit.',
    officeTitle: 'Wall chart', login: 'Office sign-in', token: 'Office token', signIn: 'Sign in', signOut: 'Sign out', wrongToken: 'Wrong token',
    unit: 'Lead unit', item: 'Item', nextDue: 'Next due', lastReportShort: 'Last report', countdown: 'Countdown', chart: 'Wall chart', table: 'Items by unit', fullChart: 'Open the chart full screen',
    officeOff: 'The office page is off (neither RECTIFY_OFFICE_TOKEN nor RECTIFY_PLAN is set).', counts: (n: number, red: number, yellow: number, submitted: number, closed: number) =>
      `${n} items: ${red} red, ${yellow} yellow, ${submitted} waiting for review, ${closed} closed`,
    notFound: 'Not found', error: 'Something went wrong', errorText: 'The service could not finish the request; try again later.',
    noCampaign: (id: string) => `No such campaign: ${id}`,
    tooMany: 'Too many requests', tooManyText: (minutes: number) => `Too many requests; try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
    badRequest: 'Bad request', badRequestText: 'The request could not be read. Use the link exactly as the mail or the page gave it.',
    tooLarge: 'Too large', tooLargeText: 'What was sent is larger than allowed; send fewer or smaller files.',
    uriTooLong: 'Address too long', uriTooLongText: 'The address is too long or damaged. Use the link exactly as the mail gave it.',
    timedOut: 'Request timed out', timedOutText: 'The request did not arrive in time; check the connection and try again.',
    busy: 'Busy', busyText: "The campaign's worker is working through queued tasks and did not answer in time; try again in a minute.",
    reviewsTitle: 'Close-outs waiting for review', submittedBy: 'Submitted by', evidenceShort: 'Evidence', noEvidence: '(none)',
    filters: 'Filters', leader: 'Leader', section: 'Section', any: 'all', overdueOnly: 'overdue', reviewOnly: 'waiting for review', noticesOnly: 'supervision notice unanswered',
    titleShort: 'Title', noticesShort: 'Notices waiting',
    applyFilters: 'Filter', clearFilters: 'Clear the filters', shown: (n: number, total: number) => `${n} of ${total} items shown`, noRows: 'No item matches the filters.',
  },
};
export type Words = (typeof WORDS)['zh'];
export const words = (l: Language): Words => WORDS[l] as Words;

const LAYOUT = `<!DOCTYPE html>
<html lang="{{ 'en' if lang == 'en' else 'zh-CN' }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">{% if refresh %}
<meta http-equiv="refresh" content="{{ refresh }}">{% endif %}
<title>{{ title }}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; padding: 12px; max-width: {{ width or '760px' }}; color: #222; line-height: 1.6; }
  h1 { font-size: 20px; margin: 8px 0; } h2 { font-size: 17px; margin: 18px 0 6px; }
  p, li, dd { overflow-wrap: anywhere; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0; } dt { color: #555; } dd { margin: 0; }
  label { display: block; margin: 10px 0 2px; font-weight: bold; }
  label.inline { display: inline; font-weight: normal; }
  textarea, input[type=text], input[type=number], input[type=password] { width: 100%; box-sizing: border-box; font: inherit; padding: 6px; }
  textarea { min-height: 5em; }
  button { font: inherit; padding: 8px 18px; margin: 12px 0; background: #1565c0; color: #fff; border: 0; border-radius: 4px; }
  details { margin: 14px 0; border: 1px solid #ccc; border-radius: 4px; padding: 6px 10px; } summary { cursor: pointer; font-weight: bold; }
  .hint { color: #555; font-size: 13px; } .box { border-left: 4px solid #999; padding: 6px 10px; background: #f6f7f9; margin: 10px 0; }
  .ok { border-color: #2e9d4f; } .no { border-color: #d9363e; } .warn { color: #b3261e; font-weight: bold; }
  /* Black on every light: white on the chart's green, red or grey falls short of WCAG AA contrast (axe-core). */
  .light { display: inline-block; padding: 0 8px; border-radius: 3px; color: #000; }
  .light-red { background: ${LIGHT_COLOURS.red}; } .light-yellow { background: ${LIGHT_COLOURS.yellow}; } .light-green { background: ${LIGHT_COLOURS.green}; } .light-grey { background: ${LIGHT_COLOURS.grey}; }
  .overdue { color: #a4001d; font-weight: bold; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; } th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
  th { background: #eef1f5; } tr.unit th { background: #dde3ea; }
  iframe { width: 100%; height: 70vh; border: 1px solid #ccc; }
  .wrap { overflow-x: auto; }
  form.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 4px 12px; align-items: end; }
  form.filters label { margin: 4px 0 0; } form.filters select { width: 100%; font: inherit; padding: 4px; } form.filters button { margin: 6px 0; }
  div.signout { text-align: right; margin: -8px 0 0; } form.signout { display: inline; margin-left: 6px; } form.signout button { margin: 4px 0; padding: 4px 12px; }
</style></head>
<body>
{{ body | safe }}
</body></html>
`;

export const page = (lang: Language, title: string, body: string, width?: string, refresh?: number): string =>
  renderTemplate(LAYOUT, { lang, title, body, width, refresh });

/** A refusal that names nothing of the item: the link's own problem only. */
export const messagePage = (lang: Language, title: string, text: string): string =>
  page(lang, title, renderTemplate('<h1>{{ title }}</h1><p class="box no">{{ text }}</p>', { title, text }));

const ITEM = `<h1>{{ item.id }} {{ item.title or '' }}</h1>
<dl>
<dt>{{ w.problem }}</dt><dd>{{ item.problem }}</dd>
<dt>{{ w.measures }}</dt><dd><ol>{% for m in item.measures %}<li>{{ m }}</li>{% endfor %}</ol></dd>
<dt>{{ w.deadline }}</dt><dd>{{ item.deadline }}</dd>
<dt>{{ w.state }}</dt><dd><span data-state="{{ status.state }}">{{ stateText }}</span> · <span class="light light-{{ status.light }}" data-light="{{ status.light }}">{{ lightText }}</span> · {{ status.percent }}%</dd>
</dl>
<h2>{{ w.lastReport }}</h2>
{% if last %}<div class="box" id="last-report"><div class="hint">{{ last.when }} · {{ last.by }}{% if last.percent is not none %} · {{ last.percent }}%{% endif %}</div>
<p>{{ last.progress }}</p>{% if last.evidence.length %}<ul>{% for e in last.evidence %}<li>{{ e }}</li>{% endfor %}</ul>{% endif %}</div>
{% else %}<p class="hint">{{ w.noReport }}</p>{% endif %}
{% if decisions.length %}<h2>{{ w.decisions }}</h2>
{% for d in decisions %}<div class="box" data-decision><div class="hint">{{ d.when }} · {{ d.by }}</div><p>{{ d.instruction }}</p>{% if d.newDeadline %}<p>{{ w.deadline }} → {{ d.newDeadline }}</p>{% endif %}</div>{% endfor %}{% endif %}
`;

// The CSRF token is the form's first field: the server reads no file part before it (web/body.ts).
const FORM = `<form method="post" action="{{ action }}" enctype="multipart/form-data">
<input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="nonce" value="{{ nonce }}">
<h2>{{ w.reportTitle }}</h2>
<p class="hint">{{ w.reporter }}：{{ person }}</p>
<label for="progress">{{ w.progress }}</label><textarea id="progress" name="progress" maxlength="{{ limits.progress }}">{{ v.progress }}</textarea>
<label for="percent">{{ w.percent }}</label><input id="percent" name="percent" type="number" min="0" max="100" step="1" inputmode="numeric" value="{{ v.percent }}">
<label for="evidence">{{ w.evidence }}</label><textarea id="evidence" name="evidence">{{ v.evidence }}</textarea>
<label for="files">{{ w.files }}</label><input id="files" name="files" type="file" multiple accept="{{ accept }}">
<div class="hint">{{ filesHint }}</div>
<button type="submit" name="action" value="report">{{ w.submitReport }}</button>
<details{% if v.action == 'closeout' %} open{% endif %}><summary>{{ w.closeoutTitle }}</summary>
<label for="solved">{{ w.solved }}</label><textarea id="solved" name="solved">{{ v.solved }}</textarea>
<label for="solvedEvidence">{{ w.solvedEvidence }}</label><textarea id="solvedEvidence" name="solvedEvidence">{{ v.solvedEvidence }}</textarea>
<label for="cause">{{ w.cause }}</label><textarea id="cause" name="cause">{{ v.cause }}</textarea>
<label for="causeEvidence">{{ w.causeEvidence }}</label><textarea id="causeEvidence" name="causeEvidence">{{ v.causeEvidence }}</textarea>
<input id="noneNeeded" name="noneNeeded" type="checkbox" value="1"{% if v.noneNeeded %} checked{% endif %}> <label class="inline" for="noneNeeded">{{ w.noneNeeded }}</label>
<label for="similar">{{ w.similar }}</label><textarea id="similar" name="similar">{{ v.similar }}</textarea>
<label for="similarEvidence">{{ w.similarEvidence }}</label><textarea id="similarEvidence" name="similarEvidence">{{ v.similarEvidence }}</textarea>
<label for="mechanism">{{ w.mechanism }}</label><textarea id="mechanism" name="mechanism">{{ v.mechanism }}</textarea>
<label for="mechanismEvidence">{{ w.mechanismEvidence }}</label><textarea id="mechanismEvidence" name="mechanismEvidence">{{ v.mechanismEvidence }}</textarea>
<button type="submit" name="action" value="closeout">{{ w.submitCloseout }}</button>
</details>
</form>`;

export interface FormValues { [field: string]: string | undefined }

export interface ItemView {
  lang: Language;
  /** The campaign's time zone: times are shown in it. */
  zone: string;
  snapshot: ItemSnapshot;
  person: string;
  /** The form, unless the item takes no more reports. */
  form?: { action: string; csrf: string; nonce: string; values: FormValues; maxUploadBytes: number };
  /** The engine's answer to a submission, or why it was refused. */
  outcome?: { ok: boolean; lines: string[]; receiptTo?: string };
}

/** An item's record as its pages show it: what it is, its state, the last report and the decisions since. */
export function itemRecord(lang: Language, zone: string, s: ItemSnapshot): string {
  const w = words(lang);
  const when = (ms: number): string => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
  const lastReport = s.reports.at(-1);
  const since = lastReport?.at ?? -Infinity;
  return renderTemplate(ITEM, {
    w, item: s.item, status: s.status, stateText: stateLabel(s.status.state, lang), lightText: lightLabel(s.status.light, lang),
    // The contact's own evidence, as given: what the check flagged is for the reviewer.
    last: lastReport && { ...lastReport, evidence: lastReport.evidence.map(evidenceForContact), when: when(lastReport.at), percent: lastReport.percent ?? null },
    decisions: s.decisions.filter((d) => d.at > since).map((d) => ({ ...d, when: when(d.at) })),
  });
}

export function itemPage(v: ItemView): string {
  const w = words(v.lang);
  const s = v.snapshot;
  const body = [
    v.outcome ? renderTemplate(`<div class="box {{ 'ok' if o.ok else 'no' }}" id="outcome" role="status"><strong>{{ w.answer }}：{{ w.accepted if o.ok else w.refused }}</strong>
{% for l in o.lines %}<p>{{ l }}</p>{% endfor %}{% if o.receiptTo %}<p class="hint">{{ w.receipt }} {{ o.receiptTo }}</p>{% endif %}</div>`, { o: v.outcome, w }) : '',
    itemRecord(v.lang, v.zone, s),
    v.form ? renderTemplate(FORM, {
      w, action: v.form.action, csrf: v.form.csrf, nonce: v.form.nonce, v: v.form.values, person: v.person,
      accept: UPLOAD_TYPES.map((t) => `.${t}`).join(','), limits: { progress: 4000 },
      filesHint: w.filesHint(UPLOAD_TYPES.join(v.lang === 'en' ? ', ' : '、'), `${Math.round(v.form.maxUploadBytes / 1048576 * 10) / 10} MB`),
    }) : renderTemplate('<p class="box">{{ t }}</p>', {
      // Carried into the next round (已转入下一轮): where it went, so the contact reports there.
      t: s.status.state === 'carriedOut' ? carriedOutRefusal(s.carriedOut, v.lang) : w.notOpen,
    }),
  ].join('\n');
  return page(v.lang, `${s.item.id} ${s.item.title ?? ''}`.trim(), body);
}

/** The address of an item's page in the office. */
export const itemUrl = (id: string): string => `/office/items/${encodeURIComponent(id)}`;
/** The address of one of an item's uploaded files (its place under the uploads folder: the file name only). */
export const fileUrl = (id: string, rel: string): string => `${itemUrl(id)}/files/${encodeURIComponent(rel.split('/').pop() ?? '')}`;

export interface OfficeView {
  lang: Language;
  campaign: { id: string; name: string; timeZone: string };
  /** The rows the filters chose (readmodels/board.ts). */
  rows: BoardRow[];
  /** How many the viewer may see in all. */
  total: number;
  filter: BoardFilter;
  choices: { units: string[]; leaders: string[]; sections: string[] };
  /** What was wrong with the filters given (then none applies). */
  problems?: string[];
  /** The campaign of the query (the service account's `?campaign=`), kept by the filter form. */
  campaignParam?: string;
  /** Who is signed in, with the sign-out forms (office-pages.ts whoBar). */
  who: string;
  /** The wall chart of the whole campaign (the office's, not a unit's). */
  chart: boolean;
  /** The download links (web/office-downloads.ts), HTML. */
  downloads?: string;
  /** The close-outs waiting for review, with their evidence (the check's flags shown beside each file). */
  reviews?: { item: string; by: string; evidence: string[] }[];
}

const FILTERS = `<h2 id="filters-title">{{ w.filters }}</h2><form method="get" action="/office" class="filters" id="filters" aria-labelledby="filters-title">
{% if campaignParam %}<input type="hidden" name="campaign" value="{{ campaignParam }}">{% endif %}
{% for s in selects %}<div><label for="f-{{ s.name }}">{{ s.label }}</label><select id="f-{{ s.name }}" name="{{ s.name }}"><option value="">{{ w.any }}</option>
{% for o in s.options %}<option value="{{ o.value }}"{% if o.value == s.chosen %} selected{% endif %}>{{ o.text }}</option>{% endfor %}</select></div>{% endfor %}
{% for b in boxes %}<div><input type="checkbox" id="f-{{ b.name }}" name="{{ b.name }}" value="1"{% if b.on %} checked{% endif %}> <label class="inline" for="f-{{ b.name }}">{{ b.label }}</label></div>{% endfor %}
<div><button type="submit">{{ w.applyFilters }}</button> <a href="/office{% if campaignParam %}?campaign={{ campaignParam | urlencode }}{% endif %}">{{ w.clearFilters }}</a></div>
</form>
{% if problems.length %}<div class="box no" role="alert">{% for p in problems %}<p>{{ p }}</p>{% endfor %}</div>{% endif %}
<p id="shown">{{ shown }}</p>`;

/** The filter form's fields, with the choices the viewer's rows offer. */
function filterFields(v: OfficeView) {
  const w = words(v.lang);
  const own = (values: string[]) => values.map((x) => ({ value: x, text: x }));
  const lights: Light[] = ['red', 'yellow', 'green', 'grey'];
  return {
    selects: [
      { name: 'unit', label: w.unit, options: own(v.choices.units), chosen: v.filter.unit },
      { name: 'leader', label: w.leader, options: own(v.choices.leaders), chosen: v.filter.leader },
      { name: 'section', label: w.section, options: own(v.choices.sections), chosen: v.filter.section },
      { name: 'light', label: w.light, options: lights.map((l) => ({ value: l, text: lightLabel(l, v.lang) })), chosen: v.filter.light },
      { name: 'state', label: w.state, options: STATES.map((x) => ({ value: x, text: stateLabel(x, v.lang) })), chosen: v.filter.state },
    ].filter((s) => s.options.length),
    boxes: [
      { name: 'overdue', label: w.overdueOnly, on: !!v.filter.overdue },
      { name: 'review', label: w.reviewOnly, on: !!v.filter.review },
      { name: 'notices', label: w.noticesOnly, on: !!v.filter.notices },
    ],
  };
}

export function officePage(v: OfficeView): string {
  const w = words(v.lang);
  const units = new Map<string, BoardRow[]>();
  for (const r of v.rows) units.set(r.unit, [...(units.get(r.unit) ?? []), r]);
  const count = (rows: BoardRow[]) => w.counts(rows.length, rows.filter((r) => r.light === 'red').length, rows.filter((r) => r.light === 'yellow').length,
    rows.filter((r) => r.state === 'submitted').length, rows.filter((r) => r.state === 'closed').length);
  const human = (iso: string | null): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—');
  const chartUrl = `/office/chart?campaign=${encodeURIComponent(v.campaign.id)}`;
  return page(v.lang, `${w.officeTitle} · ${v.campaign.name}`, renderTemplate(`<h1>{{ c.name }}</h1>
{{ who | safe }}
<p>{{ total }} · {{ c.timeZone }}</p>
{% if chart %}<h2>{{ w.chart }}</h2><p><a href="{{ chartUrl }}">{{ w.fullChart }}</a></p>
<iframe src="{{ chartUrl }}" title="{{ w.chart }}"></iframe>{% endif %}
{{ downloads | safe }}
{{ filters | safe }}
<h2>{{ w.table }}</h2>{% if not units.length %}<p class="box">{{ w.noRows }}</p>{% endif %}<div class="wrap"><table id="status">
<thead><tr><th>{{ w.item }}</th><th>{{ w.titleShort }}</th><th>{{ w.leader }}</th><th>{{ w.state }}</th><th>{{ w.light }}</th><th>{{ w.percent }}</th><th>{{ w.deadline }}</th><th>{{ w.countdown }}</th><th>{{ w.nextDue }}</th><th>{{ w.lastReportShort }}</th><th>{{ w.noticesShort }}</th></tr></thead>
<tbody>{% for u in units %}<tr class="unit"><th colspan="11">{{ u.name }} <span class="hint">{{ u.counts }}</span></th></tr>
{% for r in u.rows %}<tr data-item="{{ r.item }}" data-state="{{ r.state }}" data-light="{{ r.light }}"><td><a href="{{ r.url }}">{{ r.item }}</a></td><td data-title>{{ r.title }}{% if r.section %}<div class="hint" data-section>{{ r.section }}</div>{% endif %}</td><td data-leader>{{ r.leader }}</td><td>{{ r.stateText }}</td>
<td><span class="light light-{{ r.light }}">{{ r.lightText }}</span></td><td>{{ r.percent }}%</td><td>{{ r.deadlineText }}</td><td{% if r.overdue %} class="overdue"{% endif %}>{{ r.countdownText }}</td><td>{{ r.nextDue }}</td><td>{{ r.lastReport }}</td><td data-notices>{{ r.openNotices or '' }}</td></tr>{% endfor %}{% endfor %}
</tbody></table></div>
{% if reviews.length %}<h2>{{ w.reviewsTitle }}</h2><div class="wrap"><table id="reviews">
<thead><tr><th>{{ w.item }}</th><th>{{ w.submittedBy }}</th><th>{{ w.evidenceShort }}</th></tr></thead>
<tbody>{% for r in reviews %}<tr data-item="{{ r.item }}"><td><a href="{{ r.url }}">{{ r.item }}</a></td><td>{{ r.by }}</td><td>{% for e in r.evidence %}<div>{% if e.url %}<a href="{{ e.url }}" download>{{ e.text }}</a>{% else %}{{ e.text }}{% endif %}{% if e.warning %} <span class="warn" data-flagged>{{ e.warning }}</span>{% endif %}</div>{% else %}{{ w.noEvidence }}{% endfor %}</td></tr>{% endfor %}
</tbody></table></div>{% endif %}`, {
    w, c: v.campaign, who: v.who, chart: v.chart, chartUrl, total: count(v.rows), downloads: v.downloads ?? '',
    filters: renderTemplate(FILTERS, { w, campaignParam: v.campaignParam, problems: v.problems ?? [], shown: w.shown(v.rows.length, v.total), ...filterFields(v) }),
    reviews: (v.reviews ?? []).map((r) => ({
      ...r, url: itemUrl(r.item),
      // An uploaded file by its name, as a download link; other references as written.
      evidence: r.evidence.map((e) => {
        const ref = readEvidenceRef(e);
        return ref.upload ? { text: evidenceName(ref), warning: flagWarning(ref.flags, v.lang), url: fileUrl(r.item, ref.upload) } : evidenceView(e, v.lang);
      }),
    })),
    units: [...units.entries()].sort(([a], [b]) => a.localeCompare(b, 'zh-CN')).map(([name, rows]) => ({
      name: name || '—', counts: count(rows),
      rows: rows.map((r) => ({ ...r, url: itemUrl(r.item), stateText: stateLabel(r.state, v.lang), lightText: lightLabel(r.light, v.lang), nextDue: human(r.nextDue), lastReport: human(r.lastReport),
        deadlineText: r.deadline ?? '—', countdownText: r.countdown ? countdownLabel(r.countdown, v.lang) : '—', overdue: r.overdue })),
    })),
  }), '1100px');
}
