// Command rows that are not about one task: pipeline, memory, status, queue, cost, agents, brief,
// help, pause, resume, greetings and acknowledgements. Each row matches the whole message.

import { forgetWhich } from './clarify.js';
import { type CommandRule, textOf, whole } from './command-rule.js';
import { ideaOf } from './pipeline.js';
import { QUEUE_SHAPE, queueState } from './queue-words.js';

const WHEN =
  '(?: (?:today|this week|this month|so far|yesterday|this morning|last week|right now|now|atm)){0,2}';

export const GENERAL_COMMANDS: CommandRule[] = [
  {
    kind: 'pipeline',
    long: true,
    patterns: whole(
      '(?:run|put|send|feed|push)\\s+(?:this|that|my|the|our|an?)\\s+idea\\s+(?:through|into|to|in)\\s+the\\s+(?:factory|pipeline)\\s*[:,-]\\s*(.+)',
      '(?:start|run|kick off|launch|begin|spin up|create|open|new)\\s+(?:a |the |new |a new )?(?:pipeline|factory|factory run|factory pipeline)\\s*(?:for|on|with|about|:|-)\\s*(.+)',
      '(?:run|put|send|feed|push)\\s+(?:the factory|the pipeline|factory|pipeline)\\s+(?:on|for|with)\\s+(.+)',
      '(?:run|put|send|feed|push)\\s+(.+?)\\s+(?:through|into|to|in) the (?:factory|pipeline)',
      '(?:(?:new|another|fresh|startup|app|product|business|saas|side project)\\s+){0,3}idea\\s*[:-]\\s*(.+)',
      "(?:i have|i'?ve got|i got|here'?s|got) (?:a |an |a new |another |one more )?(?:startup |app |product )?idea\\s*[:,-]?\\s*(?:for |about |to )?(.+)",
      '(?:pipeline|factory)\\s*[:-]\\s*(.+)',
    ),
    build: (match) => ({ kind: 'pipeline', idea: ideaOf(textOf(match) ?? match[0]) }),
  },
  {
    kind: 'pipelines',
    patterns: whole(
      '(?:my |the |all )?pipelines\\??',
      '(?:show|list|view|see)(?: me)? (?:my |the |all )?(?:pipelines|factory runs)',
      '(?:how|where) are (?:my |the |all )?pipelines(?: doing| going| at)?\\??',
      "(?:what'?s|what is) the (?:status of (?:my |the )?pipelines|pipelines' status)\\??",
    ),
    build: () => ({ kind: 'pipelines' }),
  },
  {
    kind: 'forget',
    patterns: whole(
      '(?:forget|delete|remove|drop|erase|unremember)\\s+(?:memory|fact|note|mem|memory item)\\s*#?\\s*(\\d{1,9})',
      'forget\\s+#?\\s*(\\d{1,9})',
    ),
    build: (match) => ({ kind: 'forget', memoryId: Number(match[1]) }),
  },
  {
    kind: 'memory',
    patterns: whole(
      'memory|memories|(?:my |your )?(?:facts|notes)',
      '(?:show|list|view|see)(?: me)? (?:my |your |the |all )?(?:memory|memories|facts|notes|saved facts)',
      'what (?:do|did) you (?:remember|know)(?: about (?:me|us|my business|the business|the company))?',
      "what have you (?:remembered|memori[sz]ed|saved)|what'?s in (?:your )?memory|what did i (?:tell|ask) you to remember",
    ),
    build: () => ({ kind: 'memory' }),
  },
  {
    kind: 'remember',
    long: true,
    patterns: whole(
      "(?:remember|memori[sz]e|keep in mind|don'?t forget|note to self|for future reference|for the record|add to (?:your )?memory)(?: (?:this|that))?(?:\\s*[:,-]\\s*|\\s+that\\s+|\\s+)(?!to\\b)(.+)",
      '(?:note|save|store)(?: this| that)?(?:\\s*[:-]\\s*|\\s+that\\s+)(.+)',
      'fyi[,:]?\\s+(.+)',
    ),
    build: (match) => ({ kind: 'remember', fact: textOf(match) ?? match[0] }),
  },
  {
    kind: 'remember',
    long: true,
    patterns: whole('(?:please |pls |can you |could you )?remind me (?:to |about |that |of )?(.+)'),
    build: (match) => ({ kind: 'remember', fact: textOf(match) ?? match[0], reminder: true }),
  },
  {
    kind: 'remember',
    long: true,
    patterns: whole("(?:remember|don'?t forget) to .+"),
    build: (match) => ({ kind: 'remember', fact: match[0].charAt(0).toUpperCase() + match[0].slice(1) }),
  },
  {
    kind: 'clarify',
    patterns: whole('forget|forget (?:something|a (?:fact|memory|note))'),
    build: () => forgetWhich(),
  },
  {
    kind: 'status',
    patterns: whole(
      `(?:quick |short |brief |a )?(?:status|stat|stats|sitrep|status update|status report|update|updates|any updates|any news|report|progress)${WHEN}`,
      `(?:give me |send me |what'?s |what is )?(?:a |an |the )?(?:status|update|status update|status report|progress report|overview)${WHEN}`,
      `(?:what'?s|whats|what is) (?:the )?(?:status|state of things|state of play|latest|situation|news|happening|going on|up|new|running|cooking)${WHEN}`,
      `how (?:are|r) (?:things|we|the agents|the team)(?: doing| going| looking)?${WHEN}`,
      `how'?s (?:it|everything|things|stuff|the team|work|the factory|business)(?: going| looking| doing)?(?: with (?:the team|the agents|everyone|work))?${WHEN}`,
      'any (?:progress|updates|news)(?: (?:today|so far|yet))?',
      `how is (?:it|everything|work|the team) (?:going|looking)${WHEN}`,
      "where (?:are|r) we(?: at)?|where do things stand|what are (?:you|the agents|we|the team|everyone|you all|y'?all) (?:up to|doing|working on)(?: right now| now)?",
      "what(?:'?s| is) (?:everyone|everybody|the team|the factory|the crew) (?:doing|working on|up to)(?: right now| now| today)?|anything (?:going on|happening)(?: right now| now| today)?|(?:what'?s|what is) (?:the )?(?:agents'?|team'?s?|factory'?s?) status|(?:is )?anything running(?: right now| now| at the moment| atm)?|who'?s (?:busy|working)",
    ),
    build: () => ({ kind: 'status' }),
  },
  {
    kind: 'queue',
    patterns: [QUEUE_SHAPE],
    build: (match) => {
      const state = queueState(match[0]);
      return state ? { kind: 'queue', state } : { kind: 'queue' };
    },
  },
  {
    kind: 'cost',
    patterns: whole(
      `(?:cost|costs|spend|spending|spent|burn|usage|bill|the bill|budget)${WHEN}`,
      `(?:cost|costs|spend|spending|usage) (?:report|breakdown|summary)${WHEN}`,
      'how much (?:did|have|has|do|does) (?:we|i|you|it|the agents|everyone|kev|this) (?:spent|spend|spending|cost|costed|burned|burnt|used|using)(?:\\s.{0,60})?',
      'how much (?:money |cash |budget )?(?:is|are|was|have we|did we) (?:left|remaining|spent|used|burned)(?:\\s.{0,60})?',
      'how much (?:budget|money) (?:is |do we have |have we got )?(?:left|remaining)(?:\\s.{0,40})?',
      `what (?:did|have) (?:we|i|you|the agents) (?:spend|spent)(?: so far)?${WHEN}`,
      `how much (?:is|are) (?:this|it|kev|the agents|the team|everything|all this) costing(?: us| me)?${WHEN}`,
      'how much (?:did|does|has|have) (?:today|this week|this month|it|that|this|all this|the team|the agents) (?:cost|spent|spend)(?: us| me)?(?: so far)?',
      `(?:what'?s|what is|what are|show(?: me)?|give me) (?:the |our |my |today'?s |this week'?s |this month'?s )?(?:cost|costs|spend|spending|burn|usage|bill|damage|budget left|remaining budget|api costs?|api spend|ai spend)${WHEN}`,
      '(?:are we|am i) (?:over|under|within|near|close to) (?:the )?budget(?:\\s.{0,40})?',
    ),
    build: () => ({ kind: 'cost' }),
  },
  {
    kind: 'agents',
    patterns: whole(
      '(?:about )?(?:agents|team|the team|my team|roster|the roster|crew|staff|workers|bots)',
      '(?:list|show|see|view)(?: me)? (?:the |all |my |your )?(?:agents|team|bots|workers|roster|crew)',
      "(?:who'?s|who is|whos) (?:on|in) (?:the|my|your) (?:team|roster|crew)",
      'who (?:do i have|works (?:for me|here)|are (?:my|the|your) (?:agents|team|workers|bots))',
      '(?:which|what) agents(?: do (?:i|we) have| are there| are available)?|meet the team|who does what(?: around here| here| on the team)?',
    ),
    build: () => ({ kind: 'agents' }),
  },
  {
    kind: 'brief',
    patterns: whole(
      'brief|briefing|the brief|my brief|brief me|debrief|digest|daily digest|rundown|the rundown',
      "(?:morning|daily|evening|today'?s|weekly|nightly) (?:brief|briefing|report|digest|summary|update|rundown)",
      "(?:give|send|show) me (?:the |a |my |today'?s )?(?:morning |daily )?(?:rundown|brief|briefing|summary|digest|overview|recap)",
      '(?:send|show)(?: me)? (?:the |my )?(?:morning |daily )?brief(?:ing)?',
      "catch me up|fill me in|what did i miss|what'?d i miss|what happened (?:overnight|today|yesterday|while i was (?:away|out|asleep|gone))",
    ),
    build: () => ({ kind: 'brief' }),
  },
  {
    kind: 'help',
    patterns: whole(
      "(?:i'?m (?:lost|confused|stuck)[,.!]* )?(?:help|halp|help me|\\?+|commands|menu|options|instructions|usage|features|manual)(?: pls| please)?",
      'what commands (?:are there|do you (?:have|know|understand)|can i use)|which commands',
      'what (?:can|do) you do|what (?:else )?can you (?:do|help with)|how does this work|how do (?:i|you) (?:use (?:you|this|kev)|work)',
      'what are (?:the|your) commands|how does (?:this|it|this thing|kev) work|how do i (?:start|begin|use this)|what can i (?:say|ask|do)|what are you|who are you',
    ),
    build: () => ({ kind: 'help' }),
  },
  {
    kind: 'pause',
    patterns: whole(
      'pause|pause (?:all|everything|work|it all|the (?:queue|factory|agents|team|work))',
      'stop|stop (?:all|everything|working|work|all work|it all|the (?:queue|factory|agents|team))|everyone stop|all stop|emergency stop',
      'hold|hold (?:on|up|off|everything|all work)|halt|halt everything|freeze|freeze everything|stand down|take a break|hold the line',
    ),
    build: () => ({ kind: 'pause' }),
  },
  {
    kind: 'resume',
    patterns: whole(
      'resume|resume (?:all|everything|work|working|the queue|the factory|operations)|unpause|un-pause|unfreeze',
      "carry on|continue|keep going|go on|start again|start back up|back to work|get back to work|you can continue|proceed|we'?re good,? (?:resume|continue|carry on)",
      'restart (?:all|everything|work)|play|go|go go go|back on',
    ),
    build: () => ({ kind: 'resume' }),
  },
  {
    kind: 'start',
    patterns: whole("start|get started|let'?s (?:start|go|begin)"),
    build: () => ({ kind: 'start' }),
  },
];
