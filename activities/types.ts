/**
 * The activity interface as workflows see it (types only). The implementation
 * is `createActivities` in ./index.ts.
 */
import type { EngineEvent } from '../domain/types';
import type {
  CampaignTimeline, DigestInput, DocumentInput, IssueNoticeInput, IssuedNotice, ItemMailInput, ItemTimeline, MailAlertInput, PlaceItemMailInput,
  PlanCampaignInput, PlanItemInput, PlanLookBacksInput, StartItemsInput,
} from '../domain/contract';

// The inputs and results are defined once in domain/contract.ts.
export type {
  CampaignTimeline, DigestInput, DocumentInput, ItemMailInput, ItemTimeline, MailAlertInput, PlaceItemMailInput, PlanCampaignInput, PlanItemInput,
  RegistryRow, StartItemsInput,
} from '../domain/contract';

export interface RectifyActivities {
  planItemMoments(input: PlanItemInput): Promise<ItemTimeline>;
  planCampaignMoments(input: PlanCampaignInput): Promise<CampaignTimeline>;
  /** When an item's mail may go out (a local activity, like the planning ones). */
  placeItemMail(input: PlaceItemMailInput): Promise<{ at: number; local: string; placedBy?: string }>;
  /** 回头看: when to look back at an accepted item (a local activity, like the planning ones). */
  planLookBacks(input: PlanLookBacksInput): Promise<{ months: number; at: number; local: string }[]>;
  sendDigest(input: DigestInput): Promise<{ messageId: string; sent: boolean }>;
  sendDocument(input: DocumentInput): Promise<{ messageId: string; sent: boolean }>;
  sendItemMail(input: ItemMailInput): Promise<{ messageId: string; sent: boolean }>;
  recordEvents(events: EngineEvent[]): Promise<void>;
  startItemWorkflows(input: StartItemsInput): Promise<{ started: number; running: number }>;
  sendMailAlert(input: MailAlertInput): Promise<{ messageId: string; sent: boolean }>;
  /** 督办单: its number from the campaign (once per key) and its reply deadline on the working-day calendar. */
  issueNotice(input: IssueNoticeInput): Promise<IssuedNotice>;
}
