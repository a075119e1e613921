/**
 * The pages of the office's signed-in part: the login page (a sign-in link by
 * mail for the directory's people, the office token for the service account),
 * the sign-in confirmation, and an item's page with its record, its evidence
 * files as download links, and the acts the person may do. Chinese by
 * default; usable on a phone and without JavaScript.
 */
import { renderTemplate } from '../documents/html';
import type { Language } from '../domain/i18n';
import { evidenceName, flagWarning, readEvidenceRef } from '../domain/evidence';
import type { ItemSnapshot } from '../workflows/messages';
import { SIGN_IN_LINK_MS } from '../config/links';
import { LIMITS } from '../domain/limits';
import { fileUrl, itemRecord, itemUrl, page, words } from './pages';
import type { Role } from './directory';

const MINUTES = SIGN_IN_LINK_MS / 60e3;

const OFFICE_WORDS = {
  zh: {
    signInTitle: '登录', email: '电子邮箱（通讯录中登记的地址）', sendLink: '发送登录链接',
    emailHint: `系统将向该地址发送一次性登录链接，${MINUTES} 分钟内有效。`,
    serviceAccount: '服务账号（访问口令）',
    sentTitle: '请查收邮件', sentText: `如果该地址登记在本次整改工作的通讯录中，登录链接已发往该地址：${MINUTES} 分钟内有效，只能使用一次。`,
    confirmTitle: '确认登录', confirm: (name: string) => `以“${name}”的身份登录`,
    usedTitle: '链接已使用', usedText: '此登录链接已经使用过，每个链接只能登录一次。请在登录页重新申请。',
    badLinkTitle: '链接无效', badLinkText: '此登录链接无效或已过期。请在登录页重新申请。',
    notAllowed: '无权操作', notAllowedText: '您没有查看或办理此事项的权限。此次请求未作任何记录。',
    signedInAs: '当前用户', signOutEverywhere: '退出所有设备', mine: '我的事项', board: '事项总览',
    roles: { coordinator: '专班办公室', secretary: '书记', leader: '责任领导', unitHead: '单位负责人', contact: '联络员' } as Record<Role, string>,
    files: '佐证文件', noFiles: '（无上传文件）', closeout: '销号申请', submittedBy: '提交人',
    review: '审核销号申请', accept: '同意销号', returnIt: '退回整改', reason: '退回原因（退回时必填）',
    reportOnline: '在线报送进展或申请销号', back: '返回事项总览', reviews: '验收记录', accepted: '同意销号', returned: '退回',
    dispatchTitle: '调度决定（指示、延期、调整责任单位）', instruction: '调度指示', newDeadline: '新的整改时限（延期时填写）', approvedBy: '延期批准人（延期时必填）',
    reassignUnit: '调整后的牵头单位（可不填）', reassignContact: '调整后的联络员（每行一人：姓名=邮箱）', reassignHead: '调整后的单位负责人（每行一人：姓名=邮箱）', recordDispatch: '记录调度决定',
    forUnitTitle: '代为报送或更正进展', progress: '整改进展', percent: '完成百分比（0–100，可不填）', evidence: '佐证材料（每行一项）',
    corrects: '更正第几条记录（更正时填写，见事项记录的编号）', correctReason: '更正原因', recordReport: '记录进展',
    replyTitle: '登记督办单回复', notice: '督办单', measures: '整改措施', replyDate: '承诺完成日期', recordReply: '登记回复',
    announcement: '公示稿', noAnnouncement: '（尚无公示稿：可据事项记录起草）', announcementDraft: '草稿（待审定）', announcementApproved: '已审定',
    draftedBy: '起草', editedBy: '修改', approvedByLabel: '审定', draftIt: '据记录起草公示稿', redraftIt: '据记录重新起草', approveIt: '审定公示稿',
    editTitle: '修改公示稿（已审定的须重新审定）', announcementText: '公示稿内容', saveEdit: '保存修改',
  },
  en: {
    signInTitle: 'Sign in', email: 'Email address (as the directory has it)', sendLink: 'Send me a sign-in link',
    emailHint: `A one-time sign-in link goes to this address; it works for ${MINUTES} minutes.`,
    serviceAccount: 'Service account (office token)',
    sentTitle: 'Check your mail', sentText: `If this address is in the campaign's directory, a sign-in link is on its way to it: it works once, within ${MINUTES} minutes.`,
    confirmTitle: 'Confirm sign-in', confirm: (name: string) => `Sign in as ${name}`,
    usedTitle: 'Link already used', usedText: 'This sign-in link has been used already; each link signs in once. Ask for a new one on the sign-in page.',
    badLinkTitle: 'Invalid link', badLinkText: 'This sign-in link is not valid or has expired. Ask for a new one on the sign-in page.',
    notAllowed: 'Not allowed', notAllowedText: 'You may not see or act on this item. Nothing was recorded.',
    signedInAs: 'Signed in as', signOutEverywhere: 'Sign out everywhere', mine: 'My items', board: 'All items',
    roles: { coordinator: 'coordinator', secretary: 'secretary', leader: 'leader', unitHead: 'unit head', contact: 'contact' } as Record<Role, string>,
    files: 'Evidence files', noFiles: '(no uploaded files)', closeout: 'Close-out', submittedBy: 'Submitted by',
    review: 'Review the close-out', accept: 'Accept (close the item)', returnIt: 'Return to the unit', reason: 'Reason (needed to return it)',
    reportOnline: 'Report progress or submit for close-out', back: 'Back to the items', reviews: 'Reviews', accepted: 'accepted', returned: 'returned',
    dispatchTitle: 'Dispatch decision (instruction, new deadline, reassignment)', instruction: 'Instruction', newDeadline: 'New deadline (for an extension)', approvedBy: 'Who approved the extension (needed with a new deadline)',
    reassignUnit: 'New lead unit (optional)', reassignContact: 'New contacts (one a line: name=email)', reassignHead: 'New unit heads (one a line: name=email)', recordDispatch: 'Record the decision',
    forUnitTitle: 'Report or correct on the unit\'s behalf', progress: 'Progress', percent: 'Percent complete (0-100, optional)', evidence: 'Evidence (one per line)',
    corrects: 'Entry of the record to correct (for a correction: its number in the record)', correctReason: 'Why it is corrected', recordReport: 'Record the progress',
    replyTitle: 'Record a supervision notice\'s reply', notice: 'Notice', measures: 'Measures', replyDate: 'Date committed to', recordReply: 'Record the reply',
    announcement: 'Announcement text', noAnnouncement: '(no announcement text yet: draft it from the record)', announcementDraft: 'draft (to approve)', announcementApproved: 'approved',
    draftedBy: 'drafted by', editedBy: 'edited by', approvedByLabel: 'approved by', draftIt: 'Draft it from the record', redraftIt: 'Draft it again from the record', approveIt: 'Approve the text',
    editTitle: 'Edit the text (an approved one needs approval again)', announcementText: 'The text', saveEdit: 'Save the text',
  },
};
export const officeWords = (l: Language) => OFFICE_WORDS[l];

