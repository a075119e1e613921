/**
 * Characters that text from people may not carry, and how output shows those already on record.
 *
 * Refused everywhere (update payloads, campaign files and ledgers, file names): C0 control characters
 * (a terminal takes ESC sequences from them: clear the screen, rewrite a line, set the title), DEL, C1
 * controls, and the bidirectional-text controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069
 * isolates, U+200E/U+200F marks, U+061C), which make text display in another order than it is stored:
 * `\u202Egnp.exe.pdf` shows as `fdp.exe.png`. Also U+2028/U+2029, which some viewers take as line ends.
 * Text of several lines (a progress report, a problem) may hold line feeds and tabs; a carriage return
 * only before a line feed (a browser sends a textarea's line ends as CRLF). One-line text (names, ids,
 * titles, units, evidence, file names) holds neither.
 *
 * Pure (no Node): the payload schemas that use it run in workflows.
 */

/** Never accepted: C0 but TAB, LF and CR; DEL and C1; bidi controls; line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- control characters are what these look for
const NEVER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;
/** Not in one-line text: TAB, LF, CR. */
const LINE_BREAKS = /[\t\n\r]/u;
/** A CR that is not part of a CRLF. */
const LONE_CR = /\r(?!\n)/u;

/** `U+202E`. */
export const codePoint = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a text's characters: the first character refused, and whether it is a line break in one-line text. */
export interface UnsafeCharacter {
  codePoint: string;
  lineBreak: boolean;
}

/** The first character `text` may not hold, or undefined. `multiline`: a text of several lines (LF, TAB, CRLF allowed). */
export function unsafeCharacter(text: string, multiline: boolean): UnsafeCharacter | undefined {
  const never = NEVER.exec(text);
  if (never) return { codePoint: codePoint(never[0]), lineBreak: false };
  const cr = LONE_CR.exec(text);
  if (multiline) return cr ? { codePoint: codePoint(cr[0]), lineBreak: false } : undefined;
  const br = LINE_BREAKS.exec(text);
  return br ? { codePoint: codePoint(br[0]), lineBreak: true } : undefined;
}

/** The refusal, in English (campaign files) or Chinese: `contains U+202E (a control or bidirectional-text character)…`. */
export function unsafeCharacterMessage(bad: UnsafeCharacter, lang: 'zh' | 'en' = 'en'): string {
  if (bad.lineBreak) {
    return lang === 'zh' ? `只能写一行：不能含换行符或制表符（${bad.codePoint}）` : `must be one line: no line break or tab (${bad.codePoint})`;
  }
  return lang === 'zh'
    ? `含有不允许的字符 ${bad.codePoint}（控制字符或双向文本控制符）`
    : `contains the character ${bad.codePoint}, which is not allowed (a control or bidirectional-text character)`;
}

const NEVER_ALL = new RegExp(NEVER.source, 'gu');

/**
 * The text without the characters it may not hold (one-line: without line breaks and tabs either, each
 * becoming a space): for names taken from elsewhere that are cleaned rather than refused, such as an
 * uploaded file's name (`\u202Egnp.exe.pdf` → `gnp.exe.pdf`).
 */
export function withoutUnsafe(text: string, multiline = false): string {
  const kept = text.replace(NEVER_ALL, '');
  return multiline ? kept.replace(/\r(?!\n)/g, '') : kept.replace(/[\t\n\r]+/g, ' ');
}

// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const SHOWN_ESCAPED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/gu;

/**
 * Text as a terminal or a table may show it: each character that is refused now (and may be on record
 * from before) written as a visible escape (`\u202E`, `\u001B`), so that it can neither move the cursor
 * nor reorder the line. `oneLine`: line breaks too become ` ⏎ ` (a record's line must not look like
 * two entries).
 */
export function displaySafe(text: string, oneLine = true): string {
  const lines = text.replace(/\r\n/g, '\n');
  return (oneLine ? lines.replace(/\n/g, ' ⏎ ') : lines).replace(SHOWN_ESCAPED, (ch) => `\\u${codePoint(ch).slice(2)}`);
}
