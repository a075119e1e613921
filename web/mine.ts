/**
 * "My items" (我的事项, issue 15 point 4): one page of all a person's open
 * items with what each still owes — the week's report and its due time, a
 * returned close-out, a 督办单 waiting for its reply, the working days left —
 * where they report on several items in one visit and, with one click, record
 * 本周无新进展 for an item (a report with that text: counted as reported).
 * Every report goes through the same validation (domain/payloads.ts) and the
 * same Temporal update (reportUpdate) as `rectify report`, under the person's name.
 *
 * Who sees what: the person's items as their digests named them, and (with
 * the campaign's directory) those of their units and of the items they lead;
 * they report on the items they are named on (contact, unit head), and see
 * the others (a leader's, their unit's). Each item is checked against its
 * record as it is now: someone taken off an item no longer sees it.
 *
 * Reached two ways: the link of a digest (`/m/:token`, signed like a form
 * link: config/links.ts signMine; the link is the credential) and, signed in,
 * `/office/mine`. No JavaScript: one form, one textarea per item; the files
 * and the close-out stay on the item's own form (a link per item).
 */
import { DateTime } from 'luxon';
import type { FastifyReply } from 'fastify';
import type { Client } from '@temporalio/client';
import { countdownOf } from '../domain/calendar';
import { countdownLabel, lightLabel, stateLabel, T, type Language } from '../domain/i18n';
import { refuseReport } from '../domain/rules';
import type { ItemSnapshot, ReportInput } from '../workflows/messages';
import { newNonce, nonceOf, signLink } from '../config/links';
import { renderTemplate } from '../documents/html';
import { personItems, type PersonItem } from '../readmodels/items';
import type { ItemListing } from '../activities/deps';
import { officialCalendar } from '../readmodels/status';
import { actOnItem } from '../readmodels/acts';
import { may, scopeOf, type Member } from './directory';
import { itemUrl, messagePage, page, words } from './pages';

/** The page takes what the engine takes: open items, and a long-term one (持续整改) at its long-term cadence. */
const takesReports = (state: ItemSnapshot['status']['state']): boolean => !refuseReport(state);

/** Whose page it is. */
export interface MinePerson {
  campaign: string;
  name: string;
  /** Lower case. */
  email: string;
  /** The items a digest named (the link's); none for a signed-in person. */
  items: string[];
  /** The person as the directory has them (adds their units' and their led items). */
  member?: Member;
}

/** Where the page posts, how its CSRF token is scoped, and what else it shows (the signed-in bar). */
export interface MinePlace {
  action: string;
  csrf: string;
  /** Scope of the nonce (the link's token, or the session's page). */
  scope: string;
  who?: string;
}

const WORDS = {
  zh: {
    title: '我的事项',
    intro: (name: string, n: number) => `${name}，您好：您有 ${n} 项未销号的整改事项。逐项填写后点“提交已填写的进展”；某项本周没有新进展的，点该项的“本周无新进展”即可报送。`,
    noProgress: '本周无新进展',
    submitAll: '提交已填写的进展',
    fullForm: '上传佐证文件或申请销号',
    due: (when: string) => `请于 ${when} 前报送本周进展`,
    last: (when: string) => `上次报送：${when}`,
    never: '尚未报送进展',
    returned: (reason: string) => `销号申请已退回：${reason}。请整改后重新申请销号。`,
    submitted: '销号申请待审核，暂不需报送进展。',
    deadline: (date: string, left: string) => `整改时限 ${date}（${left}）`,
    seeOnly: '供您查看：由责任单位报送。',
    closedTitle: '已销号事项', closed: '已销号',
    nothing: '目前没有需要您报送的事项。',
    nothingFilled: '没有填写任何进展：请填写进展，或点某项的“本周无新进展”。',
    progress: '本周进展', percent: '完成百分比（0–100，可不填）', evidence: '佐证材料（每行一项，可不填）',
    board: '事项总览',
    linkGone: '链接无效', linkGoneText: '此链接无效。请使用最近一封提醒邮件中的链接。',
  },
  en: {
    title: 'My items',
    intro: (name: string, n: number) => `Dear ${name}: you have ${n} open item(s). Fill in those you have news on and press "Submit the progress filled in"; for an item with nothing new this week, press its "No new progress this week".`,
    noProgress: 'No new progress this week',
    submitAll: 'Submit the progress filled in',
    fullForm: 'Upload evidence or submit for close-out',
    due: (when: string) => `This week's report is due by ${when}`,
    last: (when: string) => `Last report: ${when}`,
    never: 'No report yet',
    returned: (reason: string) => `The close-out was returned: ${reason}. Rectify and submit it again.`,
    submitted: 'The close-out is waiting for review; no report is needed meanwhile.',
    deadline: (date: string, left: string) => `Deadline ${date} (${left})`,
    seeOnly: 'For your information: the unit reports.',
    closedTitle: 'Closed items', closed: 'closed',
    nothing: 'Nothing for you to report on now.',
    nothingFilled: 'Nothing was filled in: write the progress, or press an item\'s "No new progress this week".',
    progress: 'This week\'s progress', percent: 'Percent complete (0-100, optional)', evidence: 'Evidence (one per line, optional)',
    board: 'All items',
    linkGone: 'Invalid link', linkGoneText: 'This link is not valid. Use the link of your latest reminder.',
  },
};
export const mineWords = (l: Language) => WORDS[l];

