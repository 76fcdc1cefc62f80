// Task rules for reading and judging: research, summaries, triage, analysis, UI and legal review, strategy.
// Rows follow the weights described in task-table.ts.

import type { TaskRule } from './task-table.js';

const DOC =
  '(?:documents?|docs?|reports?|pdfs?|papers?|filings?|transcripts?|spreadsheets?|decks?|whitepapers?|specs?|memos?|books?|studies|study|10-?ks?|packs?|data rooms?|due diligence|guidelines|guides?|handbooks?|manuals?|rulebooks?)';
const DESIGN_OBJECT =
  '(?:design|designs|ui|ux|ui/ux|layout|look and feel|landing page|onboarding(?: flow)?|mockups?|wireframes?|figma|screens?|styling|visuals?|typography|homepage|home page|interface|signup flow|checkout flow|colou?r scheme|colou?rs|logo|branding|nav|navigation|menus?|dark theme|theme|icons?)';
const LEGAL_OBJECT =
  '(?:contracts?|ndas?|agreements?|msas?|sows?|tos|terms|leases?|dpas?|licen[cs]es?|clauses?|polic(?:y|ies))';

export const REVIEW_RULES: TaskRule[] = [
  // Opening with a research verb decides the type, whatever domain the topic belongs to
  // ("research the best crm for a sales team" is research, not sales).
  { type: 'research', weight: 9, patterns: [/^(?:research|investigate|scout)\b/] },
  {
    type: 'research',
    weight: 8,
    patterns: [/^(?:look into|find out|dig into|read up on) (?:what|how|which|whether|if|who|why|where)\b/],
  },
  { type: 'research', weight: 7, patterns: [/^(?:look into|dig into|find out about|read up on|explore)\b/] },
  { type: 'research', weight: 8, patterns: [/^compare\b/] },
  {
    // Finding tools, options or alternatives is research, whatever they are for.
    type: 'research',
    weight: 7,
    patterns: [
      /\bfind (?:me |us )?(?:some |a few |\d+ |two |three |four |five |ten )?(?:good |cheap |free |open source )?(?:[\w-]+ ){0,2}(?:tools?|apps?|services?|options|alternatives|platforms|libraries|providers|products)\b/,
      /\b(?:what'?s|what is) out there\b|\b(?:any|are there any) (?:good |decent |cheap |free |open source )?(?:alternatives?|tools?|options|apps?|services?|libraries)\b/,
    ],
  },
  {
    type: 'research',
    weight: 8,
    patterns: [/\bmarket research\b/, /\b(?:competitive|competitor) (?:landscape|analysis|research)\b/],
  },
  {
    type: 'research',
    weight: 5,
    patterns: [
      /^(?:research|investigate|look into|find out|dig into|explore|scout)\b/,
      /\b(?:what|which)(?: are|'re| is|'s)? (?:the )?(?:best|top|leading|cheapest|fastest|most popular|main|recommended)\b/,
      /^compare\b/,
      /^(?:check|see|find out) (?:if|whether)\b/,
    ],
  },
  {
    type: 'research',
    weight: 3,
    patterns: [
      /\b(?:research|investigate|look into|look up|find out|dig into)\b/,
      /\bcompar(?:e|ison)\b/,
      /\bcompetitors?\b/,
      /\balternatives? (?:to|for)\b/,
      /\bfind (?:me |us )?(?:some |a few |the best |good |\d+ )/,
      /\bfind (?:me |us )?an? (?:cheaper|better|good|new|alternative|replacement)\b/,
    ],
  },
  { type: 'research', weight: 3, patterns: [/^(?:find|look up|search for|search)\b/] },
  { type: 'research', weight: 1, patterns: [/\b(?:top \d+|best|vs\.?|versus|options for|landscape)\b/] },

  {
    type: 'summarize',
    weight: 6,
    patterns: [
      /\b(?:summari[sz]e|summary of|tl;?dr|recap|condense|boil (?:it|this|that) down|key (?:points|takeaways))\b/,
    ],
  },
  {
    type: 'summarize',
    weight: 8,
    patterns: [
      /^(?:summari[sz]e|sum up|tl;?dr|recap|condense|summary of|gist of|the gist of|short version of)\b/,
      /\b(?:the gist|short version|sum (?:it |this |that )?up|tl;?dr of|key (?:points|takeaways) (?:from|of|in))\b/,
      /\bboil (?:[\w'-]+ ){0,5}down\b/,
    ],
  },
  { type: 'summarize', weight: 3, patterns: [/\bsummar(?:y|ies)\b/] },

  {
    type: 'triage',
    weight: 8,
    patterns: [
      /\btriage\b/,
      /\b(?:sort|prioriti[sz]e|go through|clean up|sort through|categori[sz]e|label|tag) (?:my |the |our |all (?:the |my |our )?|new |open )?(?:[\w-]+ ){0,2}(?:inbox|e-?mails?|mail|bugs?|bug reports?|issues|tickets|support (?:queue|tickets|requests)|feedback|feature requests|backlog|messages|dms|notifications)\b/,
    ],
  },
  { type: 'triage', weight: 2, patterns: [/\b(?:sort|prioriti[sz]e|categori[sz]e|inbox)\b/] },

  {
    type: 'analysis',
    weight: 8,
    patterns: [
      new RegExp(
        `\\banaly[sz](?:e|is of) (?:this |the |that |my |our |a |an |attached |these |those )?(?:[\\w'-]+ ){0,3}(?:${DOC}|contracts?|agreements?|proposals?|rfps?|files?)\\b`,
      ),
    ],
  },
  {
    // Asking for the themes of a pile of material is analysis, even of tickets or feedback.
    type: 'analysis',
    weight: 9,
    patterns: [
      /\b(?:top|main|common|recurring|biggest|key) (?:complaints|themes|patterns|pain points|objections)\b/,
      /\b(?:pull out|find|identify|extract|spot) (?:the |any |common )?(?:themes|patterns)\b/,
      /\bin common\b|\bwhat (?:they|these|those|people) (?:have in common|share)\b/,
    ],
  },
  {
    type: 'analysis',
    weight: 6,
    patterns: [
      new RegExp(
        `\\b(?:long|lengthy|huge|big|massive|\\d+[- ]?page) (?:[\\w'-]+ ){0,3}(?:${DOC}|contracts?|files?)\\b`,
      ),
      new RegExp(`\\b(?:read|go|dig|work) through (?:[\\w'-]+ ){0,4}${DOC}\\b`),
    ],
  },
  {
    type: 'analysis',
    weight: 5,
    patterns: [
      new RegExp(`\\b(?:review|read|digest) (?:this|the|that|our|my|these|a) (?:[\\w'-]+ ){0,4}${DOC}\\b`),
    ],
  },
  { type: 'analysis', weight: 3, patterns: [/\banaly[sz](?:e|is|ing)\b/, /\bdeep[- ]dive\b/] },
  { type: 'analysis', weight: 2, patterns: [/\b(?:pdf|whitepaper|transcript)\b/] },

  {
    type: 'ui_review',
    weight: 7,
    patterns: [
      new RegExp(
        `\\b(?:review|critique|audit|check|look at|look over|feedback on|roast|evaluate|assess|tear down|go over) (?:the |our |my |this |a |new |the new )?(?:[\\w'-]+ ){0,3}${DESIGN_OBJECT}\\b`,
      ),
    ],
  },
  {
    type: 'ui_review',
    weight: 5,
    patterns: [
      /\b(?:ui|ux|ui\/ux|usability|a11y|accessibility|accessible|wcag|contrast ratio|look and feel|user experience|user interface)\b/,
      /\bhow (?:does|do) (?:the |our |my |this )?(?:[\w'-]+ ){0,4}look\b/,
    ],
  },
  {
    type: 'ui_review',
    weight: 5,
    patterns: [
      /\b(?:looks?|feels?) (?:off|weird|broken|bad|ugly|clunky|cramped|cluttered|wrong|dated|cheap)\b/,
    ],
  },
  { type: 'ui_review', weight: 8, patterns: [/\b(?:design review|design feedback|ux review|ui review)\b/] },
  {
    type: 'ui_review',
    weight: 7,
    patterns: [
      /\b(?:work|look|display|render|readable|legible|usable|make sense|makes sense)s? (?:ok |fine |well |right )?on (?:a |an )?(?:small |mobile |older |tiny )?(?:phones?|mobile|tablets?|ipads?|small screens)\b/,
    ],
  },
  {
    type: 'ui_review',
    weight: 7,
    patterns: [
      /\b(?:fonts?|text|buttons?|logo|icons?|forms?|spacing|padding|images?|header|menu|cta|onboarding|flow|signup|checkout|pages?|screens?|tables?|modals?|popups?)s? (?:[\w-]+ ){0,4}(?:is |are |looks? |feels? )?too (?:small|big|large|tiny|long|dense|bright|dark|light|narrow|wide|busy)\b/,
    ],
  },
  {
    type: 'ui_review',
    weight: 6,
    patterns: [
      /\btoo (?:cluttered|busy|cramped|noisy|plain|crowded|bland)\b/,
      /\bcontrast\b/,
      /\bmakes? sense to (?:a |new |first[- ]time )*(?:users?|people|customers|visitors)\b/,
      /\b(?:pages?|screens?|flows?|forms?|tables?|layout|ui|design|onboarding|settings)\b.{0,30}\bmakes? sense\b/,
      /\b(?:confusing|intuitive|user[- ]friendly|easy to use)\b/,
    ],
  },
  {
    type: 'ui_review',
    weight: 4,
    patterns: [/\b(?:redesign|mockups?|wireframes?|figma)\b/],
  },
  { type: 'ui_review', weight: 2, patterns: [/\b(?:design|visual|layout|logo|colou?rs?|fonts?)\b/] },

  {
    type: 'legal_review',
    weight: 8,
    patterns: [
      new RegExp(
        `\\b(?:review|check|look over|redline|go over|read|vet|sanity[- ]check) (?:this|the|our|my|a|an|that|these|new|their) (?:[\\w'-]+ ){0,2}${LEGAL_OBJECT}\\b`,
      ),
      /\bcontract review\b/,
    ],
  },
  {
    type: 'legal_review',
    weight: 6,
    patterns: [
      /\b(?:legal|legally|compliance|compliant|gdpr|ccpa|hipaa|soc ?2|iso ?27001|terms of (?:service|use)|terms and conditions|t&cs?|privacy policy|cookie (?:banner|policy|consent)|dpa|nda|trademarks?|copyright|liability|lawyers?|lawsuit|attorney|eula|data protection|dmca|licensing)\b/,
    ],
  },
  {
    type: 'legal_review',
    weight: 7,
    patterns: [/\b(?:(?:are|is|be|we'?re) (?:we )?(?:allowed|permitted) to|legal to|allowed to use)\b/],
  },
  {
    type: 'legal_review',
    weight: 3,
    patterns: [/\b(?:contracts?|agreements?|clauses?|regulations?|regulatory)\b/],
  },

  {
    type: 'strategy',
    weight: 8,
    patterns: [
      /^think (?:through|about)\b/,
      /\bwhether we should\b|\bshould we (?:build|pivot|raise|hire|go|expand|enter|launch|focus|drop)\b/,
    ],
  },
  {
    type: 'strategy',
    weight: 7,
    patterns: [
      /\b(?:prds?|product requirements(?: doc(?:ument)?)?|roadmaps?|pricing strategy|go[- ]to[- ]market|gtm|business plan|strategy|strategic plan|okrs?|product spec|positioning statement|north star)\b/,
    ],
  },
  {
    type: 'strategy',
    weight: 5,
    patterns: [
      /\b(?:draft|write|create|make|put together|come up with|build|outline) (?:a |an |the |our |my )?(?:[\w'-]+ ){0,2}(?:plan|prd|roadmap|strategy|spec|proposal|memo|vision)\b/,
    ],
  },
  {
    type: 'strategy',
    weight: 5,
    patterns: [
      /\b(?:pitch deck|investor (?:update|deck|memo|call|meeting)s?|board (?:deck|meeting|update)s?|slides?)\b/,
    ],
  },
  { type: 'strategy', weight: 4, patterns: [/\b(?:positioning|vision|pivot|moat|trade-?offs?)\b/] },
  {
    type: 'strategy',
    weight: 3,
    patterns: [/\bplan(?:s|ning)?\b/, /\b(?:brainstorm|think through|think about)\b/],
  },
];
