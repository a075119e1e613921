/**
 * HTML for every document, through one nunjucks environment with autoescape
 * on: no item text can inject markup. Printable (A4 styles), self-contained.
 */
import nunjucks from 'nunjucks';
import { documentBlocks, type Doc } from './model';

const env = new nunjucks.Environment(null, { autoescape: true, throwOnUndefined: false });

export const LIGHT_COLOURS = { red: '#d9363e', yellow: '#f2b705', green: '#2e9d4f', grey: '#9e9e9e' } as const;

const STYLE = `
  body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 24px; color: #222; }
  h1 { font-size: 22px; text-align: center; margin: 0 0 4px; }
  .subtitle { text-align: center; color: #555; margin: 0 0 16px; }
  h2 { font-size: 17px; margin: 18px 0 8px; }
  h3 { font-size: 15px; margin: 14px 0 6px; }
  p { line-height: 1.7; margin: 6px 0; overflow-wrap: anywhere; }
  p.item, p.opening, p.completion, p.closing { text-indent: 2em; }
  p.signature { text-align: right; margin: 2px 0; }
  table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 6px 0 12px; font-size: 13px; }
  th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
  th { background: #eef1f5; }
  td.light-red { background: ${LIGHT_COLOURS.red}; color: #fff; }
  td.light-yellow { background: ${LIGHT_COLOURS.yellow}; color: #000; }
  td.light-green { background: ${LIGHT_COLOURS.green}; color: #fff; }
  td.light-grey { background: #e0e0e0; color: #555; }
  @page { size: A4 landscape; margin: 15mm; }
  @media print { body { margin: 0; } }
`;

const DOC = `<!DOCTYPE html>
<html lang="{{ 'en' if doc.lang == 'en' else 'zh-CN' }}"><head><meta charset="utf-8"><title>{{ doc.title }}</title>
<style>{{ style | safe }}</style></head>
<body data-kind="{{ doc.kind }}">
<h1>{{ doc.title }}</h1>{% if doc.subtitle %}<p class="subtitle">{{ doc.subtitle }}</p>{% endif %}
{% for b in doc.blocks %}
{% if b.type == 'h1' or b.type == 'h2' or b.type == 'h3' %}<{{ b.type }}>{{ b.text }}</{{ b.type }}>
{% elif b.type == 'p' %}<p{% if b.cls %} class="{{ b.cls }}"{% endif %}>{{ b.text }}</p>
{% elif b.type == 'list' %}<ol>{% for i in b.items %}<li>{{ i }}</li>{% endfor %}</ol>
{% elif b.type == 'table' %}<table{% if b.id %} id="{{ b.id }}"{% endif %}{% if b.cls %} class="{{ b.cls }}"{% endif %}>
<thead><tr>{% for h in b.head %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in b.rows %}<tr>{% for c in row %}{% if c.text is defined %}<td{% if c.light %} class="light-{{ c.light }}" data-light="{{ c.light }}"{% endif %}>{{ c.text }}</td>{% else %}<td>{{ c }}</td>{% endif %}{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% endif %}
{% endfor %}
</body></html>
`;

export function renderHtml(doc: Doc): string {
  return env.renderString(DOC, { doc: { ...doc, blocks: documentBlocks(doc) }, style: STYLE });
}

/** Renders any template of this layer (the chart uses it) with autoescape on. */
export function renderTemplate(template: string, context: object): string {
  return env.renderString(template, context);
}
