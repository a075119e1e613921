/**
 * What an uploaded evidence file is, beyond its name and first bytes: the one
 * per-file check of the form's uploads. It reads the file from disk (the
 * upload is on disk by then), bounded, and answers accepted, accepted with
 * flags for the reviewer, or refused with a reason naming the file.
 *
 * - .docx/.xlsx: the zip's directory is read first (entry count and unpacked
 *   sizes as the directory gives them: a zip bomb is refused before anything
 *   is inflated), then [Content_Types].xml and the relationship parts through
 *   an XML parser (so an attribute written with character references reads as
 *   Word reads it), and the text parts and sheets as streams, for DDE. The main part must be what the extension says (an
 *   .xlsx renamed .docx is refused); macros (VBA, Excel 4 macro sheets) and
 *   ActiveX are refused, and so are DDE fields and formulas (they run other
 *   programs); altChunk (foreign content Word converts on opening:
 *   RTF, HTML, MHT) is refused, since it is converted by Word, unchecked by us,
 *   and disappears when the file is saved again in Word; embedded OLE objects
 *   and packages are flagged, not refused (an Excel table embedded in a Word
 *   report is everyday office work; running one takes a double click, which
 *   the reviewer can then decline); external relationships other than
 *   hyperlinks (remote templates, linked pictures, external workbooks and DDE
 *   links) are flagged: the reviewer's Office would load them when opening.
 * - .doc/.xls (OLE compound files): refused. The binary formats carry macros
 *   that cannot be found without parsing the whole compound file, and every
 *   office suite in use saves .docx/.xlsx/PDF ("另存为") in one step.
 * - .pdf: the bytes are scanned for the names of actions and active content
 *   (/OpenAction, /AA, /JavaScript, /JS, /Launch, /EmbeddedFile, /RichMedia,
 *   /XFA), with #xx escapes decoded (`/J#61vaScript` is /JavaScript), and so
 *   are the compressed object streams (/ObjStm, where PDF 1.5+ keeps most
 *   dictionaries); found ones are flagged. A lexical scan and not a PDF
 *   library: it reads every byte, also of a file a parser would give up on.
 * - .png/.jpg: the first bytes.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { streamXmlPart, type XmlHandlers } from '../domain/zip-xml';
import type { Language } from '../domain/i18n';
import type { EvidenceFlag } from '../domain/evidence';

export type EvidenceVerdict = { ok: true; flags: EvidenceFlag[] } | { ok: false; reason: string };

/** Extension → the bytes such a file starts with. */
const MAGIC: Record<string, number[]> = {
  pdf: [0x25, 0x50, 0x44, 0x46, 0x2d],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpg: [0xff, 0xd8, 0xff],
  jpeg: [0xff, 0xd8, 0xff],
  docx: [0x50, 0x4b, 0x03, 0x04],
  xlsx: [0x50, 0x4b, 0x03, 0x04],
};
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The extensions the form takes. */
export const EVIDENCE_TYPES = Object.keys(MAGIC);
/** Old Office formats: named so the refusal can say what to send instead. */
const OLD_OFFICE: Record<string, string> = { doc: 'docx', xls: 'xlsx', ppt: 'pdf', docm: 'docx', xlsm: 'xlsx' };

/** Bounds of a zip read from its directory, before anything is inflated. */
export const ZIP_LIMITS = {
  entries: 10_000,
  unpackedBytes: 200 * 1048576,
  /** Each XML part read ([Content_Types].xml, *.rels), and all of them together. */
  partBytes: 2 * 1048576,
  partsBytes: 16 * 1048576,
};
/** Bounds of the PDF scan's object streams (beyond them the file is flagged as not fully checked). */
const PDF_LIMITS = { objectStreams: 5000, inflatedBytes: 64 * 1048576, streamBytes: 16 * 1048576 };

const MAIN_TYPES: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
};
/** Other OOXML kinds a file may turn out to be (an .xlsx renamed .docx). */
const OTHER_KINDS: [RegExp, string][] = [
  [/wordprocessingml\.(document|template)/i, 'docx'], [/spreadsheetml\.(sheet|template)/i, 'xlsx'],
  [/presentationml\./i, 'pptx'], [/ms-word\./i, 'docm'], [/ms-excel\./i, 'xlsm'], [/ms-powerpoint\./i, 'pptm'],
];

const say = (lang: Language, zh: string, en: string): string => (lang === 'en' ? en : zh);
const refuse = (reason: string): EvidenceVerdict => ({ ok: false, reason });

