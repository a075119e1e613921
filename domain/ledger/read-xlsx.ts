/**
 * An `.xlsx` ledger (its first worksheet) as a grid of cells: rich text, hyperlinks (a mailto:
 * link is a contact's address), dates, numbers, and formulas by their saved result. A cell
 * showing an error, or a formula never calculated, is a `bad` cell with the reason.
 *
 * An .xlsx is a zip of XML parts, and a small file can unpack to gigabytes (a 1.2 MB ledger whose
 * sheet unpacks to 400 MB once took 4.4 GB and ended the process). So the zip's central directory
 * is checked first (yauzl), before anything is unpacked: how many entries, each entry's and all
 * entries' unpacked size, how much one entry expands (LIMITS). Then only the parts a ledger needs
 * are unpacked, each as a stream that yauzl stops as soon as it yields more than its directory
 * entry said (a directory can lie), into a streaming XML parser (saxes); the sheet is read row by
 * row and reading stops at the row cap. Nothing is unpacked to disk. (exceljs's streaming reader
 * decodes each chunk of a part on its own, which breaks a Chinese character split between two
 * chunks, and it cannot pair a cell with its hyperlink: hence this reader.)
 */
import * as path from 'node:path';
import yauzl from 'yauzl';
import { LIMITS } from '../limits';
import { MalformedXml, streamXmlPart, type XmlHandlers } from '../zip-xml';
import type { Ledger } from './columns';
import { EMPTY, MAX_FILLED_ROWS, tooManyItems, type Cell, type Grid } from './grid';

const MB = 1024 * 1024;

/** A refusal of the file as a whole: the message names the limit. */
class XlsxRefusal extends Error {}

/** Stop reading: the row cap is reached. */
class RowCapReached extends Error {}

function mailtoAddress(link: string): string | undefined {
  const m = /^mailto:([^?]*)/i.exec(link.trim());
  if (!m) return undefined;
  let a = m[1];
  try {
    a = decodeURIComponent(a);
  } catch {
    /* keep as written */
  }
  return a.trim() || undefined;
}

/** OOXML escapes characters XML cannot carry as `_xHHHH_` (a carriage return is `_x000D_`). */
const unescapeXstring = (s: string): string => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Built-in number formats that show a date (14–22, 45–47; 27–36 and 50–58 are the East Asian ones). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code that shows a date or a time: y, m, d, h or s outside quoted text and [...] sections. */
const isDateFormatCode = (code: string): boolean => /[ymdhs]/i.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));

/** Excel's day serial (1900 or 1904 system) → YYYY-MM-DD, as the day the cell shows. */
function serialDate(serial: number, date1904: boolean): Cell {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2958466) return { kind: 'bad', what: 'not a valid date' };
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000);
  return { kind: 'date', iso: new Date(ms).toISOString().slice(0, 10) };
}

/** Column index (0-based) of a cell reference such as "L3", or undefined. */
function columnOf(ref: string | undefined): number | undefined {
  const m = ref ? /^([A-Z]{1,3})\d+$/.exec(ref) : null;
  if (!m) return undefined;
  let n = 0;
  for (const ch of m[1]) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const rowOf = (ref: string): number | undefined => {
  const m = /^[A-Z]{1,3}(\d+)$/.exec(ref);
  return m ? Number(m[1]) : undefined;
};

type Attributes = Record<string, string>;

/** The zip, checked: its entries by name. */
interface CheckedZip {
  zip: yauzl.ZipFile;
  entries: Map<string, yauzl.Entry>;
  /** Bytes unpacked so far, all entries together. */
  unpacked: number;
}

/** Open the zip and check its central directory against the limits; nothing is unpacked yet. */
async function checkedZip(bytes: Buffer): Promise<CheckedZip> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw new XlsxRefusal(`not a readable .xlsx file (${(e as Error).message})`);
  }
  if (zip.entryCount > LIMITS.xlsxEntries) {
    zip.close();
    throw new XlsxRefusal(`a workbook of ${zip.entryCount} parts: an .xlsx ledger may have at most ${LIMITS.xlsxEntries}`);
  }
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  try {
    for await (const e of zip.eachEntry()) {
      if (e.uncompressedSize > LIMITS.xlsxEntryBytes) {
        throw new XlsxRefusal(`its part ${e.fileName} unpacks to ${(e.uncompressedSize / MB).toFixed(0)} MB: at most ${LIMITS.xlsxEntryBytes / MB} MB a part (a zip bomb?)`);
      }
      total += e.uncompressedSize;
      if (total > LIMITS.xlsxTotalBytes) {
        throw new XlsxRefusal(`it unpacks to more than ${LIMITS.xlsxTotalBytes / MB} MB: at most ${LIMITS.xlsxTotalBytes / MB} MB (a zip bomb?)`);
      }
      if (e.uncompressedSize > MB && e.uncompressedSize > LIMITS.xlsxRatio * Math.max(e.compressedSize, 1)) {
        throw new XlsxRefusal(`its part ${e.fileName} expands ${Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1))} times: at most ${LIMITS.xlsxRatio} times (a zip bomb?)`);
      }
      entries.set(e.fileName.replace(/^\/+/, ''), e);
    }
  } catch (e) {
    zip.close();
    if (e instanceof XlsxRefusal) throw e;
    throw new XlsxRefusal(`not a readable .xlsx file (${(e as Error).message})`);
  }
  return { zip, entries, unpacked: 0 };
}

