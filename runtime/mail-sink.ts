/**
 * A local SMTP listener that keeps every message: the embedded default's mail
 * sink (files under data/mail, read with `rectify mail`) and the tests' mail
 * server. Real SMTP, on loopback only.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
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

export async function startMailSink(opts: MailSinkOptions = {}): Promise<MailSink> {
  const messages: ReceivedMail[] = [];
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
        simpleParser(raw).then(async (parsed) => {
          const addrs = (v: unknown): string[] => {
            const list = (Array.isArray(v) ? v : v ? [v] : []) as { value: { address?: string }[] }[];
            return list.flatMap((a) => a.value.map((x) => x.address ?? '')).filter(Boolean);
          };
          const headers: Record<string, string> = {};
          for (const [k, v] of parsed.headers) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
          const mail: ReceivedMail = {
            messageId: parsed.messageId ?? '', from: addrs(parsed.from)[0] ?? '', to: addrs(parsed.to), cc: addrs(parsed.cc),
            subject: parsed.subject ?? '', text: parsed.text ?? '', date: parsed.date ?? new Date(), receivedAt: new Date(), headers,
            user: typeof session.user === 'string' ? session.user : undefined,
            attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content })),
          };
          messages.push(mail);
          if (opts.dir) {
            await makePrivateDir(opts.dir);
            const name = `${mail.receivedAt.toISOString().replace(/[:.]/g, '-')}-${messages.length}.eml`;
            // A message holds live form links: the owner's alone.
            await fs.writeFile(path.join(opts.dir, name), raw, { mode: PRIVATE_FILE });
          }
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