/** Whether the person reports on the item ('report'), only sees it ('see'), or neither — from its record as it is now. */
function roleOn(p: MinePerson, item: ItemSnapshot['item']): 'report' | 'see' | undefined {
  const named = [...item.contacts, ...item.unitHeads].some((x) => x.email.toLowerCase() === p.email);
  if (named || (p.member && may(p.member, 'report', item))) return 'report';
  if (item.leader.email.toLowerCase() === p.email || (p.member && may(p.member, 'see', item))) return 'see';
  return undefined;
}

/** The person's items as the page needs them. */
export interface MineItems {
  lang: Language;
  campaign: { id: string; name: string; timeZone: string };
  open: (PersonItem & { snapshot: ItemSnapshot; role: 'report' | 'see' })[];
  closed: PersonItem[];
  calendar: Parameters<typeof countdownOf>[0];
}

/** Reads a person's items; undefined when the campaign is gone. */
export async function readMine(client: Client, p: MinePerson, listing?: Pick<ItemListing, 'read'>): Promise<MineItems | undefined> {
  const found = await personItems(client, p.campaign, p.items, p.member && scopeOf(p.member), { listing });
  if (!found) return undefined;
  const { campaign } = found.campaign;
  const open: MineItems['open'] = [];
  const closed: PersonItem[] = [];
  for (const it of found.items) {
    if (!it.snapshot) { closed.push(it); continue; }
    const role = roleOn(p, it.snapshot.item);
    if (role) open.push({ ...it, snapshot: it.snapshot, role });
  }
  return {
    lang: campaign.language === 'en' ? 'en' : 'zh', campaign, open, closed, calendar: await officialCalendar(found.campaign),
  };
}

/** What a post answered for one item: recorded (the engine's words) or refused (why), with what was typed. */
export interface ItemOutcome { ok: boolean; lines: string[]; values?: Record<string, string> }

const fieldsOf = (key: string) => ({ progress: `progress:${key}`, percent: `percent:${key}`, evidence: `evidence:${key}` });
const lines = (v: string | undefined): string[] => (v ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);

/**
 * Records what a post of the page asks: 本周无新进展 for the item whose button was pressed (`none`), and a report
 * for every item whose fields were filled in; each through the report's validation and update, under the person.
 */
