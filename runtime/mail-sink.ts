/**
 * A local SMTP listener that keeps every message: the embedded default's mail
 * sink (files under data/mail, read with `rectify mail`) and the tests' mail
 * server. Real SMTP, on loopback only.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { makePrivateDir, PRIVATE_FILE } from '../config/paths';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  date: Date;
  receivedAt: Date;
  headers: Record<string, string>;
  /** The user the sender logged in as (sinks that require a login). */
  user?: string;
  /** Attached files (documents come as HTML and .docx). */
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export interface MailSink {
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
  /** Makes the next `n` messages fail with a temporary error (a mail server having trouble). */
  failNext(n: number): void;
  /** Takes the server down: every connection is refused with 421 until `up()` (a mail server out of service). */
  down(): void;
  up(): void;
  /** Connections refused while down. */
  readonly refused: number;
}

export interface MailSinkOptions {
  port?: number;
  /** Keep each message as an .eml file here. */
  dir?: string;
  onMessage?: (m: ReceivedMail) => void;
  /** Answer each message after this long (a slow mail server). */
  delayMs?: number;
  /** Require this login (AUTH PLAIN/LOGIN, allowed without TLS on loopback), as a real mail server would. */
  auth?: { user: string; pass: string };
}

/**
 * A message's file: arrival time, arrival number and a random tail, so that two
 * messages never share a file (the same millisecond, or two sinks on one folder);
 * sorted by name, the files are in arrival order.
 */
const mailFileName = (receivedAt: Date, n: number): string =>
  `${receivedAt.toISOString().replace(/[:.]/g, '-')}-${String(n).padStart(6, '0')}-${randomBytes(4).toString('hex')}.eml`;

/** Written whole or not at all: a hidden temporary file, renamed into place (a reader never sees half a mail). */
async function keepWhole(dir: string, name: string, raw: Buffer): Promise<void> {
  await makePrivateDir(dir);
  const temp = path.join(dir, `.${name}.tmp`);
  try {
    // A message holds live form links: the owner's alone.
    await fs.writeFile(temp, raw, { flag: 'wx', mode: PRIVATE_FILE });
    await fs.rename(temp, path.join(dir, name));
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

export async function startMailSink(opts: MailSinkOptions = {}): Promise<MailSink> {
  const messages: ReceivedMail[] = [];
  /** Arrival number of the next message, taken when its data has ended: its file's name is its own before anything is awaited. */
  let arrivals = 0;
  let failures = 0;
  let isDown = false;
  let refused = 0;
  const server = new SMTPServer({
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('authentication failed'), { responseCode: 535 }));
    },
    onConnect(_session, callback) {
      if (!isDown) { callback(); return; }
      refused += 1;
      const err = new Error('service not available, closing transmission channel') as Error & { responseCode: number };
      err.responseCode = 421;
      callback(err);
    },
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => void (async () => {
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (failures > 0) {
          failures -= 1;
          const err = new Error('451 temporary failure, try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks);
        const receivedAt = new Date();
        arrivals += 1;
        const fileName = opts.dir ? mailFileName(receivedAt, arrivals) : undefined;
        simpleParser(raw).then(async (parsed) => {
          const addrs = (v: unknown): string[] => {
            const list = (Array.isArray(v) ? v : v ? [v] : []) as { value: { address?: string }[] }[];
            return list.flatMap((a) => a.value.map((x) => x.address ?? '')).filter(Boolean);
          };
          const headers: Record<string, string> = {};
          for (const [k, v] of parsed.headers) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
          const mail: ReceivedMail = {
            messageId: parsed.messageId ?? '', from: addrs(parsed.from)[0] ?? '', to: addrs(parsed.to), cc: addrs(parsed.cc),
            subject: parsed.subject ?? '', text: parsed.text ?? '', date: parsed.date ?? new Date(), receivedAt, headers,
            user: typeof session.user === 'string' ? session.user : undefined,
            attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })),
          };
          // Kept on disk before the sender hears 250: a mail acknowledged is a mail in the folder.
          if (opts.dir && fileName) await keepWhole(opts.dir, fileName, raw);
          messages.push(mail);
          opts.onMessage?.(mail);
          callback();
        }).catch((err: Error) => callback(err));
      })());
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  // A sender that dies mid-session (a worker SIGKILLed) resets its connection: the sink goes on taking mail.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    port, messages,
    failNext(n: number) { failures = n; },
    down() { isDown = true; },
    up() { isDown = false; },
    get refused() { return refused; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