export const notAccepted = (name: string, lang: Language): string => say(lang,
  `${name}：不支持的文件类型（可上传 ${EVIDENCE_TYPES.join('、')}）`, `${name}: file type not accepted (${EVIDENCE_TYPES.join(', ')})`);
export const tooLarge = (name: string, maxBytes: number, lang: Language): string => say(lang,
  `${name}：文件过大（每个最大 ${mb(maxBytes)}）`, `${name}: too large (at most ${mb(maxBytes)} each)`);
export const mb = (n: number): string => `${(n / 1048576).toFixed(n % 1048576 ? 1 : 0)} MB`;

/**
 * The verdict on one uploaded file kept at `file`, given as `name` (its
 * display name: the reason names it) in a form of language `lang`.
 */
export async function checkEvidence(file: string, name: string, lang: Language, maxBytes: number): Promise<EvidenceVerdict> {
  const ext = path.extname(name).slice(1).toLowerCase();
  if (OLD_OFFICE[ext]) {
    const to = OLD_OFFICE[ext];
    return refuse(say(lang,
      `${name}：.${ext} 格式可能含无法检查的宏，不予接收；请另存为 .${to} 或 PDF 后上传`,
      `${name}: .${ext} files can carry macros that cannot be checked; save it as .${to} or PDF and upload that`));
  }
  const magic = MAGIC[ext];
  if (!magic) return refuse(notAccepted(name, lang));
  const { size } = await fs.stat(file);
  if (size > maxBytes) return refuse(tooLarge(name, maxBytes, lang));
  const head = await firstBytes(file, 8);
  const mismatch = refuse(say(lang, `${name}：文件内容与类型 .${ext} 不符`, `${name}: the content is not a .${ext} file`));
  if (!magic.every((b, i) => head[i] === b)) {
    // A password-protected .docx/.xlsx is an OLE container holding the encrypted package.
    if ((ext === 'docx' || ext === 'xlsx') && OLE.every((b, i) => head[i] === b)) {
      return refuse(say(lang,
        `${name}：文件已加密或为旧版格式，无法检查；请去除密码并另存为 .${ext} 后上传`,
        `${name}: the file is encrypted or in an old format and cannot be checked; remove the password, save it as .${ext} and upload that`));
    }
    return mismatch;
  }
  if (ext === 'docx' || ext === 'xlsx') return checkOfficeFile(file, name, ext, lang);
  if (ext === 'pdf') return { ok: true, flags: await pdfFlags(file, size) };
  return { ok: true, flags: [] };
}

async function firstBytes(file: string, n: number): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

// ── .docx / .xlsx ────────────────────────────────────────────────────────

interface XmlElement { name: string; attributes: Record<string, string> }

/** A part streamed through the XML parser, names without their prefix (attribute values and text decoded as Office decodes them). */
const walkXml = (zip: ZipFile, entry: Entry, on: XmlHandlers): Promise<void> => streamXmlPart(zip, entry, on, { localNames: true });

/** The elements of a small XML part. */
async function xmlElements(zip: ZipFile, entry: Entry): Promise<XmlElement[]> {
  const out: XmlElement[] = [];
  await walkXml(zip, entry, { open: (name, attributes) => out.push({ name, attributes }) });
  return out;
}

