/** recordEvents: events a workflow has to tell (reports, refusals, state changes) into the event sink. */
import type { EventSink } from './deps';
import type { RectifyActivities } from './types';

export const recordEvents = (events: EventSink): RectifyActivities['recordEvents'] =>
  async (list) => { await events.record(list); };
