/**
 * rectify serve: the contacts' report form (signed links from the digests)
 * and the office's live wall chart and per-unit table, over HTTP. Put it
 * behind a TLS reverse proxy for the outside world (docs/runbook.md).
 */
import type { Command } from 'commander';
import { connectClient } from '../../config/connection';
import { dataDir, ledgerDirs } from '../../config/paths';
import { z } from 'zod';
import { language, loadedYears, say, UserError } from '../common';
import { parseOptions, port } from '../options';
import { readWebSettings } from '../../config/web-settings';
import { startWeb } from '../../web';
import { DirectoryFile } from '../../web/directory';

const serveOptions = z.object({
  host: z.string(),
  port: port('--port'),
  campaign: z.string().optional(),
  plan: z.string().min(1).optional(),
});

export function register(program: Command): void {
  program.command('serve')
    .description(say('运行网页服务：联络员在线填报（邮件中的签名链接），以及办公室页面（通讯录人员凭邮件登录链接登录：事项、佐证文件、验收）', 'run the web service: the contacts\' report form (signed links in the mails) and the office (people of the directory sign in by a mailed link: items, evidence files, reviews)'))
    .option('--host <address>', say('监听地址', 'address to listen on'), process.env.RECTIFY_WEB_HOST ?? '127.0.0.1')
    .option('--port <n>', say('监听端口（0：任一空闲端口）', 'port to listen on (0: any free one)'), process.env.RECTIFY_WEB_PORT ?? '8080')
    .option('--campaign <id>', say('办公室页面的整改工作（默认：唯一正在运行的整改工作）', 'the office page\'s campaign (default: the only running one)'))
    .option('--plan <file>', say('整改工作文件：其人员名录中的人凭邮件链接登录（默认：RECTIFY_PLAN）', 'the campaign file whose people sign in with a mailed link (default: RECTIFY_PLAN)'))
    .action(async (opts: object) => {
      const o = parseOptions(serveOptions, opts);
      let settings;
      try { settings = readWebSettings(dataDir(), { ...process.env, ...(o.plan ? { RECTIFY_PLAN: o.plan } : {}) }); } catch (err) { throw new UserError((err as Error).message); }
      // The directory before Temporal: an invalid campaign file is refused first (CampaignError: every problem, exit 2).
      const directory = settings.plan ? await DirectoryFile.open(settings.plan, { loadedYears: await loadedYears(), ledgerDirs: ledgerDirs() }) : undefined;
      const client = await connectClient();
      const web = await startWeb(client, settings, { host: o.host, port: o.port, campaign: o.campaign, lang: language(), directory });
      console.log(`rectify serve: ${web.url} (${say('邮件中的链接指向', 'mails link to')} ${web.publicUrl}; ${say('办公室页面', 'office page')} ${settings.officeToken || settings.plan ? `${web.url}/office` : say('未启用（RECTIFY_OFFICE_TOKEN、RECTIFY_PLAN）', 'off (RECTIFY_OFFICE_TOKEN, RECTIFY_PLAN)')})`);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', () => resolve());
        process.once('SIGINT', () => resolve());
      });
      // Closing destroys every connection (a client mid-upload included), so this is quick; a second signal does not wait for it.
      const again = () => { console.error('rectify serve: stopped without waiting'); process.exit(1); };
      process.once('SIGTERM', again);
      process.once('SIGINT', again);
      await web.close();
      await client.connection.close();
      console.log('rectify serve: stopped');
    });
}
