// The scheduler as the composition root builds it: the configured jobs, each run by the job table,
// with the same options for the scheduling loop and for what each job does.

import type { Logger } from '../../shared/log.js';
import { type FactoryOptions, jobRunner } from './jobs.js';
import { Scheduler, type Timer } from './scheduler.js';

export interface SchedulerParts extends Omit<FactoryOptions, 'kick'> {
  log: Logger;
  timer?: Timer | undefined;
  /** Raised when a job queued work (the "something changed" signal). */
  changed: { emit(): void };
}

export function wireScheduler(parts: SchedulerParts): Scheduler {
  const { log, timer, changed, ...factory } = parts;
  return new Scheduler({
    ...{ store: factory.store, jobs: factory.jobs, timezone: factory.timezone, log, clock: factory.clock },
    ...(timer ? { timer } : {}),
    run: jobRunner({ ...factory, kick: () => changed.emit() }),
  });
}
