// The board's gatekeepers, run on every request: a Host allow-list (against DNS rebinding), secure
// headers, a same-origin check on anything that changes state (CSRF), and the session cookie.

import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { SESSION_COOKIE, type Sessions } from './sessions.js';

/** Paths that answer without a session: the login itself and the static assets. */
const OPEN_PATHS = new Set(['/login', '/assets/board.css', '/assets/board.js']);

export function hostCheck(allowed: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (!allowed.has(host)) return c.text('Unknown host.', 421);
    return next();
  };
}

export function headers(): MiddlewareHandler {
  const secure = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on the board's own forms.
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    strictTransportSecurity: false,
  });
  return async (c, next) => {
    await secure(c, async () => {
      await next();
      c.header('Cache-Control', 'no-store');
    });
  };
}

/**
 * A state-changing request must come from the board's own pages: the browser says so in
 * Sec-Fetch-Site, or its Origin is one of ours. A foreign Origin is refused either way.
 */
export function sameOrigin(origins: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const originOk = origin !== undefined && origins.has(origin.toLowerCase());
    if ((origin !== undefined && !originOk) || !(originOk || site === 'same-origin'))
      return c.text('Refused: this request did not come from the board.', 403);
    return next();
  };
}

export function requireSession(sessions: Sessions): MiddlewareHandler {
  return async (c, next) => {
    if (OPEN_PATHS.has(c.req.path)) return next();
    if (!sessions.valid(getCookie(c, SESSION_COOKIE)))
      return c.html(
        '<!doctype html><title>Kev board</title><p>Not logged in. Run <code>kev board</code> for a login link.</p>',
        401,
      );
    return next();
  };
}