export async function recordMine(key: Buffer, p: MinePerson, m: MineItems, place: MinePlace, fields: Record<string, string>): Promise<Map<string, ItemOutcome> | string> {
  const w = mineWords(m.lang);
  const nonce = nonceOf(key, place.scope, fields.nonce);
  if (!nonce) return words(m.lang).forbidden;
  const out = new Map<string, ItemOutcome>();
  for (const it of m.open.filter((x) => x.role === 'report' && takesReports(x.snapshot.status.state))) {
    const f = fieldsOf(it.row.key);
    const typed = { progress: fields[f.progress] ?? '', percent: fields[f.percent] ?? '', evidence: fields[f.evidence] ?? '' };
    const none = fields.none === it.row.key;
    if (!none && !typed.progress.trim() && !typed.percent.trim() && !typed.evidence.trim()) continue;
    const percentText = typed.percent.trim();
    if (!none && percentText && !/^\d{1,3}$/.test(percentText)) {
      out.set(it.row.key, { ok: false, lines: [`percent: ${m.lang === 'en' ? 'a whole number 0-100' : '应为 0 到 100 的整数'}`], values: typed });
      continue;
    }
    const input: ReportInput = none
      ? { progress: w.noProgress, by: p.name, requestId: `web-${nonce}-${it.row.key}` }
      : { progress: typed.progress.trim(), ...(percentText ? { percent: Number(percentText) } : {}), evidence: lines(typed.evidence), by: p.name, requestId: `web-${nonce}-${it.row.key}` };
    const outcome = await actOnItem(it.handle, 'report', input, m.lang);
    out.set(it.row.key, outcome.ok ? { ok: true, lines: [outcome.answer.message] } : {
      ok: false, lines: outcome.why === 'invalid' ? outcome.problems : [outcome.why === 'refused' ? outcome.reason : words(m.lang).notOpen], values: none ? undefined : typed,
    });
  }
  return out.size ? out : w.nothingFilled;
}

/** A form link of one item for this person (the item's own page: files, close-out), valid as long as the page's link. */
const FORM_LINK_MS = 2 * 3600e3;

const MINE = `{{ who | safe }}<h1>{{ mw.title }} · {{ campaign }}</h1>
{% if problem %}<div class="box no" id="outcome" role="alert"><p>{{ problem }}</p></div>{% endif %}
<p>{{ intro }}</p>
{% if open.length %}<form method="post" action="{{ action }}"><input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="nonce" value="{{ nonce }}">
{% if reportable %}<button type="submit" name="all" value="1">{{ mw.submitAll }}</button>{% endif %}
{% for it in open %}<section class="box" id="item-{{ it.key }}" data-item="{{ it.id }}" aria-labelledby="h-{{ it.key }}">
<h2 id="h-{{ it.key }}">{{ it.id }} {{ it.title }}</h2>
<p><span data-state="{{ it.state }}">{{ it.stateText }}</span> · <span class="light light-{{ it.light }}">{{ it.lightText }}</span> · {{ it.percent }}%</p>
<ul class="owed">{% for o in it.owed %}<li{% if o.warn %} class="overdue"{% endif %}>{{ o.text }}</li>{% endfor %}</ul>
{% if it.outcome %}<div class="box {{ 'ok' if it.outcome.ok else 'no' }}" role="status" data-outcome="{{ 'ok' if it.outcome.ok else 'refused' }}"><strong>{{ w.answer }}：{{ w.accepted if it.outcome.ok else w.refused }}</strong>{% for l in it.outcome.lines %}<p>{{ l }}</p>{% endfor %}</div>{% endif %}
{% if it.reports %}<label for="progress-{{ it.key }}">{{ mw.progress }}</label><textarea id="progress-{{ it.key }}" name="progress:{{ it.key }}" maxlength="4000">{{ it.v.progress }}</textarea>
<label for="percent-{{ it.key }}">{{ mw.percent }}</label><input id="percent-{{ it.key }}" name="percent:{{ it.key }}" type="number" min="0" max="100" step="1" inputmode="numeric" value="{{ it.v.percent }}">
<label for="evidence-{{ it.key }}">{{ mw.evidence }}</label><textarea id="evidence-{{ it.key }}" name="evidence:{{ it.key }}">{{ it.v.evidence }}</textarea>
<button type="submit" name="none" value="{{ it.key }}">{{ mw.noProgress }}</button> <a href="{{ it.formUrl }}">{{ mw.fullForm }}</a>
{% else %}<p class="hint">{{ it.note }}</p>{% if it.officeUrl %}<p><a href="{{ it.officeUrl }}">{{ it.id }}</a></p>{% endif %}{% endif %}
</section>{% endfor %}
{% if reportable %}<button type="submit" name="all" value="1">{{ mw.submitAll }}</button>{% endif %}
</form>{% else %}<p class="box">{{ mw.nothing }}</p>{% endif %}
{% if closed.length %}<h2>{{ mw.closedTitle }}</h2><ul id="closed">{% for c in closed %}<li data-item="{{ c.id }}" data-state="closed">{{ c.id }} {{ c.title }} · {{ mw.closed }}</li>{% endfor %}</ul>{% endif %}
{% if board %}<p><a href="/office">{{ mw.board }}</a></p>{% endif %}`;

