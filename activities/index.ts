/**
 * Activities: every side effect of the engine, built by a factory over its
 * dependencies (SMTP transport, sent-mail store, event sink) so that tests,
 * `simulate` and the service wire in what they need. One file per activity,
 * each with the wording of its mail beside it; what the mail activities share
 * (Message-ID, delivery, local dates) is in ./mail.ts.
 *
 * Idempotency: every mail has a Message-ID derived from campaign, recipient
 * and moment; a retried activity finds it in the sent store and does not mail
 * twice.
 */
import type { RectifyActivities } from './types';
import type { ActivityDeps } from './deps';
import { calendarSettingsOf } from './calendar-settings';
import { deliverer } from './mail';
import { placeItemMail, planItemMoments, planLookBacks } from './plan-item-moments';
import { planCampaignMoments } from './plan-campaign-moments';
import { sendDigest } from './send-digest';
import { sendDocument } from './send-document';
import { sendItemMail } from './send-item-mail';
import { recordEvents } from './record-events';
import { startItemWorkflows } from './start-item-workflows';
import { sendMailAlert } from './send-mail-alert';
import { issueNotice } from './issue-notice';

export type { ActivityDeps, EventLog, EventSink, HolidayStore, ItemListing, ListedItem, SentStore } from './deps';
export { messageIdFor } from './mail';

export function createActivities(deps: ActivityDeps): RectifyActivities {
  const deliver = deliverer(deps);
  const { settingsOf: calendarSettings, refresh } = calendarSettingsOf(deps);
  /** An activity that places moments reads the loaded holiday years first (a shared store's; the data folder's are read as needed). */
  const planning = <A extends unknown[], R>(f: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => { await refresh(); return f(...args); };
  return {
    planItemMoments: planning(planItemMoments(calendarSettings)),
    planCampaignMoments: planning(planCampaignMoments(calendarSettings)),
    placeItemMail: planning(placeItemMail(calendarSettings)),
    planLookBacks: planning(planLookBacks(calendarSettings)),
    sendDigest: planning(sendDigest(deps, deliver, calendarSettings)),
    sendDocument: sendDocument(deps, deliver),
    sendItemMail: sendItemMail(deliver),
    recordEvents: recordEvents(deps.events),
    startItemWorkflows: planning(startItemWorkflows(calendarSettings, deps.listing)),
    sendMailAlert: sendMailAlert(deps),
    issueNotice: issueNotice(calendarSettings),
  };
}
