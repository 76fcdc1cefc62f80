import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { getRequestListener } from '@hono/node-server';
const st = () => { const s = readFileSync('/proc/self/status', 'utf8'); const g = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)[1]) / 1024; const m = process.memoryUsage(); return { rss: g('VmRSS').toFixed(1), anon: g('RssAnon').toFixed(1), file: g('RssFile').toFixed(1), heapTotal: (m.heapTotal / 1048576).toFixed(1), ext: (m.external / 1048576).toFixed(1) }; };
const page = '<li>task</li>'.repeat(3000);
const app = new Hono();
app.get('/events', (c) => streamSSE(c, async (s) => { while (!s.aborted) { await s.writeSSE({ data: 'x' }); await s.sleep(1000); } }));
app.get('*', (c) => c.html(`<html>${page}${Math.random()}</html>`));
const server = createServer(process.env.NOHONO ? undefined : getRequestListener(app.fetch));
server.listen(0, '127.0.0.1', async () => {
  await new Promise((r) => setTimeout(r, 2000)); global.gc(); await new Promise((r) => setTimeout(r, 200));
  const before = st();
  process.send?.({ port: server.address().port });
  process.on('message', () => { global.gc(); setTimeout(() => { console.log(JSON.stringify({ before, after: st() })); process.exit(0); }, 200); });
});
