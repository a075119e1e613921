/**
 * The campaign file (整改方案): what the CLI, activities, scripts and tests use of it.
 *
 * Every problem is collected, never only the first, and named so that an office can find it:
 * `seed.yaml: item (12), deadline: no such day: "2023-02-30"`,
 * `ledger.xlsx row 5, column 整改时限 (K): no such day: "2023-02-30"`,
 * `seed.yaml: cadence.weeklyDue.time: ...`, `seed.yaml line 3, column 7: ...`.
 *
 * load.ts      the entry points: a file or its text → CampaignPlan
 * parse.ts     a file → text → plain data (YAML or JSON), line and column of a syntax error
 * problems.ts  Problem, CampaignError, zod issues as sentences, paths counted from 1
 * items.ts     the items, inline or from a ledger, and how problems name where each is
 * directory.ts the people directory: leaders, contacts, unit heads
 * validate.ts  the schema and the cross-checks; the file's JSON Schema
 * normalise.ts working-day deadlines, item keys, people resolved, rebasing → CampaignPlan
 */
export { loadCampaign, loadCampaignText } from './load';
export { dataFormatOf, parseCampaignText, readDataFileSync, readDataTextSync, type CampaignFormat } from './parse';
export { CampaignError, formatPath, type Problem } from './problems';
export { campaignJsonSchema, validateCampaign, type LoadOptions, type ValidateOptions } from './validate';
export { itemKeys } from './normalise';
