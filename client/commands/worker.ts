/** rectify worker: the worker as a long-lived service (see docs/runbook.md). */
import type { Command } from 'commander';
import { runServiceWorker } from '../../worker/service';
import { say } from '../common';

export function register(program: Command): void {
  program.command('worker')
    .description(say('以服务方式运行 worker（SIGTERM 时安全退出；连接按 Temporal 标准环境配置）', 'run the worker as a service (clean exit on SIGTERM; Temporal environment configuration)'))
    .action(async () => { await runServiceWorker(); });
}
