/**
 * A document as the plain-text body of its mail, from the same blocks as the
 * HTML and the .docx: only the blocks the layout marks for the mail (see
 * Block in ./model.ts). A heading is its line; a paragraph its line and a
 * blank one; a table one `· ` line per row with the columns its `mail` rows
 * give, two spaces apart, then a blank line. The mail ends by pointing at the
 * attachments.
 */
import { DateTime } from 'luxon';
import { T, type Language } from '../domain/i18n';
import type { Block, Doc } from './model';

/** Parts of a mail line, two spaces apart; empty ones left out. */
export const mailLine = (parts: (string | undefined)[]): string => parts.filter(Boolean).join('  ');

/** A local time as mails print it: "2023年7月14日（周五）12:00", "Fri 14 Jul 2023 12:00". */
export const mailDate = (iso: string, zone: string, l: Language): string => {
  const d = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  return l === 'en' ? d.toFormat('ccc d LLL yyyy HH:mm') : d.setLocale('zh-CN').toFormat('yyyy年M月d日（ccc）HH:mm');
};

const inMail = (b: Block): boolean => ('document' in b && b.document === false) || ('mail' in b && b.mail !== undefined);

function lines(b: Block): string[] {
  switch (b.type) {
    case 'h1': case 'h2': case 'h3': return [b.text];
    case 'p': return b.mail === 'blank' ? [''] : [b.mail === 'indented' ? `  ${b.text}` : b.text, ''];
    case 'list': return [...b.items.map((i) => `· ${i}`), ''];
    case 'table': return [...(b.mail ?? []).map(([first, ...rest]) => mailLine([`· ${first}`, ...rest])), ''];
  }
}

export function renderText(doc: Doc): string {
  return [...doc.blocks.filter(inMail).flatMap(lines), T[doc.lang].attached, T[doc.lang].footer].join('\n');
}
