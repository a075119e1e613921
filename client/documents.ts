/**
 * What the document commands share: one pass over the live campaign
 * (registry + every item's record) into a CampaignState, and writing the
 * file (its format is checked with the options: outFile in options.ts).
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { connectClient } from '../config/connection';
import { campaignSettings, resolveCampaign, say, UserError } from './common';
import type { CampaignState, StateInput } from '../documents/state';
import { campaignState } from '../readmodels/state';
import type { Language } from '../domain/i18n';

/** --lang / RECTIFY_LANG when given, else the campaign's language. */
export const documentLanguage = (campaignLanguage: string): Language => {
  const l = process.env.RECTIFY_LANG;
  if (l === 'en' || l === 'zh') return l;
  return campaignLanguage === 'en' ? 'en' : 'zh';
};

/** The live campaign as of now; `assessment` the range 考核 covers (default: this month). */
export async function liveState(campaign?: string, assessment?: StateInput['assessment']): Promise<CampaignState> {
  const client = await connectClient();
  try {
    const id = await resolveCampaign(client, campaign);
    await campaignSettings(client, id); // a clear message when there is no such campaign
    return await campaignState(client, id, documentLanguage, assessment);
  } finally {
    await client.connection.close();
  }
}

export async function writeOut(file: string, content: string | Buffer): Promise<void> {
  try {
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await fs.writeFile(file, content);
  } catch (e) {
    // A path that cannot be written is bad input: say which and why, in one line.
    const code = (e as { code?: string }).code ?? '';
    const why: Record<string, [string, string]> = {
      EACCES: ['无写入权限', 'not allowed to write there'], EPERM: ['无写入权限', 'not allowed to write there'],
      EISDIR: ['这是一个文件夹', 'it is a folder'], ENOTDIR: ['路径中有一段不是文件夹', 'a part of the path is not a folder'],
      EEXIST: ['路径中有一段不是文件夹', 'a part of the path is not a folder'],
      EROFS: ['只读文件系统', 'read-only file system'], ENOSPC: ['磁盘已满', 'no space left on the disk'], ENAMETOOLONG: ['文件名过长', 'the name is too long'],
      ENOENT: ['无法创建该路径', 'the path cannot be created'],
    };
    const [zh, en] = why[code] ?? [code || String((e as Error).message).split('\n')[0], code || String((e as Error).message).split('\n')[0]];
    throw new UserError(say(`--out ${file}：无法写入（${zh}）`, `--out ${file}: cannot write it (${en})`));
  }
  console.log(say(`已写入 ${file}`, `wrote ${file}`));
}
