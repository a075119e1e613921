/** Markdown for a document (the announcement as a plain text people paste into a web page). */
import { cellText, documentBlocks, type Doc } from './model';

const esc = (s: string): string => s.replace(/([\\`*_[\]#<>|])/g, '\\$1');

export function renderMarkdown(doc: Doc): string {
  const out: string[] = [`# ${esc(doc.title)}`, ''];
  if (doc.subtitle) out.push(esc(doc.subtitle), '');
  for (const b of documentBlocks(doc)) {
    if (b.type === 'h1' || b.type === 'h2' || b.type === 'h3') out.push(`${'#'.repeat(Number(b.type[1]))} ${esc(b.text)}`, '');
    else if (b.type === 'p') out.push(b.cls === 'topic' ? `**${esc(b.text)}**` : esc(b.text), '');
    else if (b.type === 'list') out.push(...b.items.map((t, n) => `${n + 1}. ${esc(t)}`), '');
    else if (b.type === 'table') {
      const row = (cells: string[]) => `| ${cells.map((c) => esc(c).replace(/\n/g, '<br>')).join(' | ')} |`;
      out.push(row(b.head), `|${b.head.map(() => ' --- ').join('|')}|`, ...b.rows.map((r) => row(r.map(cellText))), '');
    }
  }
  return out.join('\n');
}