/**
 * Stream one part through the XML parser (domain/zip-xml.ts), its bytes counted here against the
 * total as well as against the entry's declared size.
 */
async function readPart(z: CheckedZip, name: string, on: XmlHandlers): Promise<boolean> {
  const entry = z.entries.get(name);
  if (!entry) return false;
  const countBytes = (n: number): void => {
    z.unpacked += n;
    if (z.unpacked > LIMITS.xlsxTotalBytes) throw new XlsxRefusal(`it unpacks to more than ${LIMITS.xlsxTotalBytes / MB} MB (a zip bomb?)`);
  };
  try {
    await streamXmlPart(z.zip, entry, on, { onBytes: countBytes });
  } catch (e) {
    if (e instanceof XlsxRefusal || e instanceof RowCapReached) throw e;
    if (e instanceof MalformedXml) throw new XlsxRefusal(`its part ${name} is not well-formed XML (${e.message})`);
    const msg = (e as Error).message;
    throw new XlsxRefusal(/too many bytes/i.test(msg)
      ? `its part ${name} unpacks to more than its zip directory says (${msg}): a zip bomb?`
      : `its part ${name} cannot be unpacked (${msg})`);
  }
  return true;
}

/** Relationship targets of a part's .rels file, by id, as part names. */
async function relationships(z: CheckedZip, part: string): Promise<Map<string, { target: string; type: string; external: boolean }>> {
  const rels = new Map<string, { target: string; type: string; external: boolean }>();
  const dir = path.posix.dirname(part);
  const relsName = path.posix.join(dir, '_rels', `${path.posix.basename(part)}.rels`).replace(/^\.\//, '');
  await readPart(z, relsName, {
    open: (name, a) => {
      if (name !== 'Relationship' || !a.Id || a.Target === undefined) return;
      const external = a.TargetMode === 'External';
      const target = external ? a.Target : a.Target.startsWith('/') ? a.Target.slice(1) : path.posix.normalize(path.posix.join(dir, a.Target));
      rels.set(a.Id, { target, type: a.Type ?? '', external });
    },
  });
  return rels;
}

/** Collects the text of the elements named `t` inside an element (a shared string, an inline string), skipping phonetic runs. */
function textCollector() {
  let inT = false;
  let skip = 0;
  let text = '';
  return {
    open(name: string) {
      if (name === 'rPh') skip++;
      else if (name === 't' && !skip) inT = true;
    },
    text(s: string) { if (inT) text += s; },
    close(name: string) {
      if (name === 'rPh') skip--;
      else if (name === 't') inT = false;
    },
    take(): string { const t = unescapeXstring(text); text = ''; return t; },
  };
}

async function sharedStrings(z: CheckedZip, part: string | undefined): Promise<string[]> {
  const out: string[] = [];
  if (!part) return out;
  const t = textCollector();
  await readPart(z, part, {
    open: (name) => t.open(name),
    text: (s) => t.text(s),
    close: (name) => { t.close(name); if (name === 'si') out.push(t.take()); },
  });
  return out;
}

/** Which cell styles (by index) show a date. */
async function dateStyles(z: CheckedZip, part: string | undefined): Promise<Set<number>> {
  const formats = new Map<number, string>();
  const dates = new Set<number>();
  if (!part) return dates;
  let inCellXfs = false;
  let xf = 0;
  await readPart(z, part, {
    open: (name, a) => {
      if (name === 'numFmt' && a.numFmtId !== undefined) formats.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        const code = formats.get(id);
        if (code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id)) dates.add(xf);
        xf++;
      }
    },
    close: (name) => { if (name === 'cellXfs') inCellXfs = false; },
  });
  return dates;
}

