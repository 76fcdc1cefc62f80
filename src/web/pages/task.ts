// Task: title, body, the result rendered from Markdown (sanitised), artifacts to download, every
// attempt, the event history, a build's branch and diff stat, and the owner's decision buttons.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatUsd } from '../../router/catalogue.js';
import type { Page, PageContext } from '../context.js';
import { type Html, html } from '../html.js';
import { duration, statePill, when } from '../layout.js';
import { renderMarkdown } from '../markdown.js';

export function artifactsDir(dataDir: string, taskId: number): string {
  return join(dataDir, 'artifacts', String(taskId));
}

/** The files in a task's artifacts folder (names only; nothing below it). */
export function listArtifacts(dataDir: string, taskId: number): Array<{ name: string; size: number }> {
  const dir = artifactsDir(dataDir, taskId);
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => ({ name: e.name, size: statSync(join(dir, e.name)).size }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

function decisionForms(id: number, state: string): Html {
  const form = (verb: string, body: Html, confirm?: string) =>
    html`<form method="post" action="/task/${id}/${verb}" ${confirm ? html`data-confirm="${confirm}"` : ''}>${body}</form>`;
  const approve = form(
    'approve',
    html`<button class="b approve" type="submit">${state === 'backlog' ? 'Confirm' : 'Approve'}</button>`,
  );
  const reject = form(
    'reject',
    html`<input type="text" name="reason" placeholder="Reason (optional)" maxlength="500"><button class="b reject" type="submit">Reject</button>`,
  );
  const revise = form(
    'revise',
    html`<input type="text" name="notes" placeholder="What should change?" required maxlength="4000"><button class="b" type="submit">Revise</button>`,
  );
  const cancel = form(
    'cancel',
    html`<button class="b" type="submit">Cancel task</button>`,
    `Cancel task #${id}?`,
  );
  const retry = form('retry', html`<button class="b" type="submit">Retry</button>`);
  const table: Record<string, Html[]> = {
    review: [approve, reject, revise, cancel],
    backlog: [approve, reject, cancel],
    ready: [cancel],
    in_progress: [cancel],
    failed: [retry],
  };
  const forms = table[state];
  return forms ? html`<div class="card actions">${forms}</div>` : html``;
}

export function taskPage(ctx: PageContext, id: number): Page {
  const found = ctx.reads.task(id);
  if (!found)
    return {
      title: 'No such task',
      live: html`<div class="card na">There is no task #${id}.</div>`,
      status: 404,
    };
  const { task, runs, events } = found;
  const said = ctx.query.said;
  const flash = said ? html`<div class="flash ${ctx.query.ok === '0' ? 'bad' : ''}">${said}</div>` : '';
  const artifacts = listArtifacts(ctx.dataDir, id);
  const diff = task.branch
    ? (ctx.reads.reviewText(id) ?? '').split('\n').find((l) => l.startsWith('Diff:'))
    : undefined;
  const top = html`<p class="small"><a href="/">← Queue</a></p>`;
  const live = html`${flash}<h1>#${task.id} ${task.title}</h1>
<div class="card"><dl class="kv">
<dt>State</dt><dd>${statePill(task.state)}${task.note ? html` <span class="muted small">${task.note}</span>` : ''}</dd>
<dt>Agent · type</dt><dd>${task.agent} · ${task.type}</dd>
<dt>Attempts</dt><dd>${task.attempts} of ${task.maxAttempts}</dd>
<dt>Cost</dt><dd>${formatUsd(task.costMicros)}</dd>
<dt>Created</dt><dd>${when(task.createdAt, ctx.timezone)}</dd>
${task.branch ? html`<dt>Branch</dt><dd><code>${task.branch}</code>${task.project ? html` in <code>${task.project}</code>` : ''}</dd>` : ''}
${diff ? html`<dt>Diff stat</dt><dd>${diff.replace(/^Diff:\s*/, '')}</dd>` : ''}
</dl></div>
${decisionForms(task.id, task.state)}
${task.body && task.body !== task.title ? html`<h2>Brief</h2><div class="card"><pre class="body">${task.body}</pre></div>` : ''}
<h2>Result</h2><div class="card result">${task.result ? renderMarkdown(task.result) : html`<span class="muted">No result yet.</span>`}</div>
<h2>Artifacts</h2><div class="card">${
    artifacts.length
      ? html`<ul>${artifacts.map(
          (a) =>
            html`<li><a href="/task/${id}/artifacts/${encodeURIComponent(a.name)}" download>${a.name}</a> <span class="muted small">${a.size} bytes</span></li>`,
        )}</ul>`
      : html`<span class="muted">None.</span>`
  }</div>
<h2>Attempts</h2><table><thead><tr><th>#</th><th>Model</th><th class="num">Tokens in/out</th><th class="num">Cost</th><th class="num">Duration</th><th>Outcome</th><th>Error</th></tr></thead><tbody>${
    runs.length
      ? runs.map(
          (
            r,
          ) => html`<tr><td>${r.attempt}</td><td>${r.model}</td><td class="num">${r.inputTokens} / ${r.outputTokens}</td>
<td class="num">${formatUsd(r.costMicros)}</td><td class="num">${r.outcome === 'running' ? html`<span data-since="${r.startedAt}"></span>` : duration(r.durationMs)}</td>
<td>${r.outcome === 'ok' ? html`<span class="ok">ok</span>` : r.outcome === 'running' ? statePill('in_progress') : html`<span class="bad">${r.outcome}</span>`}</td><td class="small">${r.error ?? ''}</td></tr>`,
        )
      : html`<tr><td colspan="7" class="muted">No attempts yet.</td></tr>`
  }</tbody></table>
<h2>History</h2><table><thead><tr><th>When</th><th>From</th><th>To</th><th>Why</th><th>By</th></tr></thead><tbody>${events.map(
    (e) =>
      html`<tr><td class="small">${when(e.at, ctx.timezone)}</td><td>${e.from ? statePill(e.from) : '—'}</td><td>${statePill(e.to)}</td><td class="small">${e.reason ?? ''}</td><td class="small muted">${e.actor}</td></tr>`,
  )}</tbody></table>`;
  return { title: `#${task.id}`, top, live };
}
