/** Sizes the engine accepts from people (update payloads, CLI arguments, form posts). */
export const LIMITS = {
  progressChars: 4000,
  instructionChars: 2000,
  reasonChars: 2000,
  statementChars: 4000,
  evidenceItems: 20,
  evidenceChars: 500,
  nameChars: 100,
  /** Campaign files and ledgers: an item's id, its section / topic / title / milestone deliverables, its problem and each measure. */
  idChars: 50,
  itemFieldChars: 500,
  problemChars: 4000,
  /** Measures, milestones, co-units, contacts of one item. */
  listItems: 50,
  /** Request ids remembered per item so a repeated submission records once. */
  requestIdsKept: 200,
  /** The largest file a person may name (campaign file, ledger, holiday, close-out or reports file). */
  inputFileBytes: 50 * 1024 * 1024,
  /** Items handed to a campaign in one update. */
  itemsPerBatch: 200,
} as const;
