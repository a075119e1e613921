/** .docx for every document, from the same blocks as the HTML (the `docx` package). */
import {
  AlignmentType, Document, HeadingLevel, Packer, PageOrientation, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun,
  WidthType,
} from 'docx';
import type { Block, Cell, Doc } from './model';
import { cellText, documentBlocks } from './model';
import { LIGHT_COLOURS } from './html';

const FONT = { eastAsia: '宋体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };

const run = (text: string, bold = false, size = 22) => new TextRun({ text, bold, size, font: FONT });

function cell(c: Cell, header = false): TableCell {
  const light = typeof c === 'string' ? undefined : c.light;
  return new TableCell({
    children: [new Paragraph({ children: [run(cellText(c), header, 18)] })],
    shading: header ? { type: ShadingType.CLEAR, fill: 'EEF1F5', color: 'auto' }
      : light ? { type: ShadingType.CLEAR, fill: LIGHT_COLOURS[light].slice(1).toUpperCase(), color: 'auto' } : undefined,
  });
}

function block(b: Block): (Paragraph | Table)[] {
  switch (b.type) {
    case 'h1': case 'h2': case 'h3':
      return [new Paragraph({
        heading: b.type === 'h1' ? HeadingLevel.HEADING_1 : b.type === 'h2' ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
        children: [run(b.text, true, b.type === 'h2' ? 28 : 24)],
      })];
    case 'p':
      return [new Paragraph({
        children: [run(b.text)],
        alignment: b.cls === 'signature' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: b.cls === 'item' || b.cls === 'opening' || b.cls === 'completion' || b.cls === 'closing' ? { firstLine: 480 } : undefined,
      })];
    case 'list':
      return b.items.map((t, n) => new Paragraph({ children: [run(`${n + 1}. ${t}`)] }));
    case 'table':
      return [new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [new TableRow({ tableHeader: true, children: b.head.map((h) => cell(h, true)) }),
          ...b.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
      }), new Paragraph({ children: [] })];
  }
}

export async function renderDocx(doc: Doc): Promise<Buffer> {
  const d = new Document({
    creator: 'rectify', title: doc.title,
    sections: [{
      properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
      children: [
        new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [run(doc.title, true, 36)] }),
        ...(doc.subtitle ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(doc.subtitle)] })] : []),
        ...documentBlocks(doc).flatMap(block),
      ],
    }],
  });
  return Packer.toBuffer(d);
}
