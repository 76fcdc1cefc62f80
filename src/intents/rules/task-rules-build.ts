// Task rules for engineering work: building, batch changes, quick fixes, devops, QA, local inference.
// Rows follow the weights described in task-table.ts.

import type { TaskRule } from './task-table.js';

const BUILD_VERB =
  '(?:build|implement|create|make|develop|code|scaffold|prototype|ship|set ?up|spin up|put together|add|write)';
const BUILD_OBJECT =
  '(?:features?|pages?|apps?|apis?|endpoints?|websites?|sites?|web ?apps?|components?|integrations?|cli|bot|chatbot|extensions?|plugins?|scripts?|services?|microservices?|tools?|forms?|screens?|mvp|prototype|buttons?|modals?|widgets?|backend|frontend|schema|sdk|library|functions?|login|signup|auth|checkout|admin panel|webhooks?|saas|game|calculator|generator|parser|scraper|crawler|importer|exporter|export|search box|search bar|boxe?s?|fields?|filters?|toggles?|tabs?|charts?|tables?|pagination|dropdowns?)';
const FIX_OBJECT =
  '(?:typos?|bugs?|crash(?:es)?|errors?|issues?|broken links?|spelling|css|styling|alignment|warnings?|lint(?:ing)?|padding|margins?|404s?|regressions?|exceptions?|off[- ]by[- ]one|vulnerabilit(?:y|ies)|xss|csrf|sql injection|security (?:issue|bug|hole)s?)';
const REPOS = '(?:repos?|repositories|services|projects|packages|codebases|apps|microservices|modules|files)';

