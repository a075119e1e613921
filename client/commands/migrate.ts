/**
 * rectify migrate [--from-data DIR]: the shared store's schema in the database
 * of RECTIFY_DATABASE_URL brought up to date (node-pg-migrate; workers and
 * `serve` do the same at start), and with --from-data a data folder copied in.
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { closeDatabases, databaseUrl, DATABASE_ENV, describeDatabase } from '../../config/database';
import { migrateDatabase } from '../../config/migrate';
import { copyDataFolder } from '../../runtime/copy-data';
import { say, UserError } from '../common';
import { parseOptions } from '../options';

const folder = (what: string) => z.string().transform((d) => path.resolve(d)).refine((d) => existsSync(d) && statSync(d).isDirectory(),
  { error: (i) => say(`${what}：不是文件夹：${String(i.input)}`, `${what}: not a folder: ${String(i.input)}`) });

const migrateOptions = z.object({ fromData: folder('--from-data').optional(), uploads: folder('--uploads').optional() });

export function register(program: Command): void {
  program.command('migrate')
    .description(say(`更新共享存储（${DATABASE_ENV} 指定的 PostgreSQL）的表结构；--from-data 把数据文件夹复制进去`,
      `bring the shared store's schema (PostgreSQL at ${DATABASE_ENV}) up to date; --from-data copies a data folder into it`))
    .option('--from-data <dir>', say('要复制进来的数据文件夹（原主机的 RECTIFY_DATA）：已发邮件、事件、文件、上传文件、节假日安排、登录会话、事项名录', 'a data folder (RECTIFY_DATA of the old host) to copy in: sent mail, events, documents, uploads, holiday years, sessions, the item listing'))
    .option('--uploads <dir>', say('原主机的上传文件夹（不在 DIR/uploads 时；RECTIFY_UPLOADS）', 'that host\'s uploads folder, if not DIR/uploads (RECTIFY_UPLOADS)'))
    .action(async (opts: object) => {
      const o = parseOptions(migrateOptions, opts);
      if (o.uploads && !o.fromData) throw new UserError(say('--uploads 需与 --from-data 一起使用', '--uploads goes with --from-data'));
      let url: string | undefined;
      try { url = databaseUrl(); } catch (err) { throw new UserError((err as Error).message); }
      if (!url) {
        throw new UserError(say(`未设置 ${DATABASE_ENV}：数据文件夹无需迁移（共享存储见 docs/runbook.md）`,
          `${DATABASE_ENV} is not set: the data folder needs no migration (the shared store: docs/runbook.md)`));
      }
      try {
        const applied = await migrateDatabase(url);
        console.log(applied.length
          ? say(`${describeDatabase(url)}：已应用 ${applied.join('、')}`, `${describeDatabase(url)}: applied ${applied.join(', ')}`)
          : say(`${describeDatabase(url)}：表结构已是最新`, `${describeDatabase(url)}: the schema is up to date`));
        if (!o.fromData) return;
        const c = await copyDataFolder(o.fromData, url, o.uploads);
        console.log(say(
          `已从 ${o.fromData} 复制：已发邮件 ${c.sent}、事件 ${c.events}、文件 ${c.documents}、上传 ${c.uploads}、节假日年份 ${c.holidayYears}、会话 ${c.sessions}、名录事项 ${c.listed}（已有的保留）`,
          `copied from ${o.fromData}: ${c.sent} sent mails, ${c.events} events, ${c.documents} documents, ${c.uploads} uploads, ${c.holidayYears} holiday years, ${c.sessions} sessions, ${c.listed} listed items (what was there is kept)`));
      } finally {
        await closeDatabases();
      }
    });
}
