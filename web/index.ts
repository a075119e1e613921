/** Starts `rectify serve`'s HTTP service on an address and says where it is. */
import type { Client } from '@temporalio/client';
import { buildWebServer } from './server';
import { openWebStores } from './pg-store';
import type { WebSettings } from '../config/web-settings';
import type { Language } from '../domain/i18n';
import { readWorkerEnv, smtpTransport } from '../config/worker-settings';
import type { DirectoryFile } from './directory';
import { smtpSignInMailer, type SignInMailer } from './signin-mail';

export interface RunningWeb {
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** What the mails link to (RECTIFY_PUBLIC_URL, else url). */
  publicUrl: string;
  close(): Promise<void>;
}

/**
 * `directory`: the campaign file's people who sign in (`serve --plan`, loaded before anything else);
 * the sign-in mails go over the worker's SMTP settings (RECTIFY_SMTP_*, RECTIFY_MAIL_FROM).
 */
export async function startWeb(client: Client, s: WebSettings, o: {
  host: string; port: number; campaign?: string; lang: Language; directory?: DirectoryFile;
  /** How the sign-in mails go (default: the worker's SMTP settings from the environment). */
  mailer?: SignInMailer;
}): Promise<RunningWeb> {
  const provisional = s.publicUrl ?? `http://${o.host}:${o.port}`;
  const { directory } = o;
  const mail = directory && !o.mailer ? readWorkerEnv() : undefined;
  const mailer = o.mailer ?? (mail ? smtpSignInMailer(smtpTransport(mail), { from: mail.RECTIFY_MAIL_FROM, fromName: mail.RECTIFY_MAIL_FROM_NAME }) : undefined);
  const stores = await openWebStores(s);
  const app = await buildWebServer({
    client, key: s.key, publicUrl: provisional, officeToken: s.officeToken, uploadsDir: s.uploadsDir,
    maxUploadBytes: s.maxUploadBytes, campaign: o.campaign, lang: o.lang,
    trustProxy: s.trustProxy, limits: s.limits, sessions: stores.sessions, uploads: stores.uploads, directory, mailer,
    timeouts: { requestMs: s.requestTimeoutMs },
  });
  await app.listen({ host: o.host, port: o.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${host}:${port}`;
  return { url, publicUrl: s.publicUrl ?? url, close: () => app.close() };
}
