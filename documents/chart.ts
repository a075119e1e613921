/**
 * 挂图作战: the wall chart as one HTML page. Items are rows grouped by lead unit
 * (or section), each group collapsible (<details>); the campaign's days are the
 * columns with dekads and months marked; each item's bar runs from the start
 * to its deadline in the light's colour, with its progress, milestones and
 * deadline; today's line crosses every group; closed items are grey.
 * Positions are percentages of the span, so 40 rows and 700 rows lay out alike.
 */
import { DateTime } from 'luxon';
import { lightLabel, stateLabel } from '../domain/i18n';
import { LIGHT_COLOURS, renderTemplate } from './html';
import type { CampaignState, StateItem } from './state';

const TEMPLATE = `<!DOCTYPE html>
<html lang="{{ 'en' if lang == 'en' else 'zh-CN' }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; margin: 12px; font-size: 12px; color: #222; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  .legend span { display: inline-block; margin-right: 12px; }
  .legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; }
  .legend i.key-ms { width: 8px; height: 8px; background: #333; transform: rotate(45deg); margin: 0 6px 0 3px; }
  .legend i.key-ms.delivered { background: #fff; border: 1px solid #333; box-sizing: border-box; }
  .legend i.key-dl { width: 0; height: 14px; border-left: 3px solid #000; }
  .legend i.key-done { background: linear-gradient(90deg, rgba(0,0,0,.35) 50%, transparent 50%), #2e9d4f; }
  .chart { min-width: {{ minWidth }}px; }
  .row { display: flex; align-items: stretch; border-bottom: 1px solid #eee; min-height: 20px; }
  .label { flex: 0 0 300px; width: 300px; padding: 2px 6px; box-sizing: border-box; overflow-wrap: anywhere; word-break: break-word; }
  .lane { flex: 1 1 auto; position: relative; overflow: hidden; }
  .head .lane { height: 34px; }
  .month { position: absolute; top: 0; height: 100%; border-left: 1px solid #555; padding-left: 3px; font-weight: bold; white-space: nowrap; }
  .dekad { position: absolute; top: 16px; height: 18px; border-left: 1px dashed #aaa; padding-left: 2px; color: #666; white-space: nowrap; }
  .grid { position: absolute; top: 0; bottom: 0; border-left: 1px dashed #ddd; }
  .grid.m { border-left: 1px solid #bbb; }
  .today { position: absolute; top: 0; bottom: 0; border-left: 2px solid #1565c0; z-index: 3; }
  .bar { position: absolute; top: 4px; height: 12px; border-radius: 2px; opacity: .85; }
  .bar .done { position: absolute; left: 0; top: 0; bottom: 0; background: rgba(0,0,0,.35); }
  .row.closed .label { color: #888; }
  .ms { position: absolute; top: 3px; width: 10px; height: 10px; margin-left: -5px; transform: rotate(45deg); background: #333; z-index: 2; }
  .ms.delivered { background: #fff; border: 1px solid #333; }
  .dl { position: absolute; top: 1px; height: 18px; border-left: 3px solid #000; z-index: 2; }
  details > summary { cursor: pointer; background: #eef1f5; padding: 3px 6px; font-weight: bold; }
  .counts { color: #555; font-weight: normal; }
</style></head>
<body>
<h1>{{ title }}</h1>
<p class="legend">{{ asOf }} ·
{% for l in legend %}<span><i style="background: {{ l.colour }}"></i>{{ l.label }}</span>{% endfor %}
{% for k in marks %}<span><i class="key-{{ k.key }}"></i>{{ k.label }}</span>{% endfor %}
<span><i style="background: #1565c0; width: 2px"></i>{{ todayLabel }}</span></p>
<div class="chart">
<div class="row head"><div class="label">{{ groupLabel }}</div><div class="lane">
{% for m in months %}{% if m.shown %}<div class="month" style="left: {{ m.left }}%">{{ m.label }}</div>{% endif %}{% endfor %}
{% if dekadLabels %}{% for d in dekads %}{% if d.left <= 97 %}<div class="dekad" style="left: {{ d.left }}%">{{ d.label }}</div>{% endif %}{% endfor %}{% endif %}
</div></div>
{% for g in groups %}
<details class="group" open data-group="{{ g.name }}"><summary>{{ g.name }} <span class="counts">{{ g.summary }}</span></summary>
{% for r in g.rows %}
<div class="row{% if r.closed %} closed{% endif %}" data-item="{{ r.id }}" data-light="{{ r.light }}">
<div class="label">{{ r.id }} {{ r.title }} <span class="counts">{{ r.note }}</span></div>
<div class="lane">
{% for d in dekads %}<div class="grid{% if d.month %} m{% endif %}" style="left: {{ d.left }}%"></div>{% endfor %}
<div class="today" style="left: {{ today }}%"></div>
<div class="bar" style="left: {{ r.left }}%; width: {{ r.width }}%; background: {{ r.colour }}" title="{{ r.tip }}"><div class="done" style="width: {{ r.percent }}%"></div></div>
{% for m in r.milestones %}<div class="ms{% if m.delivered %} delivered{% endif %}" style="left: {{ m.left }}%" title="{{ m.tip }}"></div>{% endfor %}
<div class="dl" style="left: {{ r.deadline }}%" title="{{ r.deadlineTip }}"></div>
</div></div>
{% endfor %}
</details>
{% endfor %}
</div>
</body></html>
`;