/** A cell of the sheet as read: its type, style, formula and value text. */
interface RawCell { col: number; type: string; style: number; formula: boolean; value?: string; inline?: string }

function cellOf(c: RawCell, strings: string[], dates: Set<number>, date1904: boolean): Cell {
  const v = c.value;
  if (c.formula && (v === undefined || v === '')) {
    return { kind: 'bad', what: 'a formula with no saved result: open the ledger in Excel or WPS and save it, or paste the values' };
  }
  const text = (s: string): Cell => (s.trim() ? { kind: 'text', text: s } : EMPTY);
  switch (c.type) {
    case 's': {
      if (v === undefined) return EMPTY;
      const s = strings[Number(v)];
      return s === undefined ? { kind: 'bad', what: 'a text the workbook does not hold (a damaged file?)' } : text(s);
    }
    case 'inlineStr':
      return text(c.inline ?? v ?? '');
    case 'str':
      return text(unescapeXstring(v ?? ''));
    case 'b':
      return v === undefined ? EMPTY : { kind: 'text', text: Number(v) !== 0 ? 'TRUE' : 'FALSE' };
    case 'e':
      return { kind: 'bad', what: `the cell shows the error ${v ?? ''}` };
    case 'd': {
      if (v === undefined || !v.trim()) return EMPTY;
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? { kind: 'bad', what: 'not a valid date' } : { kind: 'date', iso: d.toISOString().slice(0, 10) };
    }
    case 'n': {
      if (v === undefined || !v.trim()) return EMPTY;
      const n = Number(v);
      if (!Number.isFinite(n)) return { kind: 'bad', what: 'not a number' };
      return dates.has(c.style) ? serialDate(n, date1904) : { kind: 'number', value: n };
    }
    default:
      return { kind: 'bad', what: 'a cell of a kind this reader does not know' };
  }
}

/** The grid of an .xlsx file's first worksheet, or undefined with the reason in `ledger.problems`. */
export async function xlsxGrid(bytes: Buffer, ledger: Ledger): Promise<Grid | undefined> {
  let z: CheckedZip;
  try {
    z = await checkedZip(bytes);
  } catch (e) {
    ledger.problems.push({ where: ledger.label, what: (e as Error).message });
    return undefined;
  }
  try {
    return await readWorkbook(z, ledger);
  } catch (e) {
    if (!(e instanceof XlsxRefusal)) throw e;
    ledger.problems.push({ where: ledger.label, what: e.message });
    return undefined;
  } finally {
    z.zip.close();
  }
}

