// Schedules: each job with its cron, next run, last outcome, and a Pause / Resume button that runs
// the chat's /schedules pause|resume.

import type { ScheduleRunRow } from '../../db/index.js';
import { nextSlot } from '../../kev/schedules/cron.js';
import type { Page, PageContext } from '../context.js';
import { type Html, html } from '../html.js';
import { when } from '../layout.js';

function last(run: ScheduleRunRow | undefined, ctx: PageContext): Html {
  if (!run) return html`<span class="muted">not run yet</span>`;
  const cls = run.outcome === 'ok' ? 'ok' : run.outcome === 'running' ? '' : 'bad';
  return html`<span class="${cls}">${run.outcome}</span> <span class="small muted">${when(run.slotAt, ctx.timezone)}${run.detail ? html` · ${run.detail}` : ''}</span>`;
}

export function schedulesPage(ctx: PageContext): Page {
  const said = ctx.query.said;
  const rows = ctx.schedules.map((job) => {
    const paused = ctx.store.schedules.state(job.name).paused;
    const next = job.enabled && !paused ? nextSlot(job.cron, ctx.timezone, ctx.now) : undefined;
    const button = !job.enabled
      ? html`<span class="small muted">off in kev.config.json</span>`
      : html`<form method="post" action="/schedules/${job.name}/${paused ? 'resume' : 'pause'}"><button class="b" type="submit">${paused ? 'Resume' : 'Pause'}</button></form>`;
    return html`<tr><td><b>${job.name}</b><div class="sub">${job.description}</div></td><td><code>${job.cron}</code></td>
<td>${!job.enabled ? 'off' : paused ? html`<span class="pill s-review">paused</span>` : next ? when(next, ctx.timezone) : '—'}</td>
<td>${last(ctx.store.schedules.recent(job.name, 1)[0], ctx)}</td><td>${button}</td></tr>`;
  });
  const live = html`${said ? html`<div class="flash ${ctx.query.ok === '0' ? 'bad' : ''}">${said}</div>` : ''}<h1>Schedules</h1>
<p class="muted small">Times in ${ctx.timezone}.</p>
<table><thead><tr><th>Job</th><th>Cron</th><th>Next run</th><th>Last outcome</th><th></th></tr></thead><tbody>${
    rows.length ? rows : html`<tr><td colspan="5" class="na">No scheduled jobs.</td></tr>`
  }</tbody></table>`;
  return { title: 'Schedules', live };
}