/** The login page: the sign-in link form (when a directory is served) and the office token (when one is set). */
export function loginPage(lang: Language, o: { csrf: string; people: boolean; token: boolean; wrongToken?: boolean }): string {
  const w = words(lang);
  const ow = officeWords(lang);
  return page(lang, ow.signInTitle, renderTemplate(`<h1>{{ ow.signInTitle }}</h1>
{% if wrong %}<p class="box no" role="alert">{{ w.wrongToken }}</p>{% endif %}
{% if people %}<form method="post" action="/office/login/link"><input type="hidden" name="csrf" value="{{ csrf }}">
<label for="email">{{ ow.email }}</label><input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-hint">
<p class="hint" id="email-hint">{{ ow.emailHint }}</p>
<button type="submit">{{ ow.sendLink }}</button></form>{% endif %}
{% if token %}<details{% if wrong or not people %} open{% endif %}><summary>{{ ow.serviceAccount }}</summary>
<form method="post" action="/office/login"><input type="hidden" name="csrf" value="{{ csrf }}">
<label for="token">{{ w.token }}</label><input id="token" name="token" type="password" autocomplete="current-password">
<button type="submit">{{ w.signIn }}</button></form></details>{% endif %}`, {
    w, ow, csrf: o.csrf, people: o.people, token: o.token, wrong: !!o.wrongToken,
  }), '420px');
}

