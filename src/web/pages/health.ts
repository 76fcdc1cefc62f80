// Health: what `kev doctor` says, the chat transports and whether they are up, the outbox backlog
// and the messages parked for good.

import type { Page, PageContext } from '../context.js';
import { html } from '../html.js';
import { when } from '../layout.js';

export async function healthPage(ctx: PageContext): Promise<Page> {
  const checks = await ctx.doctor();
  const box = ctx.reads.outboxHealth();
  const parked = ctx.reads.parked();
  const live = html`<h1>Health</h1>
<div class="grid">
<div class="card"><div class="muted small">Outbox backlog</div><div class="stat ${box.pending > 20 ? 'bad' : ''}">${box.pending}</div><div class="small muted">${box.oldestPendingAt ? html`oldest since ${when(box.oldestPendingAt, ctx.timezone)}` : 'nothing waiting'}</div></div>
<div class="card"><div class="muted small">Parked messages</div><div class="stat ${box.parked ? 'bad' : ''}">${box.parked}</div><div class="small muted">delivery stopped for good</div></div>
<div class="card"><div class="muted small">Transports</div>${ctx
    .transports()
    .map(
      (t) =>
        html`<div>${t.running ? html`<span class="ok">●</span>` : html`<span class="bad">●</span>`} ${t.platform} ${t.running ? 'connected' : 'stopped'}</div>`,
    )}</div></div>
<h2>kev doctor</h2><table class="checks"><tbody>${checks.map(
    (c) =>
      html`<tr><td>${c.ok ? html`<span class="ok">ok</span>` : html`<span class="bad">FAIL</span>`}</td><td><b>${c.name}</b></td><td>${c.detail}</td></tr>`,
  )}</tbody></table>
${
  parked.length
    ? html`<h2>Parked</h2><table><thead><tr><th>#</th><th>Platform</th><th>When</th><th>Error</th></tr></thead><tbody>${parked.map(
        (p) =>
          html`<tr><td>${p.id}</td><td>${p.platform}</td><td>${when(p.parkedAt, ctx.timezone)}</td><td class="small">${p.lastError ?? ''}</td></tr>`,
      )}</tbody></table>`
    : ''
}`;
  return { title: 'Health', live };
}
