// The frame around every page: navigation, the live badge, and the region (#live) that the
// script refreshes when the server says something changed.

import { type Html, html } from './html.js';

export const NAV: Array<{ path: string; label: string }> = [
  { path: '/', label: 'Queue' },
  { path: '/spend', label: 'Spend' },
  { path: '/pipelines', label: 'Pipelines' },
  { path: '/schedules', label: 'Schedules' },
  { path: '/agents', label: 'Agents' },
  { path: '/health', label: 'Health' },
];

export function layout(active: string, title: string, top: Html | undefined, live: Html): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Kev board</title><link rel="stylesheet" href="/assets/board.css"></head>
<body><header><span class="brand">REEF<small>Kev board</small></span><nav>${NAV.map(
    (n) => html`<a href="${n.path}" class="${n.path === active ? 'on' : ''}">${n.label}</a>`,
  )}</nav><span id="live-badge" class="live">connecting</span>
<form method="post" action="/logout"><button type="submit">Log out</button></form></header>
<main>${top ?? ''}<div id="live">${live}</div></main><script src="/assets/board.js"></script></body></html>`;
}

export function statePill(state: string): Html {
  const label = state === 'in_progress' ? 'running' : state === 'review' ? 'in review' : state;
  return html`<span class="pill s-${state.replace(/[^a-z_]/g, '')}">${label}</span>`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone and shape: building one costs far more than using it. */
export function dateFormat(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

export function when(at: number | null | undefined, timeZone: string): string {
  return at ? dateFormat(timeZone, true).format(at) : '—';
}

export function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}