/** The page: every open item with what it owes, a report's fields where the person reports, the closed ones listed. */
export function minePage(key: Buffer, p: MinePerson, m: MineItems, place: MinePlace, o: { outcomes?: Map<string, ItemOutcome>; problem?: string; nowMs?: number } = {}): string {
  const lang = m.lang;
  const w = words(lang);
  const mw = mineWords(lang);
  const t = T[lang];
  const nowMs = o.nowMs ?? Date.now();
  const when = (ms: number): string => DateTime.fromMillis(ms, { zone: m.campaign.timeZone }).toFormat('yyyy-MM-dd HH:mm');
  const open = m.open.map((it) => {
    const s = it.snapshot;
    const reports = it.role === 'report' && takesReports(s.status.state);
    const owed: { text: string; warn?: boolean }[] = [];
    if (s.status.state === 'returned') owed.push({ text: mw.returned(s.reviews.at(-1)?.reason ?? '—'), warn: true });
    if (s.status.state === 'submitted') owed.push({ text: mw.submitted });
    if (reports && s.nextDue) owed.push({ text: mw.due(when(s.nextDue.at)) });
    if (reports) owed.push({ text: s.status.lastReportAt ? mw.last(when(s.status.lastReportAt)) : mw.never });
    for (const n of s.status.openNotices ?? []) owed.push({ text: t.noticeLine(n.number, n.notice, n.replyBy, n.overdue).trim(), warn: n.overdue });
    const cd = countdownOf(m.calendar, s.status.deadline, nowMs, m.campaign.timeZone);
    owed.push({ text: mw.deadline(s.status.deadline, countdownLabel(cd, lang)), warn: cd.overdue });
    const outcome = o.outcomes?.get(it.row.key);
    return {
      id: s.item.id, key: it.row.key, title: s.item.title ?? '', state: s.status.state, stateText: stateLabel(s.status.state, lang),
      light: s.status.light, lightText: lightLabel(s.status.light, lang), percent: s.status.percent, owed, reports, outcome,
      v: outcome?.values ?? {}, note: it.role === 'see' ? mw.seeOnly : '',
      officeUrl: p.member ? itemUrl(s.item.id) : undefined,
      formUrl: reports ? `/f/${signLink(key, { campaign: p.campaign, item: s.item.id, name: p.name, email: p.email, expiresAt: nowMs + FORM_LINK_MS })}` : undefined,
    };
  });
  return page(lang, mw.title, renderTemplate(MINE, {
    w, mw, who: place.who ?? '', campaign: m.campaign.name, problem: o.problem, intro: mw.intro(p.name, open.length), open, reportable: open.some((x) => x.reports),
    closed: m.closed.map((c) => ({ id: c.row.id, title: c.row.title ?? '' })), action: place.action, csrf: place.csrf, nonce: newNonce(key, place.scope), board: !!p.member,
  }));
}

/** GET and POST of the page, for whichever way the person was recognised. */
export async function answerMine(reply: FastifyReply, x: {
  client: Client; key: Buffer; person: MinePerson; place: MinePlace; lang: Language;
  /** 事项名录: the titles of closed items of a campaign with desks (default: the engine's store). */
  listing?: Pick<ItemListing, 'read'>;
  html(reply: FastifyReply, code: number, body: string): FastifyReply;
  /** A post: its fields (the CSRF token already checked). */
  fields?: Record<string, string>;
}): Promise<FastifyReply> {
  const m = await readMine(x.client, x.person, x.listing);
  if (!m) return x.html(reply, 404, messagePage(x.lang, words(x.lang).notFound, words(x.lang).noCampaign(x.person.campaign)));
  if (!x.fields) return x.html(reply, 200, minePage(x.key, x.person, m, x.place));
  const done = await recordMine(x.key, x.person, m, x.place, x.fields);
  if (typeof done === 'string') return x.html(reply, 422, minePage(x.key, x.person, m, x.place, { problem: done }));
  // The items as they are now, each with its answer; what was refused keeps what was typed.
  const after = (await readMine(x.client, x.person, x.listing)) ?? m;
  const refused = [...done.values()].some((d) => !d.ok);
  return x.html(reply, refused ? 422 : 200, minePage(x.key, x.person, after, x.place, { outcomes: done }));
}
