/**
 * The office console's holiday page (issue 15 point 2, 载入节假日安排): a
 * coordinator pastes a year's official arrangement (the file `rectify calendar
 * update --from FILE` takes, YAML or JSON) and loads it. The same check and the
 * same write (readmodels/holidays.ts): a refusal names each line and writes
 * nothing; a load tells every running workflow to plan again. The page lists
 * the years loaded so far.
 */
import type { Language } from '../domain/i18n';
import type { YearArrangement } from '../domain/holidays';
import { renderTemplate } from '../documents/html';
import { page } from './pages';

const WORDS = {
  zh: {
    title: '载入节假日安排', label: '节假日安排', link: '载入节假日安排（国务院办公厅通知）',
    intro: '粘贴一年的法定节假日安排（与 rectify calendar update --from 文件的格式相同，YAML 或 JSON）。整份检查无误后才写入；有错误时什么也不写入。',
    text: '节假日安排（YAML 或 JSON）', load: '载入', loaded: '已载入的年份', noYears: '（尚未载入任何年份：使用程序自带的数据）',
    year: '年份', source: '依据', daysOff: '休息日', workingDays: '调休上班', refused: '未载入，请改正以下问题：', done: '已载入',
    yearLoaded: (y: number, off: number, on: number) => `${y} 年已载入：休息日 ${off} 天，调休上班 ${on} 天。`,
    told: (n: number) => `已通知 ${n} 个正在运行的工作流重新安排待办时间点。`,
    notTold: '数据已写入，但未能通知正在运行的工作流（Temporal 是否可达？）：请稍后再载入一次。',
    example: '示例', back: '返回看板',
  },
  en: {
    title: 'Load a holiday year', label: 'the pasted text', link: 'Load a holiday year (the State Council notice)',
    intro: 'Paste a year\'s official holiday arrangement (the file rectify calendar update --from takes, YAML or JSON). It is checked whole before anything is written; with a problem nothing is written.',
    text: 'Holiday arrangement (YAML or JSON)', load: 'Load', loaded: 'Years loaded', noYears: '(no year loaded: the package\'s data is used)',
    year: 'Year', source: 'Source', daysOff: 'Days off', workingDays: 'Make-up working days', refused: 'Not loaded; correct these problems:', done: 'Loaded',
    yearLoaded: (y: number, off: number, on: number) => `${y} loaded: ${off} days off, ${on} make-up working days.`,
    told: (n: number) => `${n} running workflow(s) told to re-plan their pending moments.`,
    notTold: 'The data is written, but running workflows could not be told (is Temporal reachable?): load it again later.',
    example: 'Example', back: 'Back to the board',
  },
};
export const holidayWords = (l: Language) => WORDS[l];

const EXAMPLE = `year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知
daysOff:
  - { date: 2027-01-01, name: 元旦 }
  - { from: 2027-02-06, to: 2027-02-14, name: 春节 }
workingDays:
  - { date: 2027-02-20, name: 春节 }`;

export interface HolidayPageView {
  lang: Language;
  who: string;
  csrf: string;
  years: YearArrangement[];
  /** What was typed (kept on a refusal). */
  text?: string;
  outcome?: { ok: boolean; lines: string[] };
}

export function holidayPage(v: HolidayPageView): string {
  const hw = holidayWords(v.lang);
  return page(v.lang, hw.title, renderTemplate(`{{ who | safe }}<h1>{{ hw.title }}</h1>
{% if o %}<div class="box {{ 'ok' if o.ok else 'no' }}" id="outcome" role="{{ 'status' if o.ok else 'alert' }}"><strong>{{ hw.done if o.ok else hw.refused }}</strong>
{% for l in o.lines %}<p>{{ l }}</p>{% endfor %}</div>{% endif %}
<p>{{ hw.intro }}</p>
<form method="post" action="/office/holidays"><input type="hidden" name="csrf" value="{{ csrf }}">
<label for="holidays">{{ hw.text }}</label><textarea id="holidays" name="text" rows="12" maxlength="200000" required aria-describedby="example">{{ text }}</textarea>
<button type="submit">{{ hw.load }}</button></form>
<details id="example"><summary>{{ hw.example }}</summary><div class="wrap" tabindex="0" role="region" aria-label="{{ hw.example }}"><pre>{{ example }}</pre></div></details>
<h2>{{ hw.loaded }}</h2>{% if years.length %}<div class="wrap"><table id="years"><thead><tr><th>{{ hw.year }}</th><th>{{ hw.source }}</th><th>{{ hw.daysOff }}</th><th>{{ hw.workingDays }}</th></tr></thead><tbody>
{% for y in years %}<tr data-year="{{ y.year }}"><td>{{ y.year }}</td><td>{{ y.source }}</td><td>{{ y.off }}</td><td>{{ y.on }}</td></tr>{% endfor %}</tbody></table></div>
{% else %}<p class="hint">{{ hw.noYears }}</p>{% endif %}
<p><a href="/office">{{ hw.back }}</a></p>`, {
    hw, who: v.who, csrf: v.csrf, text: v.text ?? '', o: v.outcome, example: EXAMPLE,
    years: v.years.map((y) => ({ year: y.year, source: y.source ?? '', off: Object.keys(y.daysOff).length, on: Object.keys(y.workingDays).length })),
  }));
}

/** The board's link to the page (coordinators only). */
export const holidayLink = (lang: Language): string =>
  renderTemplate('<p><a href="/office/holidays" id="holidays-link">{{ t }}</a></p>', { t: holidayWords(lang).link });
