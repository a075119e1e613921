/**
 * issueNotice: a 督办单's number and reply deadline. The number is the campaign's to give (its noticeNumber
 * update: one counter per campaign and year, so numbers are unique and gap-free however many items issue at
 * once); the same key always gets the same number, so a retried activity leaves no gap. The reply deadline
 * (限期回复) is n working days on the campaign's working-day calendar.
 */
import { Context } from '@temporalio/activity';
import { DateTime } from 'luxon';
import { replyDeadline } from '../domain/calendar';
import { noticeNumber, noticeSettings } from '../domain/types';
import { campaignWorkflowId, noticeNumberUpdate } from '../workflows/messages';
import type { CalendarSettingsOf } from './calendar-settings';
import type { RectifyActivities } from './types';

export const issueNotice = (calendarSettings: CalendarSettingsOf): RectifyActivities['issueNotice'] => async (input) => {
  const { campaign } = input;
  // The year the notice is dated in, in the campaign's zone.
  const year = DateTime.fromMillis(input.atMs, { zone: campaign.timeZone }).year;
  const { n } = await Context.current().client.workflow.getHandle(campaignWorkflowId(campaign.id))
    .executeUpdate(noticeNumberUpdate, { args: [{ key: input.key, year }] });
  const due = replyDeadline(calendarSettings(campaign), input.atMs, input.replyWorkingDays);
  const { format } = campaign.notices ?? noticeSettings(undefined, campaign.language);
  return { number: noticeNumber(format, year, n), year, n, replyBy: due.replyBy, replyDueAt: due.dueAt, replyDueLocal: due.dueLocal };
};
