/** The workflows the worker registers. */
export { campaignWorkflow } from './campaign';
export { itemWorkflow } from './item';
export { deskWorkflow } from './desk';
