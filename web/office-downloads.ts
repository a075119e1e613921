/**
 * The office console's downloads (issue 15 point 2): the ledger (整改台账), the
 * announcement (公告), an item's record (整改记录) and packet (验收材料), and
 * the documents the engine sent. Each is built by the same functions the CLI's
 * `export ledger`, `publish announcement`, `export history ITEM`, `packet` and
 * `document` call, and answered as an attachment with a dated file name, its
 * type and nosniff (with every answer). Who may have which is decided by the
 * caller (web/office.ts): the campaign's files for the office, an item's for
 * whoever may see the item.
 */
import type { FastifyReply } from 'fastify';
import { DateTime } from 'luxon';
import type { Language } from '../domain/i18n';
import type { CampaignState } from '../documents/state';
import type { ItemSnapshot } from '../workflows/messages';
import type { DocumentStore, StoredDocument } from '../documents/store';
import { ledgerCsv, ledgerXlsx } from '../documents/ledger';
import { announcement, packet } from '../documents/model';
import { renderDocx } from '../documents/docx';
import { auditFile, auditRows } from '../documents/audit';
import { renderTemplate } from '../documents/html';
import { page } from './pages';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const CSV = 'text/csv; charset=utf-8';

const DOWNLOAD_WORDS = {
  zh: {
    downloads: '下载', ledger: '整改台账', announcement: '整改进展情况公告', documents: '已发出的文件', record: '整改记录', packet: '验收材料',
    noDocuments: '（尚无已发出的文件）', at: '时间', title: '标题',
  },
  en: {
    downloads: 'Downloads', ledger: 'ledger', announcement: 'announcement', documents: 'Documents sent', record: 'record', packet: 'packet',
    noDocuments: '(no documents sent yet)', at: 'Time', title: 'Title',
  },
};
export const downloadWords = (l: Language) => DOWNLOAD_WORDS[l];

/** `attachment; filename="…"; filename*=UTF-8''…`: the name as uploaded, an ASCII stand-in for old clients. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** A file to download: its name (dated), type and bytes. */
export interface Download { name: string; type: string; body: Buffer }

/** `名称-YYYY-MM-DD.ext`, today in the campaign's zone (the campaign's files carry the day they describe). */
const dated = (label: string, zone: string, ext: string): string => `${label}-${DateTime.now().setZone(zone).toISODate() ?? ''}.${ext}`;
const safeId = (id: string): string => id.replace(/[^\p{L}\p{N}-]/gu, '');

/** The ledger as `rectify export ledger --out FILE.xlsx|.csv` writes it. */
export async function ledgerDownload(s: CampaignState, format: 'xlsx' | 'csv'): Promise<Download> {
  const name = `${downloadWords(s.lang).ledger}-${s.campaign.name}-${s.asOf.date}.${format}`;
  return format === 'xlsx' ? { name, type: XLSX, body: await ledgerXlsx(s) } : { name, type: CSV, body: ledgerCsv(s) };
}

export async function announcementDownload(s: CampaignState): Promise<Download> {
  return { name: `${downloadWords(s.lang).announcement}-${s.campaign.name}-${s.asOf.date}.docx`, type: DOCX, body: await renderDocx(announcement(s)) };
}

export async function packetDownload(s: CampaignState, key: string, id: string): Promise<Download> {
  return { name: `${downloadWords(s.lang).packet}-${safeId(id)}-${s.asOf.date}.docx`, type: DOCX, body: await renderDocx(packet(s, key)) };
}

export async function recordDownload(snap: ItemSnapshot, zone: string, lang: Language): Promise<Download> {
  return { name: dated(`${downloadWords(lang).record}-${safeId(snap.item.id)}`, zone, 'xlsx'), type: XLSX, body: await auditFile('xlsx', auditRows(snap), zone, lang) };
}

/** One document sent, by its id, when it is this campaign's. */
export async function documentDownload(store: DocumentStore, campaign: string, id: string): Promise<Download | undefined> {
  const meta = (await store.list(campaign)).find((d) => d.id === id);
  const body = meta ? await store.read(id, 'docx') : undefined;
  return meta && body ? { name: `${meta.title}-${meta.at.slice(0, 10)}.docx`, type: DOCX, body } : undefined;
}

export function sendDownload(reply: FastifyReply, d: Download): FastifyReply {
  return reply.code(200).header('content-type', d.type).header('content-disposition', attachment(d.name))
    .header('x-content-type-options', 'nosniff').header('content-length', String(d.body.length)).send(d.body);
}

/** The download links of the board (the office's) or of an item page. */
export function downloadLinks(lang: Language, o: { campaignFiles: boolean; item?: string }): string {
  const dw = downloadWords(lang);
  const item = o.item === undefined ? undefined : `/office/items/${encodeURIComponent(o.item)}`;
  return renderTemplate(`<h2>{{ dw.downloads }}</h2><ul id="downloads">
{% if item %}<li><a href="{{ item }}/record" download>{{ dw.record }}（xlsx）</a></li><li><a href="{{ item }}/packet" download>{{ dw.packet }}（docx）</a></li>{% endif %}
{% if campaignFiles %}<li><a href="/office/downloads/ledger.xlsx" download>{{ dw.ledger }}（xlsx）</a></li><li><a href="/office/downloads/ledger.csv" download>{{ dw.ledger }}（csv）</a></li>
<li><a href="/office/downloads/announcement.docx" download>{{ dw.announcement }}（docx）</a></li>
<li><a href="/office/documents">{{ dw.documents }}</a></li>{% endif %}</ul>`, { dw, item, campaignFiles: o.campaignFiles });
}

/** The documents sent, each a docx download. */
export function documentsPage(lang: Language, docs: StoredDocument[], who: string): string {
  const dw = downloadWords(lang);
  return page(lang, dw.documents, renderTemplate(`{{ who | safe }}<h1>{{ dw.documents }}</h1>
{% if docs.length %}<div class="wrap"><table id="documents"><thead><tr><th>{{ dw.at }}</th><th>{{ dw.title }}</th></tr></thead><tbody>
{% for d in docs %}<tr><td>{{ d.when }}</td><td><a href="/office/documents/{{ d.id | urlencode }}" download>{{ d.title }}</a></td></tr>{% endfor %}</tbody></table></div>
{% else %}<p class="hint">{{ dw.noDocuments }}</p>{% endif %}`, {
    dw, who, docs: docs.map((d) => ({ id: d.id, title: d.title, when: d.at.slice(0, 16).replace('T', ' ') })),
  }));
}