async function readWorkbook(z: CheckedZip, ledger: Ledger): Promise<Grid | undefined> {
  const OFFICE_DOCUMENT = /\/officeDocument$/;
  const root = await relationships(z, '');
  const workbookPart = [...root.values()].find((r) => OFFICE_DOCUMENT.test(r.type) && !r.external)?.target ?? 'xl/workbook.xml';
  let firstSheetId: string | undefined;
  let date1904 = false;
  const found = await readPart(z, workbookPart, {
    open: (name, a) => {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (name === 'sheet' && firstSheetId === undefined) firstSheetId = relId(a) ?? '';
    },
  });
  if (!found) throw new XlsxRefusal('not a readable .xlsx file (no workbook inside: saved as another format?)');
  const rels = await relationships(z, workbookPart);
  const byType = (t: string) => [...rels.values()].find((r) => r.type.endsWith(`/${t}`) && !r.external)?.target;
  const sheetPart = firstSheetId !== undefined ? rels.get(firstSheetId)?.target : undefined;
  if (!sheetPart || !z.entries.has(sheetPart)) {
    ledger.problems.push({ where: ledger.label, what: 'the workbook has no worksheet' });
    return undefined;
  }
  const strings = await sharedStrings(z, byType('sharedStrings'));
  const dates = await dateStyles(z, byType('styles'));
  const sheetRels = await relationships(z, sheetPart);

  const rows: Grid['rows'] = [];
  let byRow: Map<number, Grid['rows'][number]> | undefined;
  /** Cells a merge may still fill: at most every cell of the rows and columns read (merges in a valid file do not overlap). */
  let mergeBudget = MAX_FILLED_ROWS * LIMITS.ledgerColumns;
  let filledRows = 0;
  let rowNo = 0;
  let cells: Cell[] | undefined;
  let nextCol = 0;
  let raw: RawCell | undefined;
  let inValue = false;
  let inInline = false;
  const inline = textCollector();
  try {
    await readPart(z, sheetPart, {
      open: (name, a) => {
        switch (name) {
          case 'row':
            rowNo = a.r !== undefined && Number.isInteger(Number(a.r)) ? Number(a.r) : rowNo + 1;
            cells = [];
            nextCol = 0;
            break;
          case 'c': {
            const col = columnOf(a.r) ?? nextCol;
            nextCol = col + 1;
            raw = { col, type: a.t ?? 'n', style: Number(a.s ?? 0), formula: false };
            break;
          }
          case 'v': inValue = !!raw; if (raw) raw.value = ''; break;
          case 'f': if (raw) raw.formula = true; break;
          case 'is': inInline = !!raw; break;
          // Hyperlinks and merged cells come after the rows (sheetData).
          case 'hyperlink': if (byRow && a.ref) applyLink(byRow, a.ref, sheetRels.get(relId(a) ?? '')?.target); break;
          case 'mergeCell': if (byRow && a.ref) mergeBudget = applyMerge(rows, a.ref, mergeBudget); break;
          default: if (inInline) inline.open(name);
        }
      },
      text: (s) => {
        // A formula's own text is not read: its saved result (<v>) is.
        if (inValue && raw) raw.value += s;
        else if (inInline) inline.text(s);
      },
      close: (name) => {
        switch (name) {
          case 'v': inValue = false; break;
          case 'is': inInline = false; if (raw) raw.inline = inline.take(); break;
          case 'c':
            if (raw && cells && raw.col < LIMITS.ledgerColumns) {
              const cell = cellOf(raw, strings, dates, date1904);
              if (cell.kind !== 'empty') {
                while (cells.length < raw.col) cells.push(EMPTY);
                cells[raw.col] = cell;
              }
            }
            raw = undefined;
            break;
          case 'row':
            if (cells && cells.length) {
              filledRows++;
              if (filledRows > MAX_FILLED_ROWS) throw new RowCapReached();
              rows.push({ row: rowNo, cells });
            }
            cells = undefined;
            break;
          case 'sheetData': byRow = new Map(rows.map((r) => [r.row, r])); break;
          default: if (inInline) inline.close(name);
        }
      },
    });
  } catch (e) {
    if (!(e instanceof RowCapReached)) throw e;
    tooManyItems(ledger);
    return undefined;
  }
  return { rows };
}

/** The relationship id attribute (`r:id`, whatever the prefix). */
const relId = (a: Attributes): string | undefined => Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];

/** A cell with a mailto: link carries the address (a 联络员邮箱 cell showing a name, linked to the address). */
function applyLink(byRow: Map<number, Grid['rows'][number]>, ref: string, target: string | undefined): void {
  const mailto = mailtoAddress(target ?? '');
  const col = columnOf(ref.split(':')[0]);
  const row = byRow.get(rowOf(ref.split(':')[0]) ?? -1);
  if (!mailto || col === undefined || col >= LIMITS.ledgerColumns || !row) return;
  const c = row.cells[col];
  if (c?.kind === 'text') row.cells[col] = { ...c, mailto };
  else if (!c || c.kind === 'empty') {
    while (row.cells.length < col) row.cells.push(EMPTY);
    row.cells[col] = { kind: 'text', text: mailto, mailto };
  }
}

/**
 * Merged cells show their first cell's value in each of theirs (a 牵头单位 merged over a unit's rows):
 * copied into the rows read (in order), within the columns read; `budget` bounds the cells written by
 * all merges together. Returns what is left of it.
 */
function applyMerge(rows: Grid['rows'], ref: string, budget: number): number {
  const [from, to = from] = ref.split(':');
  const c0 = columnOf(from);
  const c1 = columnOf(to);
  const r0 = rowOf(from);
  const r1 = rowOf(to);
  if (c0 === undefined || c1 === undefined || r0 === undefined || r1 === undefined) return budget;
  // The first row at or after r0 (rows are in order).
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].row < r0) lo = mid + 1;
    else hi = mid;
  }
  const master = rows[lo]?.row === r0 ? rows[lo].cells[c0] : undefined;
  if (!master || master.kind === 'empty') return budget;
  for (let i = lo; i < rows.length && rows[i].row <= r1; i++) {
    const r = rows[i];
    for (let col: number = c0; col <= Math.min(c1, LIMITS.ledgerColumns - 1); col++) {
      if (budget <= 0) return 0;
      if (r.row === r0 && col === c0) continue;
      while (r.cells.length < col) r.cells.push(EMPTY);
      r.cells[col] = master;
      budget--;
    }
  }
  return budget;
}