/** After a sign-in link was asked for: the same page whether or not the address is known. */
export const linkSentPage = (lang: Language): string => {
  const ow = officeWords(lang);
  return page(lang, ow.sentTitle, renderTemplate('<h1>{{ t }}</h1><p class="box ok" role="status">{{ x }}</p>', { t: ow.sentTitle, x: ow.sentText }), '420px');
};

/** The sign-in link opened: one button, so a mail scanner fetching the link does not use it up. */
export function confirmPage(lang: Language, o: { action: string; csrf: string; name: string }): string {
  const ow = officeWords(lang);
  return page(lang, ow.confirmTitle, renderTemplate(`<h1>{{ ow.confirmTitle }}</h1>
<form method="post" action="{{ action }}"><input type="hidden" name="csrf" value="{{ csrf }}"><button type="submit">{{ ow.confirm(name) }}</button></form>`, { ow, ...o }), '420px');
}

/** Who is signed in, with sign out and sign out everywhere (the top of every signed-in page). */
export function whoBar(lang: Language, o: { name: string; roles: Role[]; csrf: string }): string {
  const ow = officeWords(lang);
  const w = words(lang);
  return renderTemplate(`<div class="signout">{% if roles %}<nav aria-label="{{ ow.mine }}"><a href="/office">{{ ow.board }}</a> · <a href="/office/mine">{{ ow.mine }}</a></nav>{% endif %}<span class="hint">{{ ow.signedInAs }}：{{ name }}{% if roles %}（{{ roles }}）{% endif %}</span>
<form method="post" action="/office/logout" class="signout"><input type="hidden" name="csrf" value="{{ csrf }}"><button type="submit">{{ w.signOut }}</button></form>
<form method="post" action="/office/logout-everywhere" class="signout"><input type="hidden" name="csrf" value="{{ csrf }}"><button type="submit">{{ ow.signOutEverywhere }}</button></form></div>`, {
    ow, w, name: o.name, roles: o.roles.map((r) => ow.roles[r]).join(lang === 'en' ? ', ' : '、'), csrf: o.csrf,
  });
}

/** An uploaded file of an item's record: its name as given, where it is kept, and what the check flagged. */
export interface EvidenceFile { name: string; rel: string; warning: string }

/** Every uploaded file an item's record names (reports, then the close-out), once each. */
export function evidenceFiles(s: Pick<ItemSnapshot, 'reports' | 'closeout'>, lang: Language): EvidenceFile[] {
  const c = s.closeout;
  const refs = [...s.reports.flatMap((r) => r.evidence), ...(c ? [c.solved, c.accountability, c.similarCases, c.mechanism].flatMap((d) => d.evidence) : [])];
  const out = new Map<string, EvidenceFile>();
  for (const ref of refs) {
    const r = readEvidenceRef(ref);
    if (!r.upload || out.has(r.upload)) continue;
    out.set(r.upload, { name: evidenceName(r), rel: r.upload, warning: flagWarning(r.flags, lang) });
  }
  return [...out.values()];
}


export interface OfficeItemView {
  lang: Language;
  zone: string;
  snapshot: ItemSnapshot;
  who: string;
  csrf: string;
  canReview: boolean;
  canReport: boolean;
  /** Dispatch decisions (the office). */
  canDispatch: boolean;
  /** Report, correct and record a 督办单's reply for the unit (the office, and who reports on the item). */
  canActForUnit: boolean;
  /** 公示稿 draft, edit, approve (the office). */
  canAnnounce?: boolean;
  /** The acts' nonce (their request id: the same form posted twice is recorded once). */
  nonce: string;
  /** The download links (web/office-downloads.ts), HTML. */
  downloads?: string;
  outcome?: { ok: boolean; lines: string[] };
}

