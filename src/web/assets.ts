// The board's only assets, served by Kev itself (no CDN, no build step): one stylesheet and one
// small script for live updates (server-sent events), elapsed-time counters and confirm prompts.

export const BOARD_CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2330;--muted:#667085;--line:#e4e7ec;--accent:#2f6fed;
--ok:#14804a;--warn:#b54708;--bad:#c01f3b;--run:#6941c6;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink)}
header{background:#121826;color:#fff;display:flex;align-items:center;gap:24px;padding:0 24px;height:52px}
header .brand{font-weight:700;letter-spacing:.08em}header .brand small{font-weight:400;color:#98a2b3;letter-spacing:0;margin-left:6px}
header nav{display:flex;gap:4px}header nav a{color:#d0d5dd;text-decoration:none;padding:6px 10px;border-radius:6px}
header nav a:hover{background:#1f2937;color:#fff}header nav a.on{background:#2f6fed;color:#fff}
header .live{margin-left:auto;font-size:12px;color:#98a2b3}header .live.on::before{content:"● ";color:#32d583}
header form{margin:0}header button{background:none;border:1px solid #344054;color:#d0d5dd;border-radius:6px;padding:4px 10px;cursor:pointer}
main{max-width:1200px;margin:24px auto;padding:0 24px}
h1{font-size:22px;margin:0 0 16px}h2{font-size:16px;margin:24px 0 10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin-bottom:16px}
table{width:100%;border-collapse:collapse;background:var(--card)}th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}tr:hover td{background:#fafbfc}
a{color:var(--accent)}.muted{color:var(--muted)}.small{font-size:13px}
.tabs{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:12px}.tabs a{padding:5px 11px;border-radius:999px;border:1px solid var(--line);background:#fff;text-decoration:none;color:var(--ink);font-size:13px}
.tabs a.on{background:var(--ink);color:#fff;border-color:var(--ink)}.tabs a b{font-weight:600;margin-left:4px}
.filters{display:flex;gap:8px;margin-bottom:12px;flex-wrap:wrap}.filters select,.filters input{padding:6px 8px;border:1px solid var(--line);border-radius:6px;font:inherit;background:#fff}
.filters input[type=search]{min-width:260px}
.pill{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;background:#eef2f6;color:#344054;white-space:nowrap}
.s-backlog{background:#f2f4f7;color:#475467}.s-ready{background:#eff8ff;color:#175cd3}.s-in_progress{background:#f4f3ff;color:var(--run)}
.s-review{background:#fffaeb;color:var(--warn)}.s-done{background:#ecfdf3;color:var(--ok)}.s-failed{background:#fef3f2;color:var(--bad)}.s-cancelled{background:#f2f4f7;color:#667085}
.pager{display:flex;gap:12px;align-items:center;margin-top:12px}.pager a{text-decoration:none}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:16px}.stat{font-size:24px;font-weight:700}
.actions{display:flex;gap:10px;flex-wrap:wrap;align-items:flex-start}.actions form{display:flex;gap:6px;align-items:flex-start;margin:0}
.actions input[type=text]{padding:6px 8px;border:1px solid var(--line);border-radius:6px;font:inherit;width:220px}
button.b{padding:6px 14px;border-radius:6px;border:1px solid var(--line);background:#fff;font:inherit;cursor:pointer}
button.b:hover{border-color:#98a2b3}button.approve{background:var(--ok);border-color:var(--ok);color:#fff}button.reject{color:var(--bad)}
.flash{padding:10px 14px;border-radius:8px;margin-bottom:16px;background:#eff8ff;border:1px solid #b2ddff}.flash.bad{background:#fef3f2;border-color:#fecdca}
.result{overflow-wrap:anywhere}.result pre{background:#f2f4f7;padding:10px;border-radius:6px;overflow:auto}.result code{font-size:13px}
pre.body{white-space:pre-wrap;margin:0;font:inherit}
dl.kv{display:grid;grid-template-columns:140px 1fr;gap:4px 12px;margin:0}dl.kv dt{color:var(--muted)}dl.kv dd{margin:0}
svg.chart{width:100%;height:auto;display:block}svg.share{width:300px;max-width:100%;height:14px;vertical-align:middle;margin-left:8px}svg.chart text{font-size:11px;fill:#667085}
svg .bar{fill:#2f6fed}svg .over{fill:#f04438}svg .budget{stroke:#f79009;stroke-dasharray:4 3;stroke-width:1.5}svg .axis{stroke:#d0d5dd}
.hbar{height:10px;background:#eef2f6;border-radius:5px;overflow:hidden}.ok{color:var(--ok)}.bad{color:var(--bad)}
.card>h2:first-child{margin-top:0}td.when,td .sub{white-space:nowrap}td .sub{font-size:12px;color:var(--muted);margin-top:2px}
table.checks td:first-child{width:60px}table.checks td:nth-child(2){width:140px}
.row{display:flex;justify-content:space-between;align-items:center;gap:12px}.row h2{margin:0}
ol.stages{display:flex;gap:4px;list-style:none;padding:0;margin:12px 0 14px;flex-wrap:wrap}
ol.stages li{flex:1;min-width:90px;text-align:center;font-size:12px;font-weight:600;padding:6px 4px;border-radius:6px;background:#f2f4f7;color:#98a2b3}
ol.stages li.passed{background:#ecfdf3;color:var(--ok)}ol.stages li.now{background:#f4f3ff;color:var(--run);outline:2px solid var(--run)}
ol.stages li.now.stopped{background:#fef3f2;color:var(--bad);outline-color:var(--bad)}
.na{padding:28px;text-align:center;color:var(--muted)}
`;

export const BOARD_JS = `
(function(){
  function ago(ms){var s=Math.max(0,Math.floor(ms/1000));var h=Math.floor(s/3600),m=Math.floor(s%3600/60);s=s%60;
    return (h?h+'h ':'')+(h||m?m+'m ':'')+s+'s';}
  function tick(){document.querySelectorAll('[data-since]').forEach(function(el){
    el.textContent=ago(Date.now()-Number(el.getAttribute('data-since')));});}
  setInterval(tick,1000);tick();
  document.addEventListener('submit',function(e){var f=e.target;var q=f.getAttribute('data-confirm');
    if(q&&!window.confirm(q))e.preventDefault();});
  var live=document.getElementById('live');var badge=document.getElementById('live-badge');
  if(!live||!window.EventSource)return;
  function busy(){var a=document.activeElement;if(a&&live.contains(a)&&(a.tagName==='INPUT'||a.tagName==='TEXTAREA'||a.tagName==='SELECT'))return true;
    return Array.prototype.some.call(live.querySelectorAll('input[type=text],textarea'),function(i){return i.value!=='';});}
  var pending=false,loading=false;
  function refresh(){if(busy()){pending=true;return;}if(loading){pending=true;return;}loading=true;pending=false;
    fetch(location.href,{headers:{'X-Board-Fragment':'1'},credentials:'same-origin'}).then(function(r){
      if(r.status===401){location.reload();return '';}return r.ok?r.text():'';}).then(function(t){
      if(t){live.innerHTML=t;tick();document.dispatchEvent(new Event('board:updated'));}}).finally(function(){loading=false;if(pending)refresh();});}
  document.addEventListener('focusout',function(){if(pending)setTimeout(refresh,0);});
  var es=new EventSource('/events');
  es.addEventListener('open',function(){if(badge){badge.className='live on';badge.textContent='live';}});
  es.addEventListener('error',function(){if(badge){badge.className='live';badge.textContent='reconnecting';}});
  es.addEventListener('change',refresh);
})();
`;
