// The offline intent parser: commands first, then questions, then tasks, else a clarifying question.
// Deterministic and fast; never throws. Only the first SCAN_LIMIT characters are examined.

import type { Intent, IntentParser, ParseContext, TaskDraft } from '../../ports/intents.js';
import { DEFAULT_ROUTES, type RoutingTable } from '../../router/routes.js';
import type { TaskType } from '../../router/task-types.js';
import { ownWords } from '../llm-parser/guard.js';
import { answerOrTask, clarify, unplaced } from './clarify.js';
import {
  type Placement,
  placerFor,
  STATEMENT_SCORE,
  STRONG_SCORE,
  scoreTypes,
  type TaskPlacer,
} from './classify.js';
import { matchCommand } from './commands.js';
import { readDecision } from './decisions.js';
import { guarded } from './guarded.js';
import { readPipeline } from './pipeline.js';
import { questionRequest, REVIEW_QUESTION_TYPES } from './questions.js';
import { readDismissal, readGreeting } from './small-talk.js';
import { splitTasks } from './split.js';
import { readSwitch } from './switches.js';
import { type Message, readMessage, SCAN_LIMIT, startsWithTaskVerb, stripRequest } from './text.js';
import { titleFrom } from './title.js';

/** Questions that ask for research, not for an answer from Kev. */
const RESEARCH_QUESTIONS = [
  /^(?:what'?s|what is) out there\b/i,
  /^(?:any|are there any) (?:good |decent |cheap |free |open source )?(?:alternatives?|tools?|options|apps?|services?|libraries)\b/i,
  /^(?:what|which)(?: are|'re| is|'s)? (?:the )?(?:best|top|leading|cheapest|fastest|most popular|recommended)\b/i,
  /^(?:which|what) (?:[\w'-]+ ){1,3}(?:should (?:i|we) (?:use|pick|choose|try|buy)|is (?:the )?(?:best|better|cheapest))\b/i,
  /^(?:is|are) .{1,80} (?:better|worse|cheaper|faster) than\b/i,
  /^(?:who|what) are (?:our|my|the) (?:main |biggest |top |closest )?competitors\b/i,
];

/** A question about the factory itself, answered by chat rather than by new work. */
const ABOUT_WORK =
  /\b(?:working on|work on|doing|up to|(?:is|are|who'?s) (?:\w+ )?busy|finish(?:ed)?|done|complete[d]?|stuck|blocked|started|progress|ready|shipped|delivered|queue|tasks?|agents?|running|idle)\b|#\d/i;

/** A statement about oneself ("I prefer short briefs") is most likely a fact to keep. */
const FIRST_PERSON = /^(?:i|i'm|im|we|we're|my|our)\b/i;

/** "… and find the top complaints": what to report on the same material, not a second task. */
const REPORT_BACK =
  /^(?:tell me|let me know|give me|show me|find|pull out|flag|list|identify|highlight|spot)(?: me)? (?:the |any |all )?(?:top|main|common|key|biggest|recurring|themes|patterns|risks|red flags|numbers|figures|insights|highlights|quotes|what|which|if|whether|why|how|anything)\b/i;

/** How many sentences of a message are read for a request. */
const SENTENCES_READ = 8;

function chatAbout(message: Message): Intent {
  return { kind: 'chat', question: message.plain };
}

export class RulesParser implements IntentParser {
  readonly name = 'rules';
  private readonly placer: TaskPlacer;

  constructor(private readonly routes: RoutingTable = DEFAULT_ROUTES) {
    this.placer = placerFor(routes);
  }

  async parse(text: string, context: ParseContext): Promise<Intent> {
    try {
      const message = typeof text === 'string' ? text : '';
      return guarded(this.read(message, context ?? {}), message, context ?? {});
    } catch {
      return clarify("Sorry, I didn't catch that. What would you like?", [
        { label: 'Help', intent: { kind: 'help' } },
        { label: 'Status', intent: { kind: 'status' } },
        { label: 'Show the queue', intent: { kind: 'queue' } },
      ]);
    }
  }

  private read(text: string, context: ParseContext): Intent {
    const message = readMessage(text);
    if (!text.trim() || /^\s*\?+\s*$/.test(text)) return { kind: 'help' };
    if (!message.plain) return { kind: 'chat', question: text.trim().slice(0, SCAN_LIMIT) };
    return (
      matchCommand(message, context) ??
      readDecision(text, context) ??
      readSwitch(message.core) ??
      readPipeline(message.plain) ??
      readDismissal(text, ownWords(text)) ??
      readGreeting(message.plain, (rest) => this.carriesWork(rest)) ??
      this.answer(text, message) ??
      this.work(text, message)
    );
  }

  /** Words that place as a task or open like one: more than chit-chat after a hello. */
  private carriesWork(rest: string): boolean {
    const { core } = readMessage(rest);
    return (
      this.placer.place(core) !== undefined ||
      this.opensTask(rest) ||
      matchCommand(readMessage(rest), {}) !== undefined
    );
  }

  /** A question that asks for work: the type its tail or its topic decides, else where it places. */
  private questionTask(text: string, message: Message, type: TaskType | undefined): Intent {
    if (type) return { kind: 'new_task', tasks: [this.draftAs(text, type)] };
    const placement = this.placer.place(message.core);
    const draft = this.draft(text, placement) ?? this.draftAs(text, 'research');
    return { kind: 'new_task', tasks: [draft] };
  }

  /** Questions: research questions become tasks; questions about the work, chat; the rest, ask. */
  private answer(text: string, message: Message): Intent | undefined {
    const addressed = this.placer.directory.address(message.core);
    const subject = addressed ? readMessage(addressed.rest) : message;
    const asked = subject.asked || (addressed !== undefined && message.asked);
    if (!asked || this.endsWithRequest(message.core)) return undefined;
    const aboutWork = ABOUT_WORK.test(subject.core);
    if (addressed) return aboutWork ? chatAbout(message) : undefined;
    const request = questionRequest(message.plain);
    if (request) return this.questionTask(text, message, request.type);
    if (RESEARCH_QUESTIONS.some((pattern) => pattern.test(subject.core))) {
      return { kind: 'new_task', tasks: [this.draftAs(text, 'research')] };
    }
    if (aboutWork || this.placer.directory.mentions(subject.core)) return chatAbout(message);
    const placement = this.placer.place(message.core);
    if (!placement || placement.top < STRONG_SCORE) return chatAbout(message);
    return REVIEW_QUESTION_TYPES.has(placement.type)
      ? { kind: 'new_task', tasks: [this.draftAs(text, placement.type)] }
      : answerOrTask(text, message.plain, placement.type, this.routes);
  }

  private work(text: string, message: Message): Intent {
    const parts = splitTasks(text, (piece) => this.opensTask(piece));
    const drafts = parts.map((part) => this.draft(part, this.placer.place(readMessage(part).core)));
    if (drafts.length >= 2 && drafts.every((draft) => draft !== undefined)) {
      return { kind: 'new_task', tasks: drafts as TaskDraft[] };
    }
    const placement = this.placeMain(text, message.core);
    const acts =
      placement &&
      (placement.addressed ||
        placement.requested ||
        placement.top >= STATEMENT_SCORE ||
        this.readsAsRequest(message.core));
    const draft = acts ? this.draft(text, placement) : undefined;
    if (draft) return { kind: 'new_task', tasks: [draft] };
    const hints = scoreTypes(message.core).map((score) => score.type);
    if (placement) hints.unshift(placement.type);
    return unplaced(text, message.plain, this.routes, hints, FIRST_PERSON.test(message.core));
  }

  /** A longer message that ends by asking for work ("… Can you summarize what they want?"). */
  private endsWithRequest(core: string): boolean {
    const sentences = core.split(/(?<=[.!?])\s+/);
    if (sentences.length < 2) return false;
    const last = readMessage(sentences.at(-1) ?? '');
    return last.core !== last.plain && startsWithTaskVerb(stripRequest(last.core).text);
  }

  /**
   * Where a message places: by the owner's own words when it quotes someone (the quote is material,
   * not the request), by its request sentence when it tells a story first, else by all of it.
   */
  private placeMain(text: string, core: string): Placement | undefined {
    const own = ownWords(text);
    if (own !== text.replace(/\s+/g, ' ').trim()) {
      const placed = this.placer.place(readMessage(own).core);
      if (placed) return placed;
    }
    const whole = this.placer.place(core);
    const sentences = core.split(/(?<=[.!?])\s+/);
    if (sentences.length < 2) return whole;
    const request = [...sentences].reverse().find((sentence) => {
      const read = stripRequest(readMessage(sentence).core);
      return read.requested || startsWithTaskVerb(read.text);
    });
    const placed = request ? this.placer.place(readMessage(request).core) : undefined;
    return placed && (!whole || placed.top > whole.top) ? placed : whole;
  }

  private opensTask(piece: string): boolean {
    const { core } = readMessage(piece);
    if (REPORT_BACK.test(core)) return false;
    return startsWithTaskVerb(stripRequest(core).text) || this.placer.directory.address(core) !== undefined;
  }

  /** Some sentence asks for work ("Hope you're well. Could you get someone to look into X?"). */
  private readsAsRequest(core: string): boolean {
    return core.split(/(?<=[.!?:;])\s+/, SENTENCES_READ).some((sentence) => {
      const request = stripRequest(readMessage(sentence).core);
      return request.requested || startsWithTaskVerb(request.text);
    });
  }

  private draftAs(text: string, type: TaskType): TaskDraft {
    return { title: titleFrom(text), body: text, type, agent: this.routes[type].agent };
  }

  private draft(text: string, placement: Placement | undefined): TaskDraft | undefined {
    if (!placement) return undefined;
    return {
      title: titleFrom(placement.request ?? text),
      body: text,
      type: placement.type,
      agent: placement.agent,
    };
  }
}
