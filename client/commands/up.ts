/**
 * rectify up (npm start): the embedded default on one machine — a Temporal
 * dev server persisting to data/temporal.sqlite with its Web UI, a local mail
 * sink keeping every message under data/mail, and the worker; then it starts
 * the example campaign built from the seed (dates moved to start today) and
 * says where to look. Ctrl-C stops everything cleanly.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { installRuntime } from '../../worker/runtime';
import { Client, Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { startDevServer } from '../../runtime/dev-server';
import { startMailSink } from '../../runtime/mail-sink';
import { dataDir, ledgerDirs, PROJECT_ROOT } from '../../config/paths';
import { createWorker } from '../../worker';
import { openEngineStores, storeDeps } from '../../activities/engine-stores';
import { startCampaign } from '../../runtime/start-campaign';
import { z } from 'zod';
import { say, loadCampaignFile, language, loadedYears } from '../common';
import { parseOptions, port } from '../options';
import { persistedSecret } from '../../config/links';
import { readWebSettings } from '../../config/web-settings';
import { startWeb } from '../../web';
import { DirectoryFile } from '../../web/directory';
import { smtpSignInMailer } from '../../web/signin-mail';

/** The ports as numbers (0: any free one); a port that cannot be listened on is the server's to refuse. */
const upOptions = z.object({
  campaign: z.string(),
  rebase: z.boolean(),
  port: port('--port'),
  smtpPort: port('--smtp-port'),
  webPort: port('--web-port'),
});

export function register(program: Command): void {
  program.command('up')
    .description(say('一键启动本机环境：Temporal 开发服务器、邮件收件箱、worker 和示例整改工作', 'run the embedded default: dev server, mail sink, worker and the example campaign'))
    .option('--campaign <file>', say('要启动的整改工作文件', 'campaign to start'), path.join(PROJECT_ROOT, 'examples', 'seed-campaign.yaml'))
    .option('--no-rebase', say('保留整改工作自己的日期（默认：示例从今天开始）', 'keep the campaign\'s own dates (default: the example starts today)'))
    .option('--port <n>', say('Temporal 端口', 'Temporal port'), process.env.RECTIFY_TEMPORAL_PORT ?? '7233')
    .option('--smtp-port <n>', say('本机邮件收件箱端口', 'mail sink port'), process.env.RECTIFY_SMTP_PORT ?? '2525')
    .option('--web-port <n>', say('网页表单和办公室页面的端口（rectify serve）', 'port of the web form and office page (rectify serve)'), process.env.RECTIFY_WEB_PORT ?? '8080')
    .action(async (opts: object) => {
      const o = parseOptions(upOptions, opts);
      installRuntime('WARN');
      const dir = dataDir();
      const plan = await loadCampaignFile(o.campaign, o.rebase ? { rebaseTo: 'today' } : undefined);
      const server = await startDevServer({ dataDir: dir, port: o.port });
      const sink = await startMailSink({ port: o.smtpPort, dir: path.join(dir, 'mail') });
      // The embedded default's link key and office token: made once in the data folder (mode 0600).
      const web = readWebSettings(dir, {
        ...process.env,
        RECTIFY_LINK_KEY: process.env.RECTIFY_LINK_KEY ?? (process.env.RECTIFY_LINK_KEY_FILE ? undefined : persistedSecret(dir, 'link-key')),
        RECTIFY_OFFICE_TOKEN: process.env.RECTIFY_OFFICE_TOKEN ?? (process.env.RECTIFY_OFFICE_TOKEN_FILE ? undefined : persistedSecret(dir, 'office-token')),
      });
      const client = new Client({ connection: await Connection.connect({ address: server.address }) });
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
      // The campaign's people sign in at /office/login; their links arrive in the sink.
      const directory = await DirectoryFile.open(o.campaign, { loadedYears: await loadedYears(), ledgerDirs: ledgerDirs() });
      const site = await startWeb(client, web, {
        host: '127.0.0.1', port: o.webPort, lang: language(), directory, mailer: smtpSignInMailer(transport, { from: 'rectify@localhost' }),
      });
      const connection = await NativeConnection.connect({ address: server.address });
      const worker = await createWorker({
        connection,
        deps: {
          transport,
          // The data folder, as the embedded default always had it (RECTIFY_DATABASE_URL: the database, migrated first).
          from: 'rectify@localhost', ...storeDeps(await openEngineStores(dir), dir),
          links: { baseUrl: site.publicUrl, key: web.key, graceHours: 72 },
        },
      });
      const running = worker.run();
      const started = await startCampaign(client, plan);
      console.log([
        say('rectify 已在本机运行：', 'rectify is running on this machine:'),
        `  Temporal:      ${server.address}   (TEMPORAL_ADDRESS=${server.address})`,
        `  Web UI:        ${server.uiUrl}`,
        `  ${say('邮件收件箱', 'mail sink')}:    smtp://127.0.0.1:${sink.port} → ${path.join(dir, 'mail')}   (npx rectify mail)`,
        `  ${say('填报与挂图', 'web')}:     ${site.url}   (${say('邮件中的填报链接指向这里；办公室页面', 'the mails\' form links come here; office page')} ${site.url}/office/login: ${say('通讯录人员凭邮件中的登录链接登录（见邮件收件箱），服务账号口令见', 'the directory\'s people sign in with the mailed link (in the sink); the service account\'s token in')} ${path.join(dir, 'office-token')})`,
        `  ${say('数据', 'data')}:          ${dir}`,
        `  ${say('示例整改工作', 'example campaign')}:  ${plan.id}, ${plan.items.length} ${say('个事项', 'items')} (${started.added} ${say('新增', 'added')}), ${say('开始于', 'starts')} ${plan.start}`,
        '',
        say('试试：', 'Try:'),
        '  npx rectify status',
        `  npx rectify report "(1)" --progress "${say('已制定学习制度', 'study rules drafted')}" --percent 40`,
        '  npx rectify mail',
        '  npx rectify documents',
        '  npx rectify export ledger --out ledger.xlsx',
        '  npx rectify publish announcement --out announcement.docx',
        '  npx rectify chart --out chart.html',
        '  npx rectify packet "(1)" --out packet-1.docx',
        say('按 Ctrl-C 停止。', 'Ctrl-C stops everything.'),
      ].join('\n'));
      await running;
      await site.close();
      await client.connection.close();
      await connection.close();
      await sink.close();
      await server.stop();
      console.log(say('已停止。', 'stopped.'));
    });
}