const ACTS = `{% if canDispatch %}<details id="dispatch"><summary>{{ ow.dispatchTitle }}</summary><form method="post" action="{{ action }}/act">
<input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="nonce" value="{{ nonce }}"><input type="hidden" name="kind" value="dispatch">
<label for="instruction">{{ ow.instruction }}</label><textarea id="instruction" name="instruction" maxlength="2000" required></textarea>
<label for="newDeadline">{{ ow.newDeadline }}</label><input id="newDeadline" name="newDeadline" type="date">
<label for="approvedBy">{{ ow.approvedBy }}</label><input id="approvedBy" name="approvedBy" type="text">
<label for="reassignUnit">{{ ow.reassignUnit }}</label><input id="reassignUnit" name="reassignUnit" type="text">
<label for="reassignContact">{{ ow.reassignContact }}</label><textarea id="reassignContact" name="reassignContact"></textarea>
<label for="reassignHead">{{ ow.reassignHead }}</label><textarea id="reassignHead" name="reassignHead"></textarea>
<button type="submit">{{ ow.recordDispatch }}</button></form></details>{% endif %}
{% if canActForUnit %}{% if notices.length %}<details id="notice-reply" open><summary>{{ ow.replyTitle }}</summary><form method="post" action="{{ action }}/act">
<input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="nonce" value="{{ nonce }}"><input type="hidden" name="kind" value="noticeReply">
<label for="notice">{{ ow.notice }}</label><select id="notice" name="notice">{% for n in notices %}<option value="{{ n.number }}">{{ n.number }}（{{ n.notice }}）</option>{% endfor %}</select>
<label for="measures">{{ ow.measures }}</label><textarea id="measures" name="measures" required></textarea>
<label for="replyDate">{{ ow.replyDate }}</label><input id="replyDate" name="date" type="date" required>
<button type="submit">{{ ow.recordReply }}</button></form></details>{% endif %}
<details id="for-unit"><summary>{{ ow.forUnitTitle }}</summary><form method="post" action="{{ action }}/act">
<input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="nonce" value="{{ nonce }}"><input type="hidden" name="kind" value="report">
<label for="u-progress">{{ ow.progress }}</label><textarea id="u-progress" name="progress" maxlength="4000" required></textarea>
<label for="u-percent">{{ ow.percent }}</label><input id="u-percent" name="percent" type="number" min="0" max="100" step="1" inputmode="numeric">
<label for="u-evidence">{{ ow.evidence }}</label><textarea id="u-evidence" name="evidence"></textarea>
<label for="u-corrects">{{ ow.corrects }}</label><input id="u-corrects" name="corrects" type="number" min="1" step="1" inputmode="numeric">
<label for="u-reason">{{ ow.correctReason }}</label><input id="u-reason" name="reason" type="text">
<button type="submit">{{ ow.recordReport }}</button></form></details>{% endif %}`;

/** 公示稿 (issue 16): the text as the record has it, and for the office `rectify announcement` draft, edit, approve. */
const ANNOUNCEMENT = `<h2>{{ ow.announcement }}</h2>{% if a %}<div class="box {{ 'ok' if a.status == 'approved' else '' }}" id="announcement" data-status="{{ a.status }}">
<div class="hint">{{ ow.announcementApproved if a.status == 'approved' else ow.announcementDraft }} · {{ ow.draftedBy if a.source == 'drafted' else ow.editedBy }}：{{ a.by }}{% if a.approvedBy and a.status == 'approved' %} · {{ ow.approvedByLabel }}：{{ a.approvedBy }}{% endif %}</div>
<p>{{ a.text }}</p></div>{% else %}<p class="hint" id="announcement">{{ ow.noAnnouncement }}</p>{% endif %}
{% if canAnnounce %}<form method="post" action="{{ action }}/act"><input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="nonce" value="{{ nonce }}"><input type="hidden" name="kind" value="announcement">
<button type="submit" name="act" value="draft">{{ ow.redraftIt if a else ow.draftIt }}</button>{% if a and a.status != 'approved' %} <button type="submit" name="act" value="approve">{{ ow.approveIt }}</button>{% endif %}</form>
<details id="announcement-edit"><summary>{{ ow.editTitle }}</summary><form method="post" action="{{ action }}/act">
<input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="nonce" value="{{ nonce }}"><input type="hidden" name="kind" value="announcement"><input type="hidden" name="act" value="edit">
<label for="a-text">{{ ow.announcementText }}</label><textarea id="a-text" name="text" rows="6" maxlength="{{ max }}" required>{{ a.text if a else '' }}</textarea>
<button type="submit">{{ ow.saveEdit }}</button></form></details>{% endif %}`;

