/**
 * A contact's form as it comes over the wire: read part by part, files
 * streamed to temporary files, refused as early as it can be, and a body that
 * is not read to its end never left hanging on its connection.
 *
 * Fastify reads nothing of a multipart body until the route asks for it
 * (@fastify/multipart's `parts()`), so the link and the browser's CSRF cookie
 * are checked before any of it is read (server.ts, the route's onRequest), and
 * the CSRF token, the form's first field, before any file part is accepted.
 */
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import type { Language } from '../domain/i18n';
import { BrokenUpload, cleanName, discardUpload, MAX_FILES, receiveUpload, tooLarge, type Incoming } from './uploads';

/** How long the server waits for a client, in ms. */
export interface WebTimeouts {
  /** The request line and headers (node's headersTimeout): a client that trickles them is cut off with 408. */
  headersMs: number;
  /**
   * The whole request, its body included (node's requestTimeout; 408). A form of 5 × 10 MB
   * needs about 1.4 Mbit/s to arrive in 300 s: raise it (RECTIFY_WEB_REQUEST_TIMEOUT_S) for slow
   * networks or a higher upload limit.
   */
  requestMs: number;
  /** Silence on a connection, while a request arrives or is answered (the socket's timeout): it is closed. */
  idleMs: number;
  /** A kept-alive connection with no request (above a proxy's own idle time, 60 s for nginx and most load balancers). */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: WebTimeouts = { headersMs: 20_000, requestMs: 300_000, idleMs: 60_000, keepAliveMs: 72_000 };

/**
 * Fastify's and node's server options for these timeouts. Every connection
 * is destroyed by `close()` (`forceCloseConnections`), so that stopping
 * `serve` or `up` never waits on a client.
 */
export function serverTimeouts(t: WebTimeouts): Pick<FastifyServerOptions, 'requestTimeout' | 'connectionTimeout' | 'keepAliveTimeout' | 'forceCloseConnections'> & { http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } } {
  const headersMs = Math.min(t.headersMs, t.requestMs);
  return {
    requestTimeout: t.requestMs,
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    forceCloseConnections: true,
    http: {
      headersTimeout: headersMs,
      requestTimeout: t.requestMs,
      // Node checks both timeouts on this interval (30 s by default): a quarter of the shorter keeps the cut-off near it.
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(headersMs / 4))),
    },
  };
}

/** Room for a form's text fields and multipart framing beside its files (40 fields of at most 64 KB). */
export const FIELDS_BYTES = 4 * 1048576;

/** The largest body a form of ours can carry: its files at the limit and its fields. */
export const formBound = (maxUploadBytes: number): number => MAX_FILES * maxUploadBytes + FIELDS_BYTES;

/**
 * After an answer given before the body was read to its end: the rest is
 * read on and dropped as it arrives, as node does for a body nobody reads,
 * but only up to `bound` bytes — the largest form of ours. A browser reads
 * the answer only once it has sent its whole form, so cutting the connection
 * at once would show it a reset instead of the page; once the body has
 * ended, the connection serves the next request as usual. A body beyond the
 * bound (declared or counted) is not waited for: the connection is closed
 * once the answer is out.
 */
export function discardRest(req: FastifyRequest, reply: FastifyReply, bound: number): void {
  const raw = req.raw;
  if (raw.complete || raw.destroyed) return;
  // Whoever was reading (busboy) lets go: nothing waits on the body any more.
  raw.unpipe();
  let cut = false;
  const cutOff = () => {
    if (cut) return;
    cut = true;
    raw.pause();
    if (!reply.raw.headersSent) reply.header('connection', 'close');
    if (reply.raw.writableFinished) raw.socket.destroy();
    else reply.raw.once('finish', () => raw.socket.destroy());
  };
  if (Number(raw.headers['content-length']) > bound) { cutOff(); return; }
  let seen = 0;
  raw.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > bound) cutOff();
  });
  raw.resume();
}

/** Why a form was stopped before its end. */
export type FormStop =
  /** Not a form of ours (no or a wrong CSRF token before the files, malformed, too many parts): nothing of the item is said. */
  | { kind: 'rejected'; code: 400 | 403 | 413 }
  /** Our form, refused for something the contact can mend (a file too large, too many files): said above the form. */
  | { kind: 'refused'; problem: (lang: Language) => string };

export interface ReceivedForm {
  fields: Record<string, string>;
  /** The files received, in temporary files: the caller keeps or discards every one. */
  files: Incoming[];
  /** Set when reading stopped early (the rest of the body is then discarded by discardRest). */
  stop?: FormStop;
}

/**
 * Reads a multipart form part by part. `csrfOk` judges the `csrf` field as
 * soon as it arrives; a file part before a good one stops the reading (the
 * form puts its token first). Each file part is streamed to a temporary file;
 * one over `maxUploadBytes` stops the reading as soon as it passes the limit.
 * On an error the files received so far are deleted before it is thrown.
 */
export async function receiveForm(req: FastifyRequest, o: { uploadsDir: string; maxUploadBytes: number; csrfOk: (given: string) => boolean }): Promise<ReceivedForm> {
  const fields: Record<string, string> = {};
  const files: Incoming[] = [];
  let csrfChecked = false;
  const parts = req.parts();
  const stopped = async (stop: FormStop): Promise<ReceivedForm> => {
    await parts.return?.();
    return { fields, files, stop };
  };
  try {
    for (;;) {
      let step: IteratorResult<Multipart>;
      try { step = await parts.next(); } catch (err) {
        // busboy's refusals of the body itself: the file count (ours to say), anything else (malformed, too many parts) not our form.
        const code = (err as { code?: string }).code;
        if (code === 'FST_FILES_LIMIT') return { fields, files, stop: { kind: 'refused', problem: (l) => (l === 'en' ? `at most ${MAX_FILES} files` : `最多上传 ${MAX_FILES} 个文件`) } };
        return { fields, files, stop: { kind: 'rejected', code: code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT' ? 413 : 400 } };
      }
      if (step.done) break;
      const part = step.value;
      if (part.type === 'field') {
        const value = typeof part.value === 'string' ? part.value : '';
        fields[part.fieldname] = value;
        if (part.fieldname === 'csrf') {
          if (!o.csrfOk(value)) return await stopped({ kind: 'rejected', code: 403 });
          csrfChecked = true;
        }
        continue;
      }
      if (!csrfChecked) return await stopped({ kind: 'rejected', code: 403 });
      let got: Incoming | 'tooLarge';
      try { got = await receiveUpload(o.uploadsDir, part.filename, part.file); } catch (err) {
        // The body broke off inside the file (the client went away, or a part without its end): not a form to answer.
        if (err instanceof BrokenUpload) return await stopped({ kind: 'rejected', code: 400 });
        throw err;
      }
      if (got === 'tooLarge') {
        const name = cleanName(part.filename);
        return await stopped({ kind: 'refused', problem: (l) => tooLarge(name, o.maxUploadBytes, l) });
      }
      // A file input left empty still sends a part, with no name and no bytes.
      if (!part.filename && got.bytes === 0) await discardUpload(got);
      else files.push(got);
    }
  } catch (err) {
    await Promise.all(files.map(discardUpload));
    throw err;
  }
  // busboy also ends quietly when the body stops without its closing boundary: only a whole body is a form.
  if (!req.raw.complete) return { fields, files, stop: { kind: 'rejected', code: 400 } };
  return { fields, files };
}