/** Where everything sits (percent of the span) and what it says: shared by the HTML and the SVG chart. */
export function chartModel(s: CampaignState, groupBy: 'unit' | 'section' = 'unit') {
  const l = s.lang;
  const zone = s.campaign.timeZone;
  const start = DateTime.fromISO(s.campaign.start, { zone }).startOf('day');
  const lastDay = [s.campaign.concentratedEnd, s.asOf.date, ...s.items.map((i) => i.deadline)].sort().at(-1)!;
  const end = DateTime.fromISO(lastDay, { zone }).plus({ days: 3 }).startOf('day');
  const span = end.diff(start, 'days').days;
  const pos = (iso: string, endOfDay = false): number => {
    const d = DateTime.fromISO(iso, { zone }).startOf('day').plus({ days: endOfDay ? 1 : 0 });
    return Math.max(0, Math.min(100, Math.round((d.diff(start, 'days').days / span) * 10000) / 100));
  };
  const months: MonthLabel[] = [];
  const dekads: { left: number; label: string; month: boolean }[] = [];
  for (let d = start; d < end; d = d.plus({ days: 1 })) {
    if (d.day === 1 || d.equals(start)) {
      // The year where it starts and at each January; the other months by their name alone.
      const major = d.equals(start) || d.month === 1;
      months.push({ left: pos(d.toISODate()!), shown: true, major, label: l === 'en' ? d.toFormat(major ? 'LLL yyyy' : 'LLL') : d.toFormat(major ? 'yyyy年M月' : 'M月') });
    }
    if (d.day === 1 || d.day === 11 || d.day === 21) {
      dekads.push({ left: pos(d.toISODate()!), month: d.day === 1, label: l === 'en' ? ['early', 'mid', 'late'][Math.floor((d.day - 1) / 10)] : ['上旬', '中旬', '下旬'][Math.floor((d.day - 1) / 10)] });
    }
  }
  // The lane is never narrower than this (below it the page scrolls sideways): 24 px a month, 600 px at least.
  const monthsSpanned = Math.max(1, span / 30.44);
  const laneMin = Math.max(600, Math.ceil(monthsSpanned * 24));
  const row = (i: StateItem) => {
    const closed = i.state === 'closed' || i.state === 'continuing';
    const left = pos(s.campaign.start);
    const deadline = pos(i.deadline, true);
    return {
      id: i.id, title: i.title ?? '', light: closed ? 'grey' : i.light, closed,
      colour: closed ? LIGHT_COLOURS.grey : LIGHT_COLOURS[i.light], left, width: Math.max(0.5, deadline - left), deadline, percent: i.percent,
      note: `${stateLabel(i.state, l)} ${i.percent}%`,
      tip: `${i.id} ${i.leadUnit} ${stateLabel(i.state, l)} ${lightLabel(i.light, l)} ${i.percent}%`,
      deadlineTip: `${l === 'en' ? 'deadline' : '整改时限'} ${i.deadline}`,
      milestones: i.milestones.map((m) => ({ left: pos(m.date, true), delivered: m.delivered, tip: `${m.date} ${m.deliverable}${m.delivered ? ' ✓' : ''}` })),
    };
  };
  const groups = (groupBy === 'unit' ? s.byUnit : s.sections).map((g) => ({
    name: g.name,
    summary: l === 'en' ? `${g.counts.total} items, ${g.counts.red} red, ${g.counts.yellow} yellow, ${g.counts.rate}`
      : `${g.counts.total} 项，红灯 ${g.counts.red}，黄灯 ${g.counts.yellow}，完成率 ${g.counts.rate}`,
    rows: g.items.map(row),
  }));
  return {
    lang: l,
    title: l === 'en' ? `${s.campaign.name}: wall chart` : `${s.campaign.name}挂图作战图`,
    asOf: s.asOf.date, todayLabel: l === 'en' ? 'today' : '今天', groupLabel: groupBy === 'unit' ? (l === 'en' ? 'lead unit / item' : '牵头单位 / 事项') : (l === 'en' ? 'section / item' : '问题类别 / 事项'),
    legend: (['red', 'yellow', 'green', 'grey'] as const).map((k) => ({ colour: LIGHT_COLOURS[k], label: k === 'grey' ? (l === 'en' ? 'closed' : '已销号') : lightLabel(k, l) })),
    marks: [
      { key: 'ms', label: l === 'en' ? 'milestone' : '节点' }, { key: 'ms delivered', label: l === 'en' ? 'milestone delivered' : '节点已完成' },
      { key: 'dl', label: l === 'en' ? 'deadline' : '整改时限' }, { key: 'done', label: l === 'en' ? 'dark part: percent complete' : '深色部分：完成进度' },
    ],
    months: placeLabels(months, laneMin), allMonths: months, dekads, today: pos(s.asOf.date), groups, monthsSpanned,
    // 上旬/中旬/下旬 under each month only when a month is wide enough for three labels.
    dekadLabels: laneMin / monthsSpanned >= 84, minWidth: 324 + laneMin,
  };
}

