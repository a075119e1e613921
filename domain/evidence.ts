/**
 * An evidence reference (佐证材料) as the item's record keeps it, and what the
 * upload check found in the file. A reference is one line of text: a document
 * number, a link, or an uploaded file `name [upload:REL]`, followed by
 * `[flags:a,b]` when the file was accepted with something for the reviewer
 * to look at (a PDF that runs JavaScript on opening, a Word file with an
 * embedded object). The flags are codes in the record, words where they are
 * shown: to the reviewer (packet, office page, `closeout review`) as a
 * warning beside the file; to the contact not at all (their file was
 * accepted, nothing for them to mend). References written before flags
 * existed read as references without flags. Pure.
 */
import type { Language } from './i18n';

/** What a file may carry that a reviewer should know before opening it. */
const FLAGS = {
  'auto-action': ['含自动执行动作（打开文档或页面时触发）', 'runs actions by itself (on opening the file or a page)'],
  javascript: ['含 JavaScript 脚本', 'contains JavaScript'],
  launch: ['含启动外部程序的动作', 'can launch other programs'],
  'embedded-file': ['含嵌入的附件文件', 'carries embedded files'],
  'rich-media': ['含富媒体（Flash、视频等）', 'contains rich media (Flash, video)'],
  xfa: ['含 XFA 动态表单', 'contains an XFA form'],
  encrypted: ['已加密（内容未能全部检查）', 'encrypted (not all of it could be checked)'],
  unchecked: ['部分内容未能检查', 'part of it could not be checked'],
  'embedded-object': ['含嵌入对象（双击可运行其中内容）', 'contains embedded objects (a double click runs them)'],
  'external-content': ['引用外部内容（打开时可能联网加载）', 'refers to outside content (may load it from the network on opening)'],
} satisfies Record<string, [string, string]>;

export type EvidenceFlag = keyof typeof FLAGS;
export const EVIDENCE_FLAGS = Object.keys(FLAGS) as EvidenceFlag[];

const FLAGS_TAIL = /\s\[flags:([a-z0-9,-]+)\]$/;
const UPLOAD = /\[upload:([^\]\s]+)\]/;

export interface EvidenceRef {
  /** The reference without its flags (what the contact wrote, or `name [upload:REL]`). */
  text: string;
  /** The stored file, relative to the uploads folder, for uploaded files. */
  upload?: string;
  flags: string[];
}

/** The reference recorded for an uploaded file kept as `rel` under the uploads folder. */
export function uploadRef(name: string, rel: string, flags: readonly EvidenceFlag[] = []): string {
  const unique = [...new Set(flags)];
  return `${name} [upload:${rel}]${unique.length ? ` [flags:${unique.join(',')}]` : ''}`;
}

export function readEvidenceRef(ref: string): EvidenceRef {
  const tail = FLAGS_TAIL.exec(ref);
  const text = tail ? ref.slice(0, tail.index) : ref;
  const upload = UPLOAD.exec(text)?.[1];
  return { text, ...(upload ? { upload } : {}), flags: tail ? tail[1].split(',').filter(Boolean) : [] };
}

/** What a reference is called where it is shown as a link: an uploaded file's name as given (without its place), else its text. */
export const evidenceName = (r: EvidenceRef): string => (r.upload ? r.text.replace(/\s*\[upload:[^\]]*\]\s*$/, '') || r.upload : r.text);

/** A flag in words; a code this version does not know is shown as it is. */
export const flagLabel = (flag: string, lang: Language): string => {
  const pair = (FLAGS as Record<string, [string, string]>)[flag];
  return pair ? pair[lang === 'en' ? 1 : 0] : flag;
};

/** The warning shown beside a flagged file, e.g. `⚠ 含自动执行动作…；含 JavaScript 脚本`; empty when there is none. */
export const flagWarning = (flags: readonly string[], lang: Language): string =>
  (flags.length ? `⚠ ${flags.map((f) => flagLabel(f, lang)).join(lang === 'en' ? '; ' : '；')}` : '');

/** The reference as the reviewer reads it: with its warning, if any. */
export function evidenceForReviewer(ref: string, lang: Language): string {
  const r = readEvidenceRef(ref);
  return r.flags.length ? `${r.text} ${flagWarning(r.flags, lang)}` : r.text;
}

/** The reference as the contact who gave it reads it (receipts, the form page): without the flags. */
export const evidenceForContact = (ref: string): string => readEvidenceRef(ref).text;

/** A reference split for display: its text and the warning beside it (empty when none). */
export const evidenceView = (ref: string, lang: Language): { text: string; warning: string } => {
  const r = readEvidenceRef(ref);
  return { text: r.text, warning: flagWarning(r.flags, lang) };
};

/** Every evidence reference of a close-out, the four dimensions in order. */
export const closeoutEvidence = (c: { solved: { evidence: string[] }; accountability: { evidence: string[] }; similarCases: { evidence: string[] }; mechanism: { evidence: string[] } }): string[] =>
  [c.solved, c.accountability, c.similarCases, c.mechanism].flatMap((d) => d.evidence);

/** The flagged references among these, as the reviewer reads them. */
export const flaggedForReviewer = (refs: readonly string[], lang: Language): string[] =>
  refs.filter((r) => readEvidenceRef(r).flags.length).map((r) => evidenceForReviewer(r, lang));