/** An item's page for a signed-in person: the record, the close-out with its files, and the acts they may do. */
export function officeItemPage(v: OfficeItemView): string {
  const w = words(v.lang);
  const ow = officeWords(v.lang);
  const s = v.snapshot;
  const id = s.item.id;
  const files = evidenceFiles(s, v.lang).map((f) => ({ ...f, url: fileUrl(id, f.rel) }));
  const c = s.closeout;
  const body = [
    v.who,
    v.outcome ? renderTemplate(`<div class="box {{ 'ok' if o.ok else 'no' }}" id="outcome" role="status"><strong>{{ w.answer }}：{{ w.accepted if o.ok else w.refused }}</strong>
{% for l in o.lines %}<p>{{ l }}</p>{% endfor %}</div>`, { o: v.outcome, w }) : '',
    itemRecord(v.lang, v.zone, s),
    renderTemplate(`<h2>{{ ow.files }}</h2>{% if files.length %}<ul id="files">{% for f in files %}<li><a href="{{ f.url }}" download>{{ f.name }}</a>{% if f.warning %} <span class="warn" data-flagged>{{ f.warning }}</span>{% endif %}</li>{% endfor %}</ul>
{% else %}<p class="hint">{{ ow.noFiles }}</p>{% endif %}
{% if c %}<h2>{{ ow.closeout }}</h2><div class="box" id="closeout"><div class="hint">{{ ow.submittedBy }}：{{ c.by }}</div>
<dl><dt>{{ w.solved }}</dt><dd>{{ c.solved.statement }}</dd><dt>{{ w.cause }}</dt><dd>{{ c.accountability.statement }}</dd>
<dt>{{ w.similar }}</dt><dd>{{ c.similarCases.statement }}</dd><dt>{{ w.mechanism }}</dt><dd>{{ c.mechanism.statement }}</dd></dl></div>{% endif %}
{% if reviews.length %}<h2>{{ ow.reviews }}</h2><ul id="reviews">{% for r in reviews %}<li>{{ r.by }} · {{ ow.accepted if r.accepted else ow.returned }}{% if r.reason %}：{{ r.reason }}{% endif %}</li>{% endfor %}</ul>{% endif %}
{% if canReview %}<h2>{{ ow.review }}</h2><form method="post" action="{{ action }}/review"><input type="hidden" name="csrf" value="{{ csrf }}">
<label for="reason">{{ ow.reason }}</label><textarea id="reason" name="reason" maxlength="2000"></textarea>
<button type="submit" name="decision" value="accept">{{ ow.accept }}</button> <button type="submit" name="decision" value="return">{{ ow.returnIt }}</button></form>{% endif %}
{{ announcement | safe }}
{{ acts | safe }}
{{ downloads | safe }}
{% if canReport %}<form method="post" action="{{ action }}/report"><input type="hidden" name="csrf" value="{{ csrf }}"><button type="submit">{{ ow.reportOnline }}</button></form>{% endif %}
<p><a href="/office">{{ ow.back }}</a></p>`, {
      w, ow, files, c, reviews: s.reviews, downloads: v.downloads ?? '', canReview: v.canReview, canReport: v.canReport, csrf: v.csrf, action: itemUrl(id),
      announcement: renderTemplate(ANNOUNCEMENT, {
        ow, a: s.announcement, action: itemUrl(id), csrf: v.csrf, nonce: v.nonce, canAnnounce: v.canAnnounce, max: LIMITS.announcementChars,
      }),
      acts: renderTemplate(ACTS, {
        ow, action: itemUrl(id), csrf: v.csrf, nonce: v.nonce, canDispatch: v.canDispatch, canActForUnit: v.canActForUnit, notices: s.status.openNotices ?? [],
      }),
    }),
  ].join('\n');
  return page(v.lang, `${id} ${s.item.title ?? ''}`.trim(), body);
}
