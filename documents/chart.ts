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
  .chart { min-width: 900px; }
  .row { display: flex; align-items: stretch; border-bottom: 1px solid #eee; min-height: 20px; }
  .label { flex: 0 0 300px; width: 300px; padding: 2px 6px; box-sizing: border-box; overflow-wrap: anywhere; word-break: break-word; }
  .lane { flex: 1 1 auto; position: relative; }
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
<span><i style="background: #1565c0; width: 2px"></i>{{ todayLabel }}</span></p>
<div class="chart">
<div class="row head"><div class="label">{{ groupLabel }}</div><div class="lane">
{% for m in months %}<div class="month" style="left: {{ m.left }}%">{{ m.label }}</div>{% endfor %}
{% for d in dekads %}<div class="dekad" style="left: {{ d.left }}%">{{ d.label }}</div>{% endfor %}
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
  const months: { left: number; label: string }[] = [];
  const dekads: { left: number; label: string; month: boolean }[] = [];
  for (let d = start; d < end; d = d.plus({ days: 1 })) {
    if (d.day === 1 || d.equals(start)) months.push({ left: pos(d.toISODate()!), label: l === 'en' ? d.toFormat('LLL yyyy') : d.toFormat('yyyy年M月') });
    if (d.day === 1 || d.day === 11 || d.day === 21) {
      dekads.push({ left: pos(d.toISODate()!), month: d.day === 1, label: l === 'en' ? ['early', 'mid', 'late'][Math.floor((d.day - 1) / 10)] : ['上旬', '中旬', '下旬'][Math.floor((d.day - 1) / 10)] });
    }
  }
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
    months, dekads, today: pos(s.asOf.date), groups,
  };
}

export function renderChart(s: CampaignState, groupBy: 'unit' | 'section' = 'unit'): string {
  return renderTemplate(TEMPLATE, chartModel(s, groupBy));
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="{{ width }}" height="{{ height }}" viewBox="0 0 {{ width }} {{ height }}" font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif" font-size="12">
<title>{{ title }}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="8" y="22" font-size="18" font-weight="bold">{{ title }}</text>
<text x="8" y="42" fill="#555">{{ asOf }}</text>
{% for l in legend %}<rect x="{{ 380 + loop.index0 * 90 }}" y="32" width="14" height="10" fill="{{ l.colour }}"/><text x="{{ 398 + loop.index0 * 90 }}" y="42">{{ l.label }}</text>{% endfor %}
{% for m in months %}<line x1="{{ m.x }}" y1="52" x2="{{ m.x }}" y2="{{ height }}" stroke="#bbb"/><text x="{{ m.x + 3 }}" y="64" font-weight="bold">{{ m.label }}</text>{% endfor %}
{% for d in dekads %}{% if not d.month %}<line x1="{{ d.x }}" y1="68" x2="{{ d.x }}" y2="{{ height }}" stroke="#ddd" stroke-dasharray="3,3"/>{% endif %}<text x="{{ d.x + 2 }}" y="80" fill="#666" font-size="10">{{ d.label }}</text>{% endfor %}
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
  const fit = (t: string): string => {
    // A CJK character is about one em (12px), other characters about half.
    let w = 0;
    let out = '';
    for (const ch of t) {
      w += /[\u2E80-\uFFFF]/.test(ch) ? 12 : 7;
      if (w > labelW - 20) return `${out}…`;
      out += ch;
    }
    return out;
  };
  let y = 88;
  const lines: object[] = [];
  for (const g of m.groups) {
    lines.push({ group: true, y, text: fit(`${g.name}  ${g.summary}`) });
    y += 24;
    for (const r of g.rows) {
      lines.push({
        group: false, y, r, text: fit(`${r.id} ${r.title}`), barX: x(r.left), barW: Math.max(2, x(r.left + r.width) - x(r.left)),
        doneW: Math.round(((x(r.left + r.width) - x(r.left)) * r.percent) / 10) / 10, dlX: x(r.deadline), ms: r.milestones.map((ms) => ({ ...ms, x: x(ms.left) })),
      });
      y += 22;
    }
  }
  return renderTemplate(SVG, {
    ...m, width: labelW + laneW + 20, height: y + 20, lines, todayX: x(m.today),
    months: m.months.map((mo) => ({ ...mo, x: x(mo.left) })), dekads: m.dekads.map((d) => ({ ...d, x: x(d.left) })),
  });
}
