// "schedules" and "cycles" in kev.config.json: overrides apply, and a wrong job name, a bad cron
// pattern or an unknown field stops start-up with a sentence naming it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/config.js';
import { loadPolicy } from '../src/config/policy-file.js';
import { loadFactorySettings } from '../src/config/schedule-file.js';
import { tempDir } from './helpers/store.js';

function file(json: unknown): string {
  const path = join(tempDir('kev-config-'), 'kev.config.json');
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

describe('schedules in kev.config.json', () => {
  it('uses the defaults without a file', () => {
    const settings = loadFactorySettings('/nonexistent/kev.config.json');
    expect(settings.schedules.map((j) => `${j.name} ${j.cron} ${j.enabled}`)).toContain(
      'brief 0 6 * * * true',
    );
    expect(settings.cycles.research.type).toBe('research');
  });

  it('overrides a job’s cron and switch, and a cycle’s template', () => {
    const path = file({
      schedules: { brief: { cron: '30 7 * * 1-5' }, weekly: { enabled: false } },
      cycles: { security: { body: 'Look hard at:\n{builds}' } },
    });
    loadPolicy(path);
    const settings = loadFactorySettings(path);
    expect(settings.schedules.find((j) => j.name === 'brief')).toMatchObject({
      cron: '30 7 * * 1-5',
      enabled: true,
    });
    expect(settings.schedules.find((j) => j.name === 'weekly')?.enabled).toBe(false);
    expect(settings.cycles.security).toMatchObject({ type: 'qa', body: 'Look hard at:\n{builds}' });
  });

  it.each([
    [
      { schedules: { breif: { cron: '0 6 * * *' } } },
      'schedules.breif is not a job (the jobs are dispatch, research, strategy, brief, security, weekly).',
    ],
    [
      { schedules: { brief: { cron: '61 6 * * *' } } },
      'schedules.brief.cron is not a valid cron pattern ("61 6 * * *": Invalid value for minute: 61).',
    ],
    [
      { schedules: { brief: { cron: '0 6 * * * *' } } },
      'schedules.brief.cron is not a valid cron pattern ("0 6 * * * *": must have five fields (minute hour day-of-month month day-of-week)).',
    ],
    [{ schedules: { brief: { enabled: 'no' } } }, 'schedules.brief.enabled'],
    [{ schedules: { brief: { when: '06:00' } } }, 'schedules.brief'],
    [
      { cycles: { marketing: { title: 'x' } } },
      'cycles.marketing is not a cycle (the cycles are research, strategy, weekly, security).',
    ],
    [{ cycles: { research: { type: 'gardening' } } }, 'cycles.research.type'],
  ])('stops start-up on %j', (json, message) => {
    const path = file(json);
    expect(() => loadPolicy(path)).toThrow(ConfigError);
    expect(() => loadPolicy(path)).toThrow(message);
  });
});
