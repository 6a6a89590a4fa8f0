import type { Clock } from '../../ports/index.ts';

/** The default clock of the knex repositories when the composition root supplies none. */
export const systemClock: Clock = { now: () => new Date() };
