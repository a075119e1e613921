#!/usr/bin/env node
/**
 * rectify: the coordinators' command line. Each command lives in its own file
 * under commands/. Errors meant for people print as one clear message and exit
 * non-zero (2: bad input, 1: failure); no stack trace unless RECTIFY_DEBUG=1.
 */
import { Command, Option } from 'commander';
import { z } from 'zod';
import { UserError } from '../runtime/user-error';
import { settingProblem } from '../domain/i18n';
import { CampaignError } from '../domain/campaign/problems';
import { dataDir, PRIVATE_UMASK, tightenFolder } from '../config/paths';
import { language, say } from '../config/language';
import { speakRunLanguage } from './usage-language';

/** What a file under commands/ exports: how it adds itself (options, help, action) to the program. */
interface CommandModule { register(program: Command): void }

/**
 * Each top-level command and the file that defines it, loaded only when it is
 * run (or for the full help): `rectify validate` need not load the Temporal
 * worker, the web server, the Word and spreadsheet writers and the mail
 * parser, which together are most of a command's start-up time.
 */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  validate: () => import('./commands/validate'),
  start: () => import('./commands/start'),
  status: () => import('./commands/status'),
  report: () => import('./commands/report'),
  closeout: () => import('./commands/closeout'),
  dispatch: () => import('./commands/dispatch'),
  history: () => import('./commands/history'),
  notice: () => import('./commands/notice'),
  notices: () => import('./commands/notices'),
  reopen: () => import('./commands/reopen'),
  lookback: () => import('./commands/lookback'),
  note: () => import('./commands/note'),
  announcement: () => import('./commands/announcement'),
  events: () => import('./commands/events'),
  simulate: () => import('./commands/simulate'),
  worker: () => import('./commands/worker'),
  up: () => import('./commands/up'),
  mail: () => import('./commands/mail'),
  calendar: () => import('./commands/calendar'),
  documents: () => import('./commands/documents'),
  document: () => import('./commands/documents'),
  export: () => import('./commands/export'),
  publish: () => import('./commands/publish'),
  packet: () => import('./commands/packet'),
  chart: () => import('./commands/chart'),
  serve: () => import('./commands/serve'),
  migrate: () => import('./commands/migrate'),
};

/** The command a command line runs: its first word that is not a global option (--lang) or that option's value. */
function commandWord(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lang') { i++; continue; }
    if (a.startsWith('-')) continue;
    return a;
  }
  return undefined;
}

/**
 * The program with the command that `args` (the words after `rectify`) runs,
 * or with every command when none is named, for help, or for an unknown word
 * (so commander's suggestions and help list them all).
 */
export async function program(args: string[] = []): Promise<Command> {
  const p = new Command('rectify')
    .description(say('整改工作引擎：周报告、旬调度、月督查', 'rectification campaigns on Temporal: weekly reports, dekad dispatch, monthly inspection'))
    .addOption(new Option('--lang <lang>', say('提示和帮助的语言：zh（默认）或 en；也可用 RECTIFY_LANG', 'language of messages and help: zh (default) or en; or RECTIFY_LANG')).choices(['zh', 'en']))
    .showHelpAfterError()
    .exitOverride();
  speakRunLanguage(p);
  const word = commandWord(args);
  const names = word && Object.hasOwn(COMMANDS, word) ? [word] : Object.keys(COMMANDS);
  const modules = await Promise.all(names.map((n) => COMMANDS[n]()));
  for (const m of new Set(modules)) m.register(p);
  return p;
}

/** An unexpected error's message as one line (the first); the rest, with the stack, under RECTIFY_DEBUG=1. */
const oneLine = (msg: string): string => msg.split('\n').map((l) => l.trim()).find(Boolean) ?? msg;

async function explain(err: unknown): Promise<{ message: string; code: number }> {
  if (err instanceof CampaignError) return { message: err.text(language()), code: 2 };
  // A refusal of the service's settings (RECTIFY_LINK_KEY …) is written in English where it is checked.
  if (err instanceof UserError) return { message: settingProblem(err.message, language()), code: err.code };
  const e = err as { code?: string; message?: string; exitCode?: number };
  // Help and version are answers; every other usage error is bad input (commander printed it already).
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') return { message: '', code: 0 };
  if (e.code?.startsWith('commander.')) return { message: '', code: 2 };
  const msg = String(e.message ?? err);
  // Loaded on failure only: it reads the Temporal connection settings.
  const { connectionProblem } = await import('../config/connection');
  return { message: connectionProblem(err) ?? settingProblem(oneLine(msg), language()), code: 1 };
}

/** --lang decides the language of the help texts too, so it is read before the program is built. */
function languageFrom(argv: string[]): void {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return;
  const value = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  if (value === 'zh' || value === 'en') process.env.RECTIFY_LANG = value;
}

/**
 * What rectify writes is its owner's alone: the umask covers every file and
 * folder this process and its children create (the modes given where rectify
 * creates its files cover the modules used without the CLI); a data folder
 * left open by an older version is closed now.
 */
function keepDataPrivate(): void {
  process.umask(PRIVATE_UMASK);
  tightenFolder(dataDir());
  if (process.env.RECTIFY_UPLOADS) tightenFolder(process.env.RECTIFY_UPLOADS);
}

export async function main(argv: string[]): Promise<number> {
  languageFrom(argv);
  // zod's own messages (a data file's wrong type, a missing field) in the language of this run.
  if (language() === 'zh') z.config(z.locales.zhCN());
  keepDataPrivate();
  try {
    await (await program(argv.slice(2))).parseAsync(argv);
    return 0;
  } catch (err) {
    const { message, code } = await explain(err);
    if (message) console.error(`rectify: ${message}`);
    if (process.env.RECTIFY_DEBUG) console.error(err);
    return code;
  }
}

if (require.main === module) {
  main(process.argv).then((code) => { process.exitCode = code; }, (err: unknown) => { console.error(err); process.exitCode = 1; });
}