export const BUILD_RULES: TaskRule[] = [
  {
    // A message that opens with a build verb and names a software thing is a build request, even when
    // the thing is about invoices, sales or content ("build a CSV export for the invoices page").
    type: 'code',
    weight: 7,
    patterns: [
      new RegExp(
        `^(?:please |can you |could you )?(?:build|implement|develop|code|scaffold|prototype|create|make|set ?up|spin up|add)(?: me| us)? (?:a |an |the |our |my |some |new |a new )?(?:[\\w'./-]+ ){0,3}${BUILD_OBJECT}\\b`,
      ),
    ],
  },
  {
    type: 'code',
    weight: 5,
    patterns: [
      new RegExp(
        `\\b${BUILD_VERB}(?: me| us)? (?:a |an |the |our |my |some |new |a new )?(?:[\\w'./-]+ ){0,3}${BUILD_OBJECT}\\b`,
      ),
      /\bwrite (?:the |some )?code\b/,
    ],
  },
  {
    type: 'code',
    weight: 4,
    patterns: [/^(?:build|implement|develop|code|scaffold|prototype|ship|program)\b/, /^add\b/],
  },
  {
    type: 'code',
    weight: 6,
    patterns: [
      /\badd (?:[\w'-]+ ){1,5}(?:to|in|into|on) (?:the |our |my |a )?[\w-]+/,
      // A thing for users to do something with is a feature ("a way for teams to share reports").
      /\b(?:a way|pages?|features?|screens?|buttons?|options?|settings?|dashboards?|portal|flow) (?:for|where|that lets|to let|so) (?:our )?(?:users|customers|clients|teams|people|members|visitors)\b/,
      /\bfor (?:users|customers|clients|teams) to\b/,
    ],
  },
  {
    type: 'code',
    weight: 6,
    patterns: [
      /\b(?:speed up|performance|latency|load times?|memory leak|(?:is|are|feels?|so|too|really|super) slow)\b/,
    ],
  },
  { type: 'code', weight: 3, patterns: [/\b(?:implement|integrate|build (?:a|an|the|me|us|out|our|my))\b/] },
  {
    type: 'code',
    weight: 2,
    patterns: [
      /\b(?:feature|endpoint|api|app|website|web ?app|landing page|mvp|oauth|webhook|integration|frontend|backend|component|extension|dark mode|section|page|search)\b/,
    ],
  },

  {
    type: 'code_batch',
    weight: 8,
    patterns: [
      /\bin parallel\b/,
      new RegExp(
        `\\bacross (?:all |every |each |several |multiple |many |our |the |my )*(?:of )?(?:the |our |my )?${REPOS}\\b`,
      ),
      new RegExp(
        `\\b(?:in|to|on|for) (?:all|every|each|several|many|multiple) (?:of )?(?:the |our |my )?(?:\\d+ )?${REPOS}\\b`,
      ),
      /\b(?:across|in|to|on|for) (?:every|each) (?:one of (?:the |our )?)?(?:repo|repository|service|project|package|codebase|app|microservice|module)\b/,
    ],
  },
  {
    type: 'code_batch',
    weight: 6,
    patterns: [
      /\b(?:several|many|multiple|dozens of|hundreds of|lots of|\d{2,}) files\b/,
      /\b(?:codemod|(?:mass|bulk)[- ](?:rename|update|refactor|edit|change)s?|parallel(?:i[sz]e|ly)?)\b/,
    ],
  },
  { type: 'code_batch', weight: 4, patterns: [/\bbatch(?:es|ed)?\b/] },
  { type: 'code_batch', weight: 2, patterns: [/\bmonorepo\b/] },

  {
    // A visual tweak to something that exists ("make the checkout button bigger") is a quick fix.
    type: 'quick_fix',
    weight: 8,
    patterns: [
      /\bmake (?:the |our |this |that )?(?:[\w-]+ ){0,6}(?:bigger|smaller|wider|narrower|bolder|darker|lighter|rounder|taller|shorter|larger)\b/,
      /\bquick ?fix\b/,
    ],
  },
  {
    type: 'quick_fix',
    weight: 7,
    patterns: [
      /\b(?:does|do|did) nothing\b|\bdoesn'?t do anything\b|\bnot (?:responding|loading|clickable|saving)\b/,
    ],
  },
  { type: 'quick_fix', weight: 6, patterns: [/\b(?:nan|undefined|null)\b/] },
  {
    type: 'quick_fix',
    weight: 7,
    patterns: [
      /\b(?:wrong|incorrect) (?:timezone|time zone|date|time|format|currency|colou?r|order|language|total|price|number|link)s?\b|\bin the wrong (?:timezone|time zone|format|currency|order|place)\b/,
    ],
  },
  {
    type: 'quick_fix',
    weight: 8,
    patterns: [
      new RegExp(
        `\\bfix(?:ing)? (?:a |the |this |that |those |these |some |my |our |all (?:the )?)?(?:[\\w'-]+ ){0,3}${FIX_OBJECT}\\b`,
      ),
      /\bhot ?fix\b/,
    ],
  },
  {
    type: 'quick_fix',
    weight: 6,
    patterns: [
      /\btypos?\b/,
      /\brefactor(?:ing)?\b/,
      /\b(?:small|quick|minor|tiny|little|one[- ]line|simple) (?:code )?(?:change|fix|tweak|edit|update|patch)\b/,
    ],
  },
  {
    type: 'quick_fix',
    weight: 7,
    patterns: [
      /\b(?:throws?|throwing|returns?|returning) (?:an? )?(?:500|404|error|exception)|\bcrash(?:es|ed|ing)\b/,
    ],
  },
  {
    type: 'quick_fix',
    weight: 7,
    patterns: [
      /\b(?:(?:is|are|seems?|looks?) broken|not working|stopped working|(?:does not|doesn'?t|isn'?t|won'?t) work)\b/,
    ],
  },
  {
    type: 'quick_fix',
    weight: 5,
    patterns: [/\brename\b/, /\bbump\b/, /\bclean ?up (?:the )?(?:code|codebase|function|module|file|css)\b/],
  },
  {
    type: 'quick_fix',
    weight: 4,
    patterns: [
      /^fix\b/,
      /\btweak\b/,
      /\bdebug\b/,
      /\b(?:update|upgrade) (?:the |our |all )?(?:deps|dependencies|dependency|packages?|node|typescript|version)\b/,
      /\bchange (?:the )?(?:[\w'-]+ ){0,3}(?:colou?r|text|label|copy|wording|font|title|button|icon|link|url|placeholder)\b/,
    ],
  },
  {
    type: 'quick_fix',
    weight: 5,
    patterns: [
      /\b(?:broken|not working|(?:does not|doesn'?t|isn'?t|won'?t) work|stopped working|bugs?|buggy|glitch(?:y|es)?)\b/,
    ],
  },
  { type: 'quick_fix', weight: 5, patterns: [/\b(?:errors?|exceptions?|stack ?traces?)\b/] },
  { type: 'quick_fix', weight: 3, patterns: [/\bfix(?:es|ed|ing)?\b/, /\bpatch\b/] },
  {
    type: 'quick_fix',
    weight: 2,
    patterns: [/\b(?:navbar|nav bar|hero(?: section)?|footer|header|sidebar|button|css|padding|spacing)\b/],
  },

  // Opening with transcribing or narrating decides the type, whatever the recording is about.
  {
    type: 'local',
    weight: 9,
    patterns: [/^(?:transcribe|narrate)\b/, /^read (?:[\w'-]+ ){0,5}(?:aloud|out loud)\b/],
  },
  {
    type: 'local',
    weight: 8,
    patterns: [
      /\b(?:text[- ]to[- ]speech|speech[- ]to[- ]text|tts|stt|transcrib(?:e|ing)|transcription|whisper|voice ?over|llama\.?cpp|ollama|local (?:model|llm|inference)|run (?:it |this |that |them )?locally|read (?:it |this |that )?(?:aloud|out loud)|audiobook|narrat(?:e|ion))\b/,
      /\bon (?:the |my |our )?(?:gpu|gpu box|local box|local machine|own hardware|box at home|home server)\b/,
    ],
  },
  {
    type: 'local',
    weight: 8,
    patterns: [
      /\b(?:audio|voice|spoken) version\b/,
      /\b(?:into|to|as) (?:audio|speech|an? mp3|a podcast|voice)\b/,
      /\bread (?:[\w'-]+ ){0,5}(?:aloud|out loud)\b/,
    ],
  },
  { type: 'local', weight: 5, patterns: [/\b(?:locally|gpu|offline model|voice clone)\b/] },
  { type: 'local', weight: 2, patterns: [/\b(?:audio|mp3|wav|voice)\b/] },

  { type: 'devops', weight: 8, patterns: [/^(?:deploy|redeploy|roll ?back|provision)\b/] },
  {
    type: 'devops',
    weight: 7,
    patterns: [
      /\b(?:jobs?|workers?|cron|servers?|services?|containers?|pods?|backups?|deploys?|builds?|queues?) (?:keeps? |kept |is |are )?(?:failing|crashing|restarting|restarted|dying|died|timing out|went down|falling over)\b/,
      /\b(?:workers?|servers?|containers?|pods?|services?|jobs?) (?:\w+ ){0,2}(?:restart(?:ed|s)?|crash(?:ed|es)?|fail(?:ed|s)?|died)\b/,
    ],
  },
  {
    type: 'devops',
    weight: 6,
    patterns: [
      /\b(?:deploy(?:s|ed|ing|ments?)?|redeploy|ci\/cd|ci|cd pipeline|github actions|dockerfile|docker(?:-compose| compose)?|kubernetes|k8s|helm|terraform|ansible|infra(?:structure)?|devops|uptime|monitoring|alerting|rollback|roll back|load balancer|observability)\b/,
      /\bset ?up (?:the |a |an |our )?(?:[\w'-]+ )?(?:servers?|pipeline|ci|monitoring|alerts|backups|domain|database|db|environment|env|vps)\b/,
    ],
  },
  {
    type: 'devops',
    weight: 8,
    patterns: [
      /\b(?:is|are|went|goes|keeps going) down\b|\b(?:outage|downtime)\b/,
      /\b(?:site|server|app|api|prod|production|website|db|database|checkout|login) (?:is |are )?down\b/,
    ],
  },
  {
    type: 'devops',
    weight: 5,
    patterns: [
      /\b(?:servers?|vps|staging|nginx|caddy|ssl|tls|dns|cdn|caching|outage|downtime|backups?|cron ?jobs?|disk space|grafana|prometheus|sentry)\b/,
    ],
  },
  {
    type: 'devops',
    weight: 3,
    patterns: [
      /\b(?:aws|gcp|azure|cloudflare|vercel|netlify|fly\.io|heroku|hetzner|digitalocean|hosting|logs|scaling|prod|production)\b/,
    ],
  },
  {
    type: 'devops',
    weight: 7,
    patterns: [
      /\bmigrat(?:e|ion) (?:the |our )?(?:db|database|server|hosting|infra\w*)\b/,
      /\b(?:move|migrate|switch|port) (?:\w+ ){0,2}(?:hosting|servers?|infra\w*|db|database|from (?:heroku|vercel|aws|netlify|render|digitalocean)|to (?:fly\.io|aws|gcp|hetzner|render|railway))\b/,
    ],
  },
  { type: 'devops', weight: 3, patterns: [/\b(?:postgres|mysql|redis|database|db)\b/] },
  { type: 'devops', weight: 2, patterns: [/\bpipeline\b/] },

  {
    type: 'qa',
    weight: 8,
    patterns: [
      /\b(?:security (?:audit|review|scan|check|test(?:ing)?|assessment)|pen ?test(?:s|ing)?|penetration test(?:s|ing)?|vulnerabilit(?:y|ies)|vulns?|cves?|xss|sql injection|sqli|csrf|owasp|threat model(?:ing)?|exploits?)\b/,
    ],
  },
  {
    type: 'qa',
    weight: 7,
    patterns: [
      /\b(?:code review|review (?:the |this |my |our )?(?:pr|pull request|code|diff|commit|changes))\b/,
    ],
  },
  { type: 'qa', weight: 8, patterns: [/\b(?:bug hunt|bug bash|find bugs)\b/] },
  { type: 'qa', weight: 8, patterns: [/^(?:test|qa)\b/, /\btest (?:plan|cases|matrix|strategy)\b/] },
  {
    // "can users upload an svg with a script in it?": whether someone can do what they should not.
    type: 'qa',
    weight: 7,
    patterns: [
      /\b(?:can|could) (?:a |an )?(?:users?|someone|anyone|attackers?|people|hackers?|customers?) (?:upload|inject|access|see|read|log in|bypass|delete|edit|steal|get at)\b/,
    ],
  },
  {
    type: 'qa',
    weight: 7,
    patterns: [
      /\b(?:add|write) (?:some |more |the )?(?:unit |e2e |integration )?tests?\b/,
      /\bbypass(?:ed)?\b/,
    ],
  },
  {
    type: 'qa',
    weight: 5,
    patterns: [
      /\b(?:tests?|testing|qa|regressions?|e2e|end[- ]to[- ]end|coverage|smoke tests?|load tests?|stress tests?|test plan|test cases?|edge cases?)\b/,
    ],
  },
  { type: 'qa', weight: 3, patterns: [/\b(?:audit|secure|security|harden(?:ing)?)\b/] },
  { type: 'qa', weight: 2, patterns: [/\b(?:verify|validate|double[- ]check)\b/] },
];
