// The offline intent parser: commands first, then questions, then tasks, else a clarifying question.
// Deterministic and fast; never throws. Only the first SCAN_LIMIT characters are examined.

import type { Intent, IntentParser, ParseContext, TaskDraft } from '../../ports/intents.js';
import { DEFAULT_ROUTES, type RoutingTable } from '../../router/routes.js';
import type { TaskType } from '../../router/task-types.js';
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
import { splitTasks } from './split.js';
import { type Message, readMessage, SCAN_LIMIT, startsWithTaskVerb, stripRequest } from './text.js';
import { titleFrom } from './title.js';

/** Questions that ask for research, not for an answer from Kev. */
const RESEARCH_QUESTIONS = [
  /^(?:what|which)(?: are|'re| is|'s)? (?:the )?(?:best|top|leading|cheapest|fastest|most popular|recommended)\b/i,
  /^(?:which|what) (?:[\w'-]+ ){1,3}(?:should (?:i|we) (?:use|pick|choose|try|buy)|is (?:the )?(?:best|better|cheapest))\b/i,
  /^(?:is|are) .{1,80} (?:better|worse|cheaper|faster) than\b/i,
  /^(?:who|what) are (?:our|my|the) (?:main |biggest |top |closest )?competitors\b/i,
];

/** A question about the factory itself, answered by chat rather than by new work. */
const ABOUT_WORK =
  /\b(?:working on|work on|doing|up to|busy|finish(?:ed)?|done|complete[d]?|stuck|blocked|started|progress|ready|shipped|delivered|queue|tasks?|agents?|running|idle)\b|#\d/i;

/** A statement about oneself ("I prefer short briefs") is most likely a fact to keep. */
const FIRST_PERSON = /^(?:i|i'm|im|we|we're|my|our)\b/i;

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
      return this.read(typeof text === 'string' ? text : '', context ?? {});
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
    return matchCommand(message, context) ?? this.answer(text, message) ?? this.work(text, message);
  }

  /** Questions: research questions become tasks; questions about the work, chat; the rest, ask. */
  private answer(text: string, message: Message): Intent | undefined {
    const addressed = this.placer.directory.address(message.core);
    const subject = addressed ? readMessage(addressed.rest) : message;
    const asked = subject.asked || (addressed !== undefined && message.asked);
    if (!asked) return undefined;
    const aboutWork = ABOUT_WORK.test(subject.core);
    if (addressed) return aboutWork ? chatAbout(message) : undefined;
    if (RESEARCH_QUESTIONS.some((pattern) => pattern.test(subject.core))) {
      return { kind: 'new_task', tasks: [this.draftAs(text, 'research')] };
    }
    if (aboutWork || this.placer.directory.mentions(subject.core)) return chatAbout(message);
    const placement = this.placer.place(message.core);
    return placement && placement.top >= STRONG_SCORE
      ? answerOrTask(text, message.plain, placement.type, this.routes)
      : chatAbout(message);
  }

  private work(text: string, message: Message): Intent {
    const parts = splitTasks(text, (piece) => this.opensTask(piece));
    const drafts = parts.map((part) => this.draft(part, this.placer.place(readMessage(part).core)));
    if (drafts.length >= 2 && drafts.every((draft) => draft !== undefined)) {
      return { kind: 'new_task', tasks: drafts as TaskDraft[] };
    }
    const placement = this.placer.place(message.core);
    const acts =
      placement &&
      (placement.addressed ||
        placement.requested ||
        placement.top >= STATEMENT_SCORE ||
        this.readsAsRequest(message.core));
    const draft = acts ? this.draft(text, placement) : undefined;
    if (draft) return { kind: 'new_task', tasks: [draft] };
    const hint = placement?.type ?? scoreTypes(message.core)[0]?.type;
    return unplaced(text, message.plain, this.routes, hint, FIRST_PERSON.test(message.core));
  }

  private opensTask(piece: string): boolean {
    const { core } = readMessage(piece);
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
