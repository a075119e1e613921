#!/usr/bin/env node
/**
 * rectify: the coordinators' command line. Each command lives in its own file
 * under commands/. Errors meant for people print as one clear message and exit
 * non-zero (2: bad input, 1: failure); no stack trace unless RECTIFY_DEBUG=1.
 */
import { Command, Option } from 'commander';
import { UserError } from './common';
import { CampaignError } from '../domain/campaign';
import { connectionProblem } from '../config/connection';
import * as validate from './commands/validate';
import * as start from './commands/start';
import * as status from './commands/status';
import * as report from './commands/report';
import * as closeout from './commands/closeout';
import * as dispatch from './commands/dispatch';
import * as history from './commands/history';
import * as simulate from './commands/simulate';
import * as worker from './commands/worker';
import * as up from './commands/up';
import * as mail from './commands/mail';
import * as events from './commands/events';
import * as calendar from './commands/calendar';
import * as documents from './commands/documents';
import * as exportCmd from './commands/export';
import * as publish from './commands/publish';
import * as packet from './commands/packet';
import * as chart from './commands/chart';
import * as serve from './commands/serve';

export function program(): Command {
  const p = new Command('rectify')
    .description('整改工作引擎：周报告、旬调度、月督查 / rectification campaigns on Temporal')
    .addOption(new Option('--lang <lang>', 'language of messages and help: zh (default) or en; or RECTIFY_LANG').choices(['zh', 'en']))
    .showHelpAfterError()
    .exitOverride();
  for (const c of [validate, start, status, report, closeout, dispatch, history, events, simulate, worker, up, mail, calendar, documents, exportCmd, publish, packet, chart, serve]) c.register(p);
  return p;
}

/** An unexpected error's message as one line (the first); the rest, with the stack, under RECTIFY_DEBUG=1. */
const oneLine = (msg: string): string => msg.split('\n').map((l) => l.trim()).find(Boolean) ?? msg;

function explain(err: unknown): { message: string; code: number } {
  if (err instanceof CampaignError) return { message: err.message, code: 2 };
  if (err instanceof UserError) return { message: err.message, code: err.code };
  const e = err as { code?: string; message?: string; exitCode?: number };
  // Help and version are answers; every other usage error is bad input (commander printed it already).
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return { message: '', code: 0 };
  if (e.code?.startsWith('commander.')) return { message: '', code: 2 };
  const msg = String(e.message ?? err);
  return { message: connectionProblem(err) ?? oneLine(msg), code: 1 };
}

/** --lang decides the language of the help texts too, so it is read before the program is built. */
function languageFrom(argv: string[]): void {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return;
  const value = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  if (value === 'zh' || value === 'en') process.env.RECTIFY_LANG = value;
}

export async function main(argv: string[]): Promise<number> {
  languageFrom(argv);
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (err) {
    const { message, code } = explain(err);
    if (message) console.error(`rectify: ${message}`);
    if (process.env.RECTIFY_DEBUG) console.error(err);
    return code;
  }
}

if (require.main === module) {
  main(process.argv).then((code) => { process.exitCode = code; }, (err: unknown) => { console.error(err); process.exitCode = 1; });
}
