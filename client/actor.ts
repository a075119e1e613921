/**
 * Who a CLI act is recorded under (经办人): `--by`, else RECTIFY_USER, else the
 * operating system's user name; never a placeholder. With none of them (an OS
 * account without a name, e.g. a container's numeric user) the act is refused
 * with exit 2: an anonymous review, dispatch or reassignment has no place in
 * the record.
 */
import os from 'node:os';
import { z } from 'zod';
import { say } from '../config/language';

/** The OS user's name, or undefined when the system has none for this process. */
export function osUserName(): string | undefined {
  try {
    const name = os.userInfo().username.trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}

/** The first name given: the option, then the environment, then the OS user. */
export function actorName(given: string | undefined, env: NodeJS.ProcessEnv = process.env, osUser: () => string | undefined = osUserName): string | undefined {
  for (const v of [given, env.RECTIFY_USER]) if (v !== undefined && v.trim()) return v.trim();
  return osUser();
}

/** The --by option's schema: the resolved name, or the refusal saying how to give one. */
export const byOption = (env: NodeJS.ProcessEnv = process.env, osUser: () => string | undefined = osUserName) =>
  z.string().optional().transform((given, ctx) => {
    const name = actorName(given, env, osUser);
    if (name) return name;
    ctx.addIssue({
      code: 'custom', input: given,
      message: say('--by：须注明经办人（--by 姓名，或设置 RECTIFY_USER）；本机用户没有名称', '--by: the act needs a name (--by NAME, or set RECTIFY_USER); this machine\'s user has none'),
    });
    return z.NEVER;
  });

/** The help text of --by. */
export const BY_HELP = (zh: string, en: string): string => say(`${zh}（默认：RECTIFY_USER，否则为操作系统用户）`, `${en} (default: RECTIFY_USER, else the operating-system user)`);
