// Task rules for running the business: marketing, content, sales, finance, analytics, ops.
// Rows follow the weights described in task-table.ts.

import type { TaskRule } from './task-table.js';

const WRITING =
  '(?:blog ?posts?|posts?|articles?|tweets?|threads?|newsletters?|copy|docs|documentation|readme|changelog|release notes|emails?|captions?|(?:video|youtube|podcast) scripts?|essays?|faqs?|bio|announcements?|press releases?|case stud(?:y|ies)|guides?|tutorials?|headlines?|taglines?|outlines?|product descriptions?|about page|ebook|welcome message|notes?|letters?|repl(?:y|ies)|responses?|thank[- ]you (?:notes?|e-?mails?|messages?))';

export const BUSINESS_RULES: TaskRule[] = [
  {
    type: 'marketing',
    weight: 8,
    patterns: [
      /\b(?:launch plan|e-?mail campaigns?|a\/b tests?|ab tests?|split tests?|ad copy|product hunt|producthunt|show hn)\b/,
    ],
  },
  {
    type: 'marketing',
    weight: 7,
    patterns: [
      /\b(?:marketing|ad campaigns?|campaigns?|seo|sem|google ads|facebook ads|meta ads|linkedin ads|ads|adwords|growth (?:plan|hacks?|strategy|experiments?|loop|ideas?)|get more (?:users|signups|customers|traffic|trials?|trial users|subscribers|downloads)|landing page copy|email marketing|drip|influencers?|affiliates?|referral program|retargeting|brand awareness|press kit)\b/,
    ],
  },
  {
    type: 'marketing',
    weight: 8,
    patterns: [/\b(?:plan|prep|prepare|organi[sz]e|run) (?:the |our |a |for )?(?:[\w-]+ )?launch\b/],
  },
  {
    type: 'marketing',
    weight: 3,
    patterns: [
      /\b(?:growth|viral|brand(?:ing)?|promote|promotion|launch|awareness|keywords?|backlinks?|ctr|cpc|cpm|roas)\b/,
    ],
  },
  { type: 'marketing', weight: 2, patterns: [/\bpositioning\b/] },

  // Translating is writing, whatever the text is (a privacy policy, a pitch).
  { type: 'content', weight: 8, patterns: [/^translate\b/] },
  {
    type: 'content',
    weight: 7,
    patterns: [
      /\b(?:copy|paste|put|add) (?:this|that|it) (?:in|into|to) (?:the |our )?(?:newsletter|blog|post|e-?mail|docs|readme|changelog|faq)\b/,
    ],
  },
  {
    type: 'content',
    weight: 6,
    patterns: [
      new RegExp(
        `\\b(?:write|draft|compose|pen|ghostwrite|rewrite|proofread|edit) (?:me |us )?(?:a |an |the |some |our |my |\\d+ |a few )?(?:[\\w'-]+ ){0,3}${WRITING}\\b`,
      ),
    ],
  },
  {
    type: 'content',
    weight: 6,
    patterns: [
      /\bmake (?:the |our |my |this |that )?(?:[\w'-]+ ){0,3}(?:copy|e-?mails?|posts?|text|wording|tone|headlines?|taglines?|bio|messages?|newsletters?|intro) (?:less|more|shorter|longer|punchier|clearer|friendlier|simpler)\b/,
    ],
  },
  {
    type: 'content',
    weight: 5,
    patterns: [
      /\b(?:blog ?posts?|newsletters?|tweets?|twitter threads?|x threads?|linkedin posts?|copywriting|press releases?|release notes|changelog|case stud(?:y|ies)|articles?|readme|documentation|docs|captions?|ghostwrite|proofread|copy ?edit|blog)\b/,
    ],
  },
  { type: 'content', weight: 3, patterns: [/\bcopy\b/] },
  {
    type: 'content',
    weight: 2,
    patterns: [/\b(?:write|draft|rewrite|compose|edit|translate|reword|polish)\b/],
  },

  {
    type: 'sales',
    weight: 8,
    patterns: [
      /\b(?:might|would|could|likely to) buy\b|\bpotential (?:customers|buyers|clients)\b/,
      /\b(?:cold (?:e-?mails?|outreach|calls?|dms?)|outreach|lead (?:list|gen|generation)|leads|prospects?|prospecting|crm|hubspot|salesforce|pipedrive|apollo|sales (?:pipeline|deck|call|script|e-?mails?|sequence|funnel)|follow[- ]up e-?mails?|book (?:more )?demos|demo calls?|qualify (?:the )?leads?|close (?:the |more )?deals?)\b/,
    ],
  },
  { type: 'sales', weight: 5, patterns: [/\b(?:sales|reach out to|pitch)\b/] },
  { type: 'sales', weight: 2, patterns: [/\b(?:deals?|customers?|clients?|follow up with)\b/] },

  {
    type: 'finance',
    weight: 6,
    patterns: [
      /\b(?:invoices?|invoicing|budget(?:s|ing)?|runway|burn rate|pricing model|revenue|expenses?|tax(?:es)?|tax return|vat|p&l|profit and loss|cash ?flow|accounting|bookkeeping|financial model|financials|unit economics|payroll|reconcil(?:e|iation)|cap table|valuation|fundraising|margins?|ltv|cac|mrr|arr|payouts|refunds?|receipts?|quickbooks|xero|forecast(?:s|ing)?)\b/,
    ],
  },
  {
    // What the business spends is a finance question, whatever it is spent on ("ads", "servers").
    type: 'finance',
    weight: 8,
    patterns: [
      /\b(?:how much|what) (?:did|do|does|have|are|were|is) (?:we|i) (?:spend|spent|spending|pay|paid|paying)\b/,
      /\b(?:spend|spent|spending|paid|paying) on\b/,
      /\bcost(?:s|ed)? (?:us|me)\b/,
    ],
  },
  { type: 'finance', weight: 6, patterns: [/\b(?:burn|cash (?:last|left)|cash runway)\b/] },
  { type: 'finance', weight: 7, patterns: [/\b(?:biggest|largest|main|top) (?:costs?|expenses?|spend)\b/] },
  { type: 'finance', weight: 2, patterns: [/\b(?:costs?|money|financial|profit|bank)\b/] },
  { type: 'finance', weight: 1, patterns: [/\b(?:pricing|prices?)\b/] },

  {
    type: 'analytics',
    weight: 7,
    patterns: [
      /\b(?:metrics|funnels?|conversion(?: rates?)?|conversions|kpis?|analytics|cohorts?|retention (?:rate|curve|cohorts?|numbers|data)|churn rate|dau|mau|wau|posthog|mixpanel|amplitude|google analytics|ga4|plausible|attribution|sql quer(?:y|ies)|event tracking|tracking plan)\b/,
    ],
  },
  {
    type: 'analytics',
    weight: 8,
    patterns: [
      /\bfunnels?\b/,
      /\b(?:by|per|which|what|each) (?:marketing |acquisition )?channels?\b|\bchannels? (?:bring|drive|convert)/,
    ],
  },
  {
    type: 'analytics',
    weight: 7,
    patterns: [
      /\b(?:pull|crunch|get|run|chart|plot) (?:me )?(?:the )?(?:[\w-]+ ){0,2}(?:numbers|data|stats|metrics|figures)\b/,
    ],
  },
  {
    type: 'analytics',
    weight: 6,
    patterns: [/\bsign(?:ed)? ?ups?\b/, /\bhow many (?:people|users|customers|visitors)\b/],
  },
  {
    // A dashboard for customers to use is a feature, not analytics.
    type: 'code',
    weight: 9,
    patterns: [
      /\b(?:dashboards?|portal|pages?|screens?|views?) for (?:our )?(?:customers|users|clients|members) to\b/,
    ],
  },
  {
    type: 'analytics',
    weight: 6,
    patterns: [
      /\b(?:which|what) (?:features?|pages?|screens?) (?:do|are|get)\b|\b(?:most|least) (?:used|visited)\b|\buse (?:it |them )?most\b/,
    ],
  },
  {
    type: 'analytics',
    weight: 7,
    patterns: [/\bdrop(?:s|ped)?[- ]?offs?\b/],
  },
  {
    type: 'analytics',
    weight: 8,
    patterns: [
      /\b(?:build|create|make|set up|put together) (?:me |us )?(?:a |an |the |our )?(?:[\w-]+ ){0,2}dashboards?\b/,
    ],
  },
  {
    type: 'analytics',
    weight: 3,
    patterns: [
      /\b(?:traffic|stats|statistics|numbers|data|signup|usage|trends?|charts?|graphs?|insights?)\b/,
    ],
  },
  { type: 'analytics', weight: 5, patterns: [/\b(?:retention|churn|signups|traffic|dashboards?)\b/] },

  { type: 'ops', weight: 7, patterns: [/\b(?:vendors?|suppliers?)\b/] },
  { type: 'ops', weight: 8, patterns: [/\bjob (?:posts?|postings?|descriptions?|ads?|listings?)\b/] },
  { type: 'ops', weight: 6, patterns: [/^(?:schedule|reschedule|book|organi[sz]e|arrange|order)\b/] },
  {
    type: 'ops',
    weight: 8,
    patterns: [
      /\b(?:set up|schedule|book|arrange|organi[sz]e) (?:a |an |the )?(?:[\w-]+ )?(?:meeting|call|appointment|session|chat)\b/,
    ],
  },
  { type: 'ops', weight: 5, patterns: [/\b(?:business cards|office supplies|merch|swag|stationery)\b/] },
  {
    type: 'ops',
    weight: 5,
    patterns: [
      /\b(?:checklists?|paperwork|admin(?:istrative)?(?: tasks?)?|calendar|logistics|offsite|travel|flights?|hotels?|reservations?|appointments?|meetings?|sops?|contractors?|freelancers?|hire|hiring|freelance|recruit(?:ing|ment)?|job (?:post|description|ad)s?|renewals?|subscriptions?|equipment|shipping|errands?|to-?do list|reminders?)\b/,
    ],
  },
  { type: 'ops', weight: 5, patterns: [/\brenew\w*/] },
  { type: 'ops', weight: 3, patterns: [/\bdomains?\b/] },
  { type: 'ops', weight: 3, patterns: [/\b(?:schedule|book|organi[sz]e|arrange|remind)\b/] },
];
