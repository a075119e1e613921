/**
 * One part of a zip (an .xlsx ledger, a .docx or .xlsx evidence file)
 * streamed through a streaming XML parser (saxes), never unpacked whole:
 * the ledger reader and the evidence check share it. yauzl ends the stream
 * with an error as soon as it yields more than the entry's declared size (when
 * the zip was opened with `validateEntrySizes`); `onBytes` sees each chunk
 * first, so a caller may count the bytes against its own budget and throw.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { Entry, ZipFile } from 'yauzl';

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  text?(text: string): void;
  close?(name: string): void;
}

/** The part is not well-formed XML; anything else thrown is the zip's, or a handler's own. */
export class MalformedXml extends Error {}

/** A name without its namespace prefix (`w:instrText` → `instrText`), as Office reads it. */
const local = (name: string): string => name.replace(/^.*:/, '');

/**
 * Streams `entry` through the parser into `on`. With `localNames`, element and
 * attribute names lose their namespace prefixes. Whatever is thrown (by the
 * zip, a handler or `onBytes`), the stream is closed first.
 */
export async function streamXmlPart(zip: ZipFile, entry: Entry, on: XmlHandlers, opts: { localNames?: boolean; onBytes?: (n: number) => void } = {}): Promise<void> {
  const name = opts.localNames ? local : (n: string) => n;
  const parser = new SaxesParser<{ position: false; xmlns: false }>({ position: false, xmlns: false });
  let malformed: Error | undefined;
  parser.on('error', (e) => { malformed ??= e; });
  if (on.open) {
    parser.on('opentag', (t: SaxesTagPlain) => {
      if (!opts.localNames) { on.open!(t.name, t.attributes); return; }
      const attributes: Record<string, string> = {};
      for (const [k, v] of Object.entries(t.attributes)) attributes[local(k)] = v;
      on.open!(local(t.name), attributes);
    });
  }
  if (on.text) parser.on('text', on.text);
  if (on.close) parser.on('closetag', (t: SaxesTagPlain) => on.close!(name(t.name)));
  const stream = await zip.openReadStreamPromise(entry);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      opts.onBytes?.(chunk.length);
      parser.write(decoder.decode(chunk, { stream: true }));
      if (malformed) break;
    }
    if (!malformed) parser.write(decoder.decode()).close();
  } finally {
    stream.destroy();
  }
  if (malformed) throw new MalformedXml(malformed.message.split('\n')[0]);
}
