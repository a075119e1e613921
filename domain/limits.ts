/** Sizes the engine accepts from people (update payloads, CLI arguments, form posts). */
export const LIMITS = {
  progressChars: 4000,
  instructionChars: 2000,
  reasonChars: 2000,
  statementChars: 4000,
  /** 公示稿: an item's paragraph in the public announcement. */
  announcementChars: 4000,
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
  /** 督办单 keys a campaign remembers with their numbers (a retried numbering gets its number back). */
  noticeKeysKept: 2000,
  /** The largest file a person may name (campaign file, ledger, holiday, close-out or reports file). */
  inputFileBytes: 50 * 1024 * 1024,
  /**
   * The largest YAML or JSON campaign file, refused before it is parsed: parsing YAML takes some 45 times
   * the file's size in memory (a 49 MB file took 2.1 GB). 10,000 items written as fully as the seed's take
   * 8 MB; a bigger campaign lists its items in a ledger (itemsFrom).
   */
  campaignFileBytes: 10 * 1024 * 1024,
  /** Items of one campaign, inline or in a ledger (issue 18 plans for 10,000). */
  campaignItems: 20000,
  /**
   * An .xlsx ledger is a zip: checked in its central directory before anything is unpacked, and counted
   * again while it is unpacked (a directory can lie). Entries, one entry's unpacked size, all entries'
   * unpacked size, and how much one entry of more than 1 MB may expand (a 20,000-item ledger's sheet is
   * some 10 MB, compressed about 10 to 1; a zip bomb's 400 to 1 and more).
   */
  xlsxEntries: 1000,
  xlsxEntryBytes: 100 * 1024 * 1024,
  xlsxTotalBytes: 200 * 1024 * 1024,
  xlsxRatio: 200,
  /** Columns of a ledger's sheet that are read (values further right are ignored: a ledger has 14, an export 25). */
  ledgerColumns: 256,
  /** Items handed to a campaign in one update. */
  itemsPerBatch: 200,
} as const;