/** About how wide a label is drawn at 12 px: a CJK character an em, others a little over half. */
export function labelWidth(text: string, px = 12): number {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\uFFFF]/.test(ch) ? px : px * 0.6;
  return w;
}

interface MonthLabel { left: number; label: string; shown: boolean; major: boolean }

/**
 * Which month labels are shown on a lane `lanePx` wide: those with the year first, then the others
 * where they do not run into one already shown; none runs past the lane's end.
 */
function placeLabels(labels: MonthLabel[], lanePx: number, gapPx = 6): MonthLabel[] {
  const taken: [number, number][] = [];
  const fits = (a: number, b: number): boolean => b <= lanePx && taken.every(([x, y]) => b + gapPx <= x || a >= y + gapPx);
  const shown = new Set<MonthLabel>();
  for (const major of [true, false]) {
    for (const m of labels.filter((x) => x.major === major)) {
      const a = (m.left / 100) * lanePx;
      const b = a + labelWidth(m.label) + 3;
      if (fits(a, b)) { taken.push([a, b]); shown.add(m); }
    }
  }
  return labels.map((m) => ({ ...m, shown: shown.has(m) }));
}

export function renderChart(s: CampaignState, groupBy: 'unit' | 'section' = 'unit'): string {
  return renderTemplate(TEMPLATE, chartModel(s, groupBy));
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ height }}" viewBox="0 0 {{ width }} {{ height }}" font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif" font-size="12">
<title>{{ title }}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="8" y="22" font-size="18" font-weight="bold">{{ title }}</text>
<text x="8" y="42" fill="#555">{{ asOf }}</text>
<g class="legend">{% for k in keys %}<g transform="translate({{ k.x }} 32)">{% if k.colour %}<rect width="14" height="10" fill="{{ k.colour }}"/>{% elif k.key == 'ms' %}<rect x="2" y="1" width="7" height="7" fill="#333" transform="rotate(45 5.5 4.5)"/>{% elif k.key == 'ms delivered' %}<rect x="2" y="1" width="7" height="7" fill="#fff" stroke="#333" transform="rotate(45 5.5 4.5)"/>{% elif k.key == 'dl' %}<line x1="5" y1="-2" x2="5" y2="12" stroke="#000" stroke-width="3"/>{% elif k.key == 'done' %}<rect width="14" height="10" fill="#2e9d4f"/><rect width="7" height="10" fill="#000" opacity="0.3"/>{% else %}<line x1="5" y1="-2" x2="5" y2="12" stroke="#1565c0" stroke-width="2"/>{% endif %}<text x="18" y="10">{{ k.label }}</text></g>{% endfor %}</g>
{% for m in allMonths %}<line x1="{{ m.x }}" y1="52" x2="{{ m.x }}" y2="{{ height }}" stroke="#bbb"/>{% endfor %}
{% for m in months %}{% if m.shown %}<text class="month" x="{{ m.x + 3 }}" y="64" font-weight="bold">{{ m.label }}</text>{% endif %}{% endfor %}
{% for d in dekads %}{% if not d.month %}<line x1="{{ d.x }}" y1="68" x2="{{ d.x }}" y2="{{ height }}" stroke="#ddd" stroke-dasharray="3,3"/>{% endif %}{% if dekadLabels and d.left <= 97 %}<text x="{{ d.x + 2 }}" y="80" fill="#666" font-size="10">{{ d.label }}</text>{% endif %}{% endfor %}
{% for line in lines %}{% if line.group %}<rect x="0" y="{{ line.y }}" width="{{ width }}" height="22" fill="#eef1f5"/><text x="8" y="{{ line.y + 15 }}" font-weight="bold">{{ line.text }}</text>
{% else %}<g data-item="{{ line.r.id }}" data-light="{{ line.r.light }}"><title>{{ line.r.id }} {{ line.r.title }} · {{ line.r.tip }}</title>
<text x="8" y="{{ line.y + 15 }}"{% if line.r.closed %} fill="#888"{% endif %}>{{ line.text }}</text>
<rect x="{{ line.barX }}" y="{{ line.y + 5 }}" width="{{ line.barW }}" height="12" rx="2" fill="{{ line.r.colour }}" opacity="0.85"/>
<rect x="{{ line.barX }}" y="{{ line.y + 5 }}" width="{{ line.doneW }}" height="12" fill="#000" opacity="0.3"/>
{% for m in line.ms %}<rect x="{{ m.x - 5 }}" y="{{ line.y + 6 }}" width="9" height="9" fill="#333" transform="rotate(45 {{ m.x }} {{ line.y + 11 }})"><title>{{ m.tip }}</title></rect>{% endfor %}
<line x1="{{ line.dlX }}" y1="{{ line.y + 2 }}" x2="{{ line.dlX }}" y2="{{ line.y + 20 }}" stroke="#000" stroke-width="3"><title>{{ line.r.deadlineTip }}</title></line></g>
{% endif %}{% endfor %}
<line x1="{{ todayX }}" y1="52" x2="{{ todayX }}" y2="{{ height }}" stroke="#1565c0" stroke-width="2"/><text x="{{ todayX + 3 }}" y="{{ height - 4 }}" fill="#1565c0">{{ todayLabel }}</text>
</svg>
`;

/** The wall chart as one SVG (for print shops and slides): every group open, labels shortened to their column (full text as a tooltip). */
export function renderChartSvg(s: CampaignState, groupBy: 'unit' | 'section' = 'unit'): string {
  const m = chartModel(s, groupBy);
  const labelW = 360;
  const laneW = 1220;
  const x = (pct: number): number => Math.round((labelW + (pct / 100) * laneW) * 10) / 10;
  const fit = (t: string, room = labelW): string => {
    let out = '';
    for (const ch of t) {
      if (labelWidth(out + ch) > room - 20) return `${out}…`;
      out += ch;
    }
    return out;
  };
  let y = 88;
  const lines: object[] = [];
  for (const g of m.groups) {
    // A group's header has the whole width: its name and counts are not cut.
    lines.push({ group: true, y, text: fit(`${g.name}  ${g.summary}`, labelW + laneW) });
    y += 24;
    for (const r of g.rows) {
      lines.push({
        group: false, y, r, text: fit(`${r.id} ${r.title}`), barX: x(r.left), barW: Math.max(2, x(r.left + r.width) - x(r.left)),
        doneW: Math.round(((x(r.left + r.width) - x(r.left)) * r.percent) / 10) / 10, dlX: x(r.deadline), ms: r.milestones.map((ms) => ({ ...ms, x: x(ms.left) })),
      });
      y += 22;
    }
  }
  // The legend in one row after the date: the lights, the marks, today.
  let kx = 160;
  const keys = [...m.legend, ...m.marks, { key: 'today', label: m.todayLabel }].map((k) => {
    const at = kx;
    kx += 18 + labelWidth(k.label) + 16;
    return { ...k, x: at };
  });
  return renderTemplate(SVG, {
    ...m, width: Math.max(labelW + laneW + 20, Math.ceil(kx)), height: y + 20, lines, todayX: x(m.today), keys,
    months: placeLabels(m.allMonths, laneW).map((mo) => ({ ...mo, x: x(mo.left) })), allMonths: m.allMonths.map((mo) => ({ ...mo, x: x(mo.left) })),
    dekads: m.dekads.map((d) => ({ ...d, x: x(d.left) })), dekadLabels: laneW / m.monthsSpanned >= 84,
  });
}
