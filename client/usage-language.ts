/**
 * Commander's own words (help headings, the help option, its usage errors) in the language of this run:
 * under zh they are said in Chinese, under en as commander writes them. Commander has no message table,
 * so its finished text is rewritten here, phrase by phrase.
 */
import { Help, type Command } from 'commander';
import { language, say } from '../config/language';

/** Commander's phrases and what they are in Chinese; `$1`… keep the option, argument or value named. */
const ZH: [RegExp, string][] = [
  [/^Usage: ?/gm, '用法：'],
  [/^Arguments: ?/gm, '参数：'],
  [/^Global Options: ?/gm, '全局选项：'],
  [/^Options: ?/gm, '选项：'],
  [/^Commands: ?/gm, '命令：'],
  [/\[options\]/g, '[选项]'],
  [/\[command\]/g, '[命令]'],
  [/\(choices: ([^)]*)\)/g, '（可选：$1）'],
  [/\(default: ([^)]*)\)/g, '（默认：$1）'],
  [/error: unknown option '([^']*)'/g, "错误：未知选项 '$1'"],
  [/error: unknown command '([^']*)'/g, "错误：未知命令 '$1'"],
  [/error: missing required argument '([^']*)'/g, "错误：缺少参数 '$1'"],
  [/error: option '([^']*)' argument missing/g, "错误：选项 '$1' 缺少取值"],
  [/error: required option '([^']*)' not specified/g, "错误：缺少必需的选项 '$1'"],
  [/error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are ([^.]*)\./g, "错误：选项 '$1' 的取值 '$2' 无效，可选：$3。"],
  [/error: option '([^']*)' argument '([^']*)' is invalid\./g, "错误：选项 '$1' 的取值 '$2' 无效。"],
  [/error: (.*) cannot be used with (.*)/g, '错误：$1 不能与 $2 同时使用'],
  [/error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./g, '错误：参数过多（应为 $2 个，实际 $3 个）。'],
  [/\(Did you mean one of ([^?]*)\?\)/g, '（您是否要输入以下之一：$1？）'],
  [/\(Did you mean ([^?]*)\?\)/g, '（您是否要输入 $1？）'],
  [/\(add --help for additional information\)/g, '（加 --help 查看说明）'],
  [/\bdisplay help for command\b/g, '显示命令帮助'],
];

/** Commander's text in this run's language. */
export const inRunLanguage = (text: string): string => (language() === 'en' ? text : ZH.reduce((t, [from, to]) => t.replace(from, to), text));

/** Has `program` (and every command added to it after this: commander copies the settings) speak this run's language. */
export function speakRunLanguage(program: Command): Command {
  return program
    .helpOption('-h, --help', say('显示命令帮助', 'display help for command'))
    .helpCommand('help [command]', say('显示命令帮助', 'display help for command'))
    .configureHelp({ formatHelp: (cmd, helper) => inRunLanguage(Help.prototype.formatHelp.call(helper, cmd, helper)) })
    .configureOutput({ outputError: (str, write) => write(inRunLanguage(str)) });
}
