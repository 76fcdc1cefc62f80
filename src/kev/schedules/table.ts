// The jobs Kev runs on its own, as data: name, default cron (in KEV_TIMEZONE) and what it does.
// The owner overrides cron and enabled per job in kev.config.json ("schedules").

export const JOB_NAMES = ['dispatch', 'research', 'strategy', 'brief', 'security', 'weekly'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface ScheduledJob {
  name: JobName;
  cron: string;
  enabled: boolean;
  description: string;
}

export const DEFAULT_SCHEDULES: readonly ScheduledJob[] = [
  {
    name: 'dispatch',
    cron: '*/30 * * * *',
    enabled: true,
    description: 'look at the queue: expire leases, retry what waits, nudge stuck work',
  },
  {
    name: 'research',
    cron: '0 */2 * * *',
    enabled: true,
    description: 'Scout researches your standing topics',
  },
  {
    name: 'strategy',
    cron: '0 */4 * * *',
    enabled: true,
    description: 'Atlas reviews the queue, results and spend',
  },
  { name: 'brief', cron: '0 6 * * *', enabled: true, description: 'the morning brief' },
  { name: 'security', cron: '0 22 * * *', enabled: true, description: 'Hawk scans what was built today' },
  { name: 'weekly', cron: '0 9 * * 1', enabled: true, description: 'Atlas’s weekly strategy review' },
];

export type ScheduleOverrides = Partial<Record<JobName, { cron?: string; enabled?: boolean }>>;

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as readonly string[]).includes(name);
}

export function resolveSchedules(overrides: ScheduleOverrides = {}): ScheduledJob[] {
  return DEFAULT_SCHEDULES.map((job) => ({ ...job, ...overrides[job.name] }));
}
