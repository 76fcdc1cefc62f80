// The scheduler's public face for the composition root.

export { type FactoryOptions, jobRunner } from './jobs.js';
export { type JobRunner, REAL_TIMER, Scheduler, type SchedulerOptions, type Timer } from './scheduler.js';
export { DEFAULT_SCHEDULES, JOB_NAMES, type ScheduledJob } from './table.js';
export { type SchedulerParts, wireScheduler } from './wire.js';
