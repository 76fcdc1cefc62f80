// Queue: every task by state, with running ones showing their model and elapsed time; filter by
// agent and type, search titles, one page of 50 at a time (fast on a queue of thousands).

import { formatUsd } from '../../router/catalogue.js';
import type { PageContext } from '../context.js';
import { type Html, html } from '../html.js';
import { statePill, when } from '../layout.js';

/** The queue's states in the order of the flow; any other state the store holds follows them. */
const STATE_ORDER = ['backlog', 'ready', 'in_progress', 'review', 'merging', 'done', 'failed', 'cancelled'];

function link(query: Record<string, string>, patch: Record<string, string | undefined>): string {
  const next = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...patch })) if (v) next.set(k, v);
  const text = next.toString();
  return text ? `/?${text}` : '/';
}

export function queuePage(ctx: PageContext) {
  const q = ctx.query;
  const page = ctx.reads.queue({
    state: q.state,
    agent: q.agent,
    type: q.type,
    search: q.q?.trim() || undefined,
    page: Number(q.page) || 1,
  });
  const states = [...STATE_ORDER, ...Object.keys(page.states).filter((s) => !STATE_ORDER.includes(s))];
  const all = Object.values(page.states).reduce((a, b) => a + b, 0);
  const options = (values: string[], selected: string | undefined, none: string): Html[] => [
    html`<option value="">${none}</option>`,
    ...values.map((v) => html`<option value="${v}" ${v === selected ? 'selected' : ''}>${v}</option>`),
  ];
  const top = html`<h1>Queue</h1>
<form class="filters" method="get" action="/">
${q.state ? html`<input type="hidden" name="state" value="${q.state}">` : ''}
<select name="agent" aria-label="agent">${options(page.agents, q.agent, 'All agents')}</select>
<select name="type" aria-label="type">${options(page.types, q.type, 'All types')}</select>
<input type="search" name="q" value="${q.q ?? ''}" placeholder="Search titles or #id" aria-label="search">
<button class="b" type="submit">Filter</button>${q.agent || q.type || q.q ? html` <a class="small" href="${link({}, { state: q.state })}">clear</a>` : ''}
</form>`;
  const tabs = html`<nav class="tabs">
<a href="${link(q, { state: undefined, page: undefined })}" class="${q.state ? '' : 'on'}">all<b>${all}</b></a>
${states.map(
  (s) =>
    html`<a href="${link(q, { state: s, page: undefined })}" class="${q.state === s ? 'on' : ''}">${s === 'in_progress' ? 'running' : s}<b>${page.states[s] ?? 0}</b></a>`,
)}</nav>`;
  const rows = page.rows.map(
    (t) => html`<tr data-task="${t.id}">
<td class="num"><a href="/task/${t.id}">#${t.id}</a></td>
<td><a href="/task/${t.id}">${t.title}</a></td>
<td>${statePill(t.state)}${
      t.running
        ? html`<div class="sub">${t.running.model} · <span data-since="${t.running.startedAt}"></span></div>`
        : ''
    }</td>
<td>${t.agent}</td><td>${t.type}</td>
<td class="num">${t.attempts}</td><td class="num">${formatUsd(t.costMicros)}</td>
<td class="small muted when">${when(t.updatedAt, ctx.timezone)}</td></tr>`,
  );
  const pager = html`<div class="pager small">
${page.page > 1 ? html`<a href="${link(q, { page: String(page.page - 1) })}">← newer</a>` : ''}
<span class="muted">page ${page.page} of ${page.pages} · ${page.total} tasks</span>
${page.page < page.pages ? html`<a href="${link(q, { page: String(page.page + 1) })}">older →</a>` : ''}</div>`;
  const live = html`${tabs}<table><thead><tr><th class="num">#</th><th>Title</th><th>State</th><th>Agent</th><th>Type</th><th class="num">Tries</th><th class="num">Cost</th><th>Updated</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="8" class="na">No tasks here.</td></tr>`}</tbody></table>${pager}`;
  return { title: 'Queue', top, live };
}