/** A DDE field or formula: runs a program through another application's link (`DDEAUTO c:\\…\\cmd.exe …`, `=cmd|'/c …'!A0`). */
const DDE_FIELD = /^\s*DDE(AUTO)?\b/i;
const DDE_FORMULA = /(^|[^A-Za-z0-9_."'])[A-Za-z0-9_.]+\|\s*'[^']*'\s*!/;

/** Whether a Word part holds a DDE field: simple fields (w:fldSimple) and complex ones (w:instrText between w:fldChar begin and separate/end, split across runs, nested). */
async function wordHasDde(zip: ZipFile, entry: Entry): Promise<boolean> {
  let found = false;
  /** The fields open here, innermost last: their instruction so far, and whether it is still being written. */
  const fields: { instruction: string; open: boolean }[] = [];
  let inInstr = false;
  const judge = (f: { instruction: string; open: boolean }) => { if (f.open && DDE_FIELD.test(f.instruction)) found = true; f.open = false; };
  await walkXml(zip, entry, {
    open(name, attributes) {
      if (name === 'fldSimple' && DDE_FIELD.test(attributes.instr ?? '')) found = true;
      else if (name === 'instrText') inInstr = true;
      else if (name === 'fldChar') {
        const kind = attributes.fldCharType;
        const current = fields.at(-1);
        if (kind === 'begin') fields.push({ instruction: '', open: true });
        else if (kind === 'separate' && current) judge(current);
        else if (kind === 'end' && current) { judge(current); fields.pop(); }
      }
    },
    text(t) { const current = fields.at(-1); if (inInstr && current?.open) current.instruction += t; },
    close(name) { if (name === 'instrText') inInstr = false; },
  });
  return found;
}

/** Whether a worksheet holds a DDE formula (the text of its <f> elements). */
async function sheetHasDde(zip: ZipFile, entry: Entry): Promise<boolean> {
  let found = false;
  let formula: string | undefined;
  await walkXml(zip, entry, {
    open(name) { if (name === 'f') formula = ''; },
    text(t) { if (formula !== undefined) formula += t; },
    close(name) { if (name === 'f' && formula !== undefined) { if (DDE_FORMULA.test(formula)) found = true; formula = undefined; } },
  });
  return found;
}

class OfficeRefusal extends Error {}

async function checkOfficeFile(file: string, name: string, ext: 'docx' | 'xlsx', lang: Language): Promise<EvidenceVerdict> {
  const damaged = refuse(say(lang, `${name}：文件已损坏，无法作为 .${ext} 读取`, `${name}: the file is damaged and cannot be read as a .${ext}`));
  const bomb = refuse(say(lang,
    `${name}：文件解压后过大（超过 ${mb(ZIP_LIMITS.unpackedBytes)}）或部件过多（超过 ${ZIP_LIMITS.entries} 个），不予接收`,
    `${name}: unpacked it would exceed ${mb(ZIP_LIMITS.unpackedBytes)} or ${ZIP_LIMITS.entries} parts: refused`));
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch {
    return damaged;
  }
  try {
    if (zip.entryCount > ZIP_LIMITS.entries) return bomb;
    const entries = new Map<string, Entry>();
    let unpacked = 0;
    for await (const entry of zip.eachEntry()) {
      // Part names are case-insensitive (OPC): two entries Word would read as one are a trick.
      const key = entry.fileName.toLowerCase();
      if (entries.has(key) || entry.isEncrypted()) return damaged;
      unpacked += entry.uncompressedSize;
      if (unpacked > ZIP_LIMITS.unpackedBytes) return bomb;
      entries.set(key, entry);
    }
    return await inspectPackage(zip, entries, name, ext, lang);
  } catch (err) {
    if (err instanceof OfficeRefusal) return refuse(err.message);
    return damaged;
  } finally {
    zip.close();
  }
}

const REL_HYPERLINK = /\/hyperlink$/;
const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_ALT_CHUNK = /\/aFChunk$/;

async function inspectPackage(zip: ZipFile, entries: Map<string, Entry>, name: string, ext: 'docx' | 'xlsx', lang: Language): Promise<EvidenceVerdict> {
  const notOoxml = refuse(say(lang, `${name}：文件内容与类型 .${ext} 不符`, `${name}: the content is not a .${ext} file`));
  const macros = refuse(say(lang,
    `${name}：含宏（VBA 或宏表），不予接收；请另存为不含宏的 .${ext} 或 PDF 后上传`,
    `${name}: contains macros (VBA or macro sheets): refused; save it as a .${ext} without macros, or as PDF, and upload that`));
  const activeX = refuse(say(lang,
    `${name}：含 ActiveX 控件，不予接收；请删除控件或另存为 PDF 后上传`,
    `${name}: contains ActiveX controls: refused; remove them or save it as PDF and upload that`));
  let budget = ZIP_LIMITS.partsBytes;
  const read = async (entry: Entry): Promise<XmlElement[]> => {
    budget -= entry.uncompressedSize;
    if (entry.uncompressedSize > ZIP_LIMITS.partBytes || budget < 0) {
      throw new OfficeRefusal(say(lang, `${name}：文件结构过于复杂，无法检查`, `${name}: the file's structure is too large to check`));
    }
    return xmlElements(zip, entry);
  };

  const typesEntry = entries.get('[content_types].xml');
  const rootRels = entries.get('_rels/.rels');
  if (!typesEntry || !rootRels) return notOoxml;
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const el of await read(typesEntry)) {
    if (el.name === 'Default' && el.attributes.Extension) defaults.set(el.attributes.Extension.toLowerCase(), el.attributes.ContentType ?? '');
    if (el.name === 'Override' && el.attributes.PartName) overrides.set(el.attributes.PartName.toLowerCase(), el.attributes.ContentType ?? '');
  }
  const allTypes = [...defaults.values(), ...overrides.values()];
  const names = [...entries.keys()];
  if (allTypes.some((t) => /macroEnabled|vbaProject|vbaData|macrosheet/i.test(t)) || names.some((n) => /(^|\/)vbaproject\.bin$|(^|\/)vbadata\.xml$|(^|\/)macrosheets\//.test(n))) return macros;
  if (allTypes.some((t) => /activeX/i.test(t)) || names.some((n) => /(^|\/)activex\//.test(n))) return activeX;

  // The main part: what _rels/.rels calls the office document, typed by [Content_Types].xml.
  const mainRel = (await read(rootRels)).find((el) => el.name === 'Relationship' && REL_OFFICE_DOCUMENT.test(el.attributes.Type ?? ''));
  if (!mainRel?.attributes.Target) return notOoxml;
  const mainPart = `/${path.posix.normalize(mainRel.attributes.Target.replace(/^\//, ''))}`.toLowerCase();
  const mainType = overrides.get(mainPart) ?? defaults.get(path.posix.extname(mainPart).slice(1)) ?? '';
  if (mainType !== MAIN_TYPES[ext]) {
    const other = OTHER_KINDS.find(([re]) => re.test(mainType))?.[1];
    if (other && other !== ext) {
      return refuse(say(lang, `${name}：文件实为 .${other} 文件，与扩展名 .${ext} 不符`, `${name}: this is in fact a .${other} file, not a .${ext}`));
    }
    return notOoxml;
  }

  const flags = new Set<EvidenceFlag>();
  if (names.some((n) => /(^|\/)embeddings\//.test(n)) || allTypes.some((t) => /oleObject|package$/i.test(t))) flags.add('embedded-object');
  if (allTypes.some((t) => /externalLink/i.test(t))) flags.add('external-content');
  for (const [partName, entry] of entries) {
    if (!partName.endsWith('.rels')) continue;
    for (const el of await read(entry)) {
      if (el.name !== 'Relationship') continue;
      const type = el.attributes.Type ?? '';
      if (REL_ALT_CHUNK.test(type)) {
        return refuse(say(lang,
          `${name}：含外部格式的嵌入内容（altChunk），不予接收；请在 Word 中打开后另存为 .${ext} 再上传`,
          `${name}: contains foreign content (altChunk) that Word converts on opening: refused; open it in Word, save it as .${ext} again and upload that`));
      }
      if (/oleObject|\/package$/.test(type)) flags.add('embedded-object');
      if ((el.attributes.TargetMode ?? '').toLowerCase() === 'external' && !REL_HYPERLINK.test(type)) flags.add('external-content');
    }
  }
  // DDE: the text parts are streamed (bounded by the unpacked size the directory allowed).
  const ddeRefusal = refuse(say(lang,
    `${name}：含 DDE 字段或公式（可运行外部程序），不予接收；请删除后上传，或另存为 PDF`,
    `${name}: contains DDE fields or formulas (they can run other programs): refused; remove them, or save it as PDF, and upload that`));
  for (const [partName, entry] of entries) {
    if (ext === 'docx' && /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/.test(partName) && await wordHasDde(zip, entry)) return ddeRefusal;
    if (ext === 'xlsx' && /^xl\/worksheets\/[^/]+\.xml$/.test(partName) && await sheetHasDde(zip, entry)) return ddeRefusal;
  }
  return { ok: true, flags: [...flags] };
}

// ── .pdf ─────────────────────────────────────────────────────────────────

/** PDF names (decoded) → the flag they raise. */
const PDF_NAMES: Record<string, EvidenceFlag> = {
  OpenAction: 'auto-action', AA: 'auto-action', JavaScript: 'javascript', JS: 'javascript', Launch: 'launch',
  EmbeddedFile: 'embedded-file', EmbeddedFiles: 'embedded-file', RichMedia: 'rich-media', XFA: 'xfa', Encrypt: 'encrypted',
};
/** A name token: `/` and regular characters or #xx escapes, up to a delimiter or white space (PDF 32000-1, 7.3.5). */
const NAME = /\/((?:[^\s()<>[\]{}/%#]|#[0-9A-Fa-f]{2})*)/g;
/** Longer than any name the scan looks for, escapes included (a name has at most 127 bytes). */
const CARRY = 1024;

/** Scans chunks of PDF syntax for the names above; a name cut by a chunk's end is read whole from the next one. */
class NameScanner {
  readonly found = new Set<string>();
  /** Offsets (in the scanned bytes) just after each /ObjStm name. */
  readonly objectStreams = new Set<number>();
  private carry = '';
  private carryStart = 0;
  constructor(private readonly watchObjectStreams: boolean) {}

  push(chunk: Buffer, final = false): void {
    const text = this.carry + chunk.toString('latin1');
    const base = this.carryStart;
    for (const m of text.matchAll(NAME)) {
      const end = m.index + m[0].length;
      // A name reaching the end of the text may go on in the next chunk; the carry keeps it for then.
      // (One seen whole in the carry is seen again: found names and offsets are sets.)
      if (!final && end === text.length) continue;
      const decoded = m[1].includes('#') ? m[1].replace(/#([0-9A-Fa-f]{2})/g, (_s, h: string) => String.fromCharCode(parseInt(h, 16))) : m[1];
      if (PDF_NAMES[decoded]) this.found.add(decoded);
      if (this.watchObjectStreams && decoded === 'ObjStm') this.objectStreams.add(base + end);
    }
    const keep = Math.min(CARRY, text.length);
    this.carry = text.slice(text.length - keep);
    this.carryStart = base + text.length - keep;
  }
}

async function pdfFlags(file: string, size: number): Promise<EvidenceFlag[]> {
  const scan = new NameScanner(true);
  for await (const chunk of createReadStream(file, { highWaterMark: 1048576 }) as AsyncIterable<Buffer>) scan.push(chunk);
  scan.push(Buffer.alloc(0), true);
  const flags = new Set<EvidenceFlag>([...scan.found].map((n) => PDF_NAMES[n]));
  // Object streams: most dictionaries of a PDF 1.5+ file, compressed; what they hold is scanned the same way.
  const inner = new NameScanner(false);
  let budget = PDF_LIMITS.inflatedBytes;
  const offsets = [...scan.objectStreams];
  if (offsets.length > PDF_LIMITS.objectStreams) flags.add('unchecked');
  const fh = await fs.open(file, 'r');
  try {
    for (const at of offsets.slice(0, PDF_LIMITS.objectStreams)) {
      if (budget <= 0) { flags.add('unchecked'); break; }
      const start = await streamStart(fh, at);
      // An object stream with another filter (or none found): what it holds was not read.
      if (start === undefined) { if (!flags.has('encrypted')) flags.add('unchecked'); continue; }
      const inflated = await inflateFrom(file, start.data, Math.min(size, start.data + PDF_LIMITS.streamBytes), budget, inner);
      budget -= inflated.bytes;
      if (!inflated.whole && !flags.has('encrypted')) flags.add('unchecked');
    }
  } finally {
    await fh.close();
  }
  for (const n of inner.found) flags.add(PDF_NAMES[n]);
  return [...flags];
}

/** Where the data of the stream whose dictionary names /ObjStm at `at` starts (after `stream` and its line end), if it is Flate. */
async function streamStart(fh: fs.FileHandle, at: number): Promise<{ data: number } | undefined> {
  const from = Math.max(0, at - 512);
  const buf = Buffer.alloc(4096 + 512);
  const { bytesRead } = await fh.read(buf, 0, buf.length, from);
  const text = buf.subarray(0, bytesRead).toString('latin1');
  const kw = /(?<!end)stream(\r\n|\n|\r)/.exec(text.slice(at - from));
  if (!kw) return undefined;
  const dict = text.slice(0, at - from + kw.index).replace(/#([0-9A-Fa-f]{2})/g, (_s, h: string) => String.fromCharCode(parseInt(h, 16)));
  const lastObj = dict.lastIndexOf(' obj');
  if (!/\/FlateDecode\b/.test(lastObj >= 0 ? dict.slice(lastObj) : dict)) return undefined;
  return { data: at + kw.index + kw[0].length };
}

/** Inflates from `start` (at most `budget` bytes out) into the scanner; `whole`: the deflate stream ended within the bounds. */
async function inflateFrom(file: string, start: number, end: number, budget: number, scan: NameScanner): Promise<{ bytes: number; whole: boolean }> {
  if (end <= start) return { bytes: 0, whole: false };
  return new Promise((resolve) => {
    const input = createReadStream(file, { start, end: end - 1, highWaterMark: 65536 });
    const inflate = zlib.createInflate();
    let bytes = 0;
    let done = false;
    const finish = (whole: boolean) => {
      if (done) return;
      done = true;
      input.destroy();
      inflate.destroy();
      scan.push(Buffer.alloc(0), true);
      resolve({ bytes, whole });
    };
    inflate.on('data', (c: Buffer) => {
      bytes += c.length;
      scan.push(c);
      if (bytes > budget) finish(false);
    });
    inflate.on('end', () => finish(true));
    inflate.on('error', () => finish(false));
    input.on('error', () => finish(false));
    input.pipe(inflate);
  });
}
