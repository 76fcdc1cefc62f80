// Kev's core: handle(incoming) turns one inbound update into state changes and replies.
// Flow: owner check → size check → dedupe → command | awaited answer | parser → action, then the
// action, its replies (into the outbox) and the "handled" mark commit in one SQLite transaction.

import { IllegalTransitionError, type Store, TaskNotFoundError } from '../db/index.js';
import { isStoreFailure } from '../db/store-errors.js';
import {
  type HandleResult,
  type Incoming,
  NotRecordedError,
  type PendingVoice,
  type Receipt,
  type VoiceNote,
} from '../ports/chat.js';
import { PromptOptionsSchema } from '../ports/intent-schema.js';
import {
  type Intent,
  type IntentParser,
  type ParseContext,
  type TaskDraft,
  taskIdOf,
} from '../ports/intents.js';
import { OutboxPayloadSchema } from '../ports/outbox.js';
import type { Provider } from '../router/catalogue.js';
import type { Policy } from '../router/policy.js';
import type { Logger } from '../shared/log.js';
import { parseStored } from '../shared/parse-stored.js';
import {
  ACTIONS,
  type ActionContext,
  type ActionResult,
  type Awaiting,
  type ChatRef,
  type Reply,
} from './actions/index.js';
import { gatherChatFacts } from './chat-facts.js';
import { type CommandTools, parseCommand, unknownCommand } from './commands.js';
import { bytes } from './format.js';
import { followCurrentStage } from './pipeline/index.js';
import type { PipelinePlan } from './pipeline/stages.js';
import { quickPlan, stopRunning } from './quick-words.js';
import type { ScheduledJob } from './schedules/table.js';
import { TaskNews } from './task-news.js';
import { pendingVoiceOf, transcribePending, VOICE_LOST, voiceMarker, voiceRefOf } from './voice-record.js';

export interface KevOptions {
  store: Store;
  policy: Policy;
  parser: IntentParser;
  /** Builds a task draft from free text (for /task). */
  draft(text: string): TaskDraft;
  /**
   * Allowed user ids per platform Kev serves. Fails closed: a platform without an entry, or with an
   * empty one, admits nobody.
   */
  owners: Record<string, ReadonlySet<string>>;
  /** The owner's main chat for news of tasks from no served platform; default: the first owner of the first platform. */
  home?: ChatRef;
  configured: ReadonlySet<Provider>;
  timezone: string;
  /** confirmAboveUsd: tasks whose first call may cost more wait for a confirmation (default 0.50). */
  budget: { dailyUsd: number; taskUsd: number; confirmAboveUsd?: number };
  maxMessageBytes: number;
  log: Logger;
  clock?: () => number;
  /** The scheduled jobs as configured (for /schedules and the brief); defaults when unset. */
  schedules?: readonly ScheduledJob[];
  /** Raised after replies are written to the outbox (and tasks changed), so the loops wake at once. */
  changed?: { emit(): void };
  /** The stages of new factory pipelines (default: the seven of src/kev/pipeline/stages.ts). */
  pipelinePlan?: PipelinePlan;
}

type Plan =
  | { intent: Intent }
  | { intents: Intent[] }
  | { choice: { promptId: number; index: number } }
  | { result: ActionResult };

/** How many earlier messages of the chat the parser sees. */
const RECENT_MESSAGES = 8;
/** How many memory rows (facts and decisions) the parser sees. */
const MEMORY_FACTS = 5;

/** The intents the board may run: the owner's decisions on one task. */
export type DecisionKind = 'approve' | 'reject' | 'revise' | 'cancel' | 'retry';
/** What the board may ask of Kev: a decision on a task, or pausing and resuming a scheduled job. */
export type BoardIntent = Extract<Intent, { kind: DecisionKind | 'schedules' }>;

/** Where a board decision's action runs when its task came from no chat. */
const BOARD_CHAT: ChatRef = { platform: 'board', chatId: 'owner' };

interface Answered {
  outboxId: number | null;
  label: string;
}

interface ChatState {
  lastTaskId?: number;
  awaiting?: Awaiting;
}

export class Kev {
  private readonly clock: () => number;
  private readonly inFlight = new Set<string>();
  private readonly chains = new Map<string, Promise<unknown>>();

  /** The dispatcher's and the merge service's events, turned into notices to the right chat. */
  readonly news: TaskNews;

  constructor(private readonly options: KevOptions) {
    this.clock = options.clock ?? Date.now;
    this.news = new TaskNews({
      store: options.store,
      notify: (chat, reply) => this.notify(chat, reply),
      apply: (chat, change) => this.apply(chat, change),
      progress: (chat, key, text, final) => this.progress(chat, key, text, final),
      serves: (platform) => platform in options.owners,
      home: options.home ?? homeChat(options.owners),
    });
  }

  async handle(incoming: Incoming, receipt?: Receipt): Promise<HandleResult> {
    const { log } = this.options;
    if (!this.isOwner(incoming)) {
      log.info(
        {
          platform: incoming.platform,
          userId: incoming.userId,
          chatId: incoming.chatId,
          chatType: incoming.chatType,
        },
        'dropped an update from someone who is not the owner',
      );
      return { handled: false };
    }
    const key = `${incoming.platform}:${incoming.messageId}`;
    if (this.inFlight.has(key)) return { handled: false };
    this.inFlight.add(key);
    try {
      return await this.handleOwned(incoming, receipt);
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * Handles again the updates that were recorded but never finished (the process died mid-way).
   * A transport calls this at start, before it receives anything new; a voice note cut off before
   * its transcript is fetched again through `voiceFromRef` (the transport's).
   */
  async replayUnhandled(platform: string, voiceFromRef?: (ref: string) => PendingVoice): Promise<number> {
    const rows = this.options.store.conversation.unhandled(platform);
    for (const row of rows) {
      const base = {
        platform,
        chatId: row.chatId,
        userId: row.userId ?? '',
        messageId: row.externalId ?? '',
      };
      const { choicePromptId: promptId, choiceIndex: index } = row;
      const ref = voiceRefOf(row.text);
      await this.handle(
        promptId != null && index != null
          ? { ...base, kind: 'choice', promptId, index }
          : ref !== undefined
            ? { ...base, kind: 'text', text: '', voice: voiceFromRef ? voiceFromRef(ref) : VOICE_LOST }
            : { ...base, kind: 'text', text: row.text },
      );
    }
    return rows.length;
  }

  /** Puts a message for the owner in the outbox from outside a conversation (reviews, briefs). */
  notify(chat: ChatRef, reply: Reply): void {
    this.options.store.db.transaction(() => this.enqueue(chat, reply));
    this.options.changed?.emit();
  }

  /** Catches up pipeline steps a crash cut short (a stage merged, the next one not yet queued). */
  catchUpPipelines(): void {
    for (const pipeline of this.options.store.pipelines.list(['running', 'stopped']))
      this.apply(this.news.chatOf(pipeline), () => followCurrentStage(this.options.store, pipeline.id));
  }

  /**
   * Runs a state change from outside a conversation (a merge finished, a task failed) and puts the
   * messages it returns in the outbox, in one transaction.
   */
  apply(chat: ChatRef, change: () => Reply[]): void {
    const replies = this.options.store.db.transaction(() => {
      const out = change();
      for (const reply of out) this.enqueue(chat, reply);
      return out;
    });
    if (replies.length) this.options.changed?.emit();
  }

  /**
   * A decision made off the chat (the board): the same action as a chat command, in one
   * transaction, and every open question about the task, in whichever chat, is closed and its
   * message edited through the outbox, exactly as a decision typed in that chat would.
   */
  decide(intent: BoardIntent): { ok: boolean; text: string } {
    const { store, log } = this.options;
    const taskId = 'taskId' in intent ? intent.taskId : undefined;
    const task = taskId === undefined ? undefined : store.tasks.get(taskId);
    const chat =
      task?.platform && task.chatId ? { platform: task.platform, chatId: task.chatId } : BOARD_CHAT;
    let result: ActionResult;
    try {
      result = store.db.transaction(() => {
        const done = this.act(chat, intent);
        if (done.decided) {
          const { note } = done.decided;
          const closed = store.prompts.closeAnywhere((json) => {
            const stored = parseStored(PromptOptionsSchema, json);
            return stored.ok && stored.value.some((o) => taskIdOf(o.intent) === taskId);
          });
          for (const prompt of closed)
            if (prompt.outboxId)
              this.enqueueEdit({ platform: prompt.platform, chatId: prompt.chatId }, prompt.outboxId, note);
        }
        return done;
      });
    } catch (error) {
      if (error instanceof TaskNotFoundError || error instanceof IllegalTransitionError)
        return { ok: false, text: error.message };
      log.error({ err: error }, 'a board decision failed');
      return {
        ok: false,
        text: 'Something went wrong on my side; nothing was changed. The log has the details.',
      };
    }
    this.options.changed?.emit();
    const ok = result.decided !== undefined || intent.kind === 'schedules';
    return { ok, text: result.replies.map((r) => r.text).join('\n') };
  }

  /**
   * One message that says how a piece of work goes: the first call sends it, later calls edit it
   * (a progress line, not a stream of messages). `final` edits it one last time and forgets it;
   * a final with no message sent before sends nothing.
   */
  progress(chat: ChatRef, key: string, text: string, final = false): void {
    const { store } = this.options;
    const setting = `progress:${key}`;
    store.db.transaction(() => {
      const sent = store.settings.get<number>(setting);
      if (sent !== undefined && store.outbox.get(sent)) {
        store.outbox.enqueue({ ...chat, kind: 'edit', refId: sent, payload: { text } });
      } else if (!final) {
        store.settings.set(setting, this.enqueue(chat, { text }));
      }
      if (final) store.settings.delete(setting);
    });
    this.options.changed?.emit();
  }

  private async handleOwned(incoming: Incoming, receipt?: Receipt): Promise<HandleResult> {
    const { store } = this.options;
    const chat = { platform: incoming.platform, chatId: incoming.chatId };
    const pending = pendingVoiceOf(incoming);
    // A tap is stored as its question and option (columns); its text is only a line for people to read.
    const text =
      incoming.kind === 'choice'
        ? `(tapped option ${incoming.index + 1} of question ${incoming.promptId})`
        : pending
          ? voiceMarker(pending.ref)
          : incoming.voice && !('transcript' in incoming.voice)
            ? '[voice note]'
            : incoming.text;
    const size = Buffer.byteLength(text);
    const tooBig = size > this.options.maxMessageBytes;
    // Recorded before the first await: from here on the update survives a crash.
    let recorded: ReturnType<typeof store.conversation.recordInbound>;
    try {
      recorded = store.conversation.recordInbound({
        platform: incoming.platform,
        chatId: incoming.chatId,
        userId: incoming.userId,
        externalId: incoming.messageId,
        text: tooBig ? `${text.slice(0, 200)}… [refused: ${bytes(size)}]` : text,
        ...(tooBig ? { refusedBytes: size } : {}),
        ...(incoming.kind === 'choice'
          ? { choice: { promptId: incoming.promptId, index: incoming.index } }
          : {}),
      });
    } catch (error) {
      receipt?.notRecorded();
      throw new NotRecordedError(error);
    }
    if (recorded.status === 'duplicate' && recorded.handled) return { handled: false };
    // A refusal recorded before a crash comes back (replayed, or redelivered) as the refusal, not its stub.
    const refused = tooBig ? size : recorded.status === 'duplicate' ? recorded.refusedBytes : null;
    // A voice note is transcribed only now that it is recorded; its transcript replaces the marker.
    // A store failure mid-way leaves the update unhandled; the transport offers it again later.
    const finish = async () =>
      this.finish(
        chat,
        pending ? await this.transcribed(incoming, pending, recorded.id) : incoming,
        recorded.id,
        refused ?? undefined,
      ).catch((error: unknown) => {
        throw isStoreFailure(error) ? new NotRecordedError(error) : error;
      });
    // Free texts of one chat are read in the order they came (a slow parse must not let a later
    // message overtake it); taps, slash commands and control words never wait behind them.
    const immediate = incoming.kind === 'choice' || (!pending && this.answersAtOnce(chat, incoming.text));
    return immediate ? finish() : this.inChatOrder(`${chat.platform}:${chat.chatId}`, finish);
  }

  /** A slash command or a control word ("stop", "yes" to an open question) needs no model. */
  private answersAtOnce(chat: ChatRef, text: string): boolean {
    if (parseCommand(text.trim())) return true;
    return quickPlan(text, { store: this.options.store, chat }) !== undefined;
  }

  private async finish(
    chat: ChatRef,
    incoming: Incoming,
    rowId: number,
    refusedSize?: number,
  ): Promise<HandleResult> {
    let plan: Plan;
    if (refusedSize !== undefined) {
      plan = {
        result: this.reply(
          `That message is ${bytes(refusedSize)}; I take up to ${bytes(this.options.maxMessageBytes)}. Nothing was saved: split it, or put it in a file and send the path.`,
        ),
      };
    } else if (incoming.kind === 'choice') {
      plan = { choice: { promptId: incoming.promptId, index: incoming.index } };
    } else if (incoming.voice && 'unavailable' in incoming.voice) {
      plan = { result: this.reply(voiceUnavailable(incoming.voice)) };
    } else {
      plan = await this.planText(chat, incoming.text, rowId);
    }
    const quote = incoming.kind === 'text' && incoming.voice ? voiceQuote(incoming.text) : undefined;
    const result = this.execute(chat, rowId, plan, quote);
    this.options.changed?.emit();
    return {
      handled: true,
      replies: result.replies.length,
      ...(result.toast ? { toast: result.toast } : {}),
    };
  }

  private async transcribed(incoming: Incoming, pending: PendingVoice, rowId: number): Promise<Incoming> {
    const voice = await transcribePending(pending);
    const transcript = 'transcript' in voice ? voice.transcript : undefined;
    this.options.store.conversation.setText(rowId, transcript ?? '[voice note]');
    return { ...incoming, kind: 'text', text: transcript ?? '', voice };
  }

  private inChatOrder<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return run;
  }

  /**
   * Runs the plan and commits its replies and the "handled" mark in one transaction, so a crash
   * leaves either nothing (the update is handled again) or everything (it is not).
   */
  private execute(chat: ChatRef, messageRowId: number, plan: Plan, quote?: string): ActionResult {
    const { store, log } = this.options;
    try {
      return store.db.transaction(() => {
        let answered: Answered | undefined;
        let result: ActionResult;
        if ('intent' in plan) result = this.act(chat, plan.intent);
        else if ('intents' in plan) result = this.actAll(chat, plan.intents);
        else if ('choice' in plan)
          ({ result, answered } = this.answerChoice(chat, plan.choice.promptId, plan.choice.index));
        else result = plan.result;
        result = withQuote(result, quote);
        this.commit(chat, messageRowId, result, answered);
        return result;
      });
    } catch (error) {
      let text = 'Something went wrong on my side; nothing was changed. The log has the details.';
      if (error instanceof TaskNotFoundError || error instanceof IllegalTransitionError) text = error.message;
      else log.error({ err: error }, 'handling a message failed');
      const result = this.reply(text);
      try {
        store.db.transaction(() => this.commit(chat, messageRowId, result));
      } catch (storeError) {
        // Not even the apology could be saved: the store is failing, and the update stays unhandled.
        throw new NotRecordedError(storeError);
      }
      return result;
    }
  }

  private async planText(chat: ChatRef, raw: string, messageRowId: number): Promise<Plan> {
    const text = raw.trim();
    if (!text) return { result: this.reply('I got an empty message. Tell me what you need, or send /help.') };
    const state = this.chatState(chat);
    const command = parseCommand(text);
    if (command) {
      // A command ends a pending question; written only when one was pending (no sync otherwise).
      if (state.awaiting) this.saveChatState(chat, { ...state, awaiting: undefined });
      if (!command.row) return { result: this.reply(unknownCommand(command.name)) };
      const parsed = command.row.parse(command.args, this.commandTools());
      if (typeof parsed === 'string') return { result: this.reply(parsed) };
      return Array.isArray(parsed) ? { intents: parsed } : { intent: parsed };
    }
    const quick = quickPlan(text, { store: this.options.store, chat });
    if (quick) {
      if ('reply' in quick) return { result: this.reply(quick.reply) };
      return quick;
    }
    if (state.awaiting?.kind === 'revise') {
      return { intent: { kind: 'revise', taskId: state.awaiting.taskId, notes: text } };
    }
    const intent = await this.parse(text, this.parseContext(chat, text, state, messageRowId));
    return { intent: intent.kind === 'chat' ? await this.answerChat(intent) : intent };
  }

  private async parse(text: string, context: ParseContext): Promise<Intent> {
    try {
      return await this.options.parser.parse(text, context);
    } catch (error) {
      this.options.log.error({ err: error }, 'the intent parser failed');
      return { kind: 'clarify', question: 'I could not read that. What should I do with it?', options: [] };
    }
  }

  /** The last messages of the chat (without this one) and the memory most relevant to it. */
  private parseContext(chat: ChatRef, text: string, state: ChatState, messageRowId: number): ParseContext {
    const { conversation, memory } = this.options.store;
    const recent = conversation
      .recent(chat.platform, chat.chatId, RECENT_MESSAGES + 1)
      .filter((m) => m.id !== messageRowId && m.choicePromptId == null)
      .slice(-RECENT_MESSAGES)
      .map((m) => ({ from: m.direction === 'in' ? ('owner' as const) : ('kev' as const), text: m.text }));
    const facts = memory
      .search(text, MEMORY_FACTS)
      .map((m) => (m.kind === 'fact' ? m.text : `${m.kind}: ${m.text}`));
    return {
      ...(state.lastTaskId ? { lastTaskId: state.lastTaskId } : {}),
      ...(recent.length ? { recent } : {}),
      ...(facts.length ? { memory: facts } : {}),
    };
  }

  /**
   * A model's answer to a question is fetched here, before the transaction (actions stay synchronous);
   * without a model, or when it fails, the chat action answers from the queue and memory by keywords.
   */
  private async answerChat(intent: Extract<Intent, { kind: 'chat' }>): Promise<Intent> {
    const { parser, store, log } = this.options;
    if (!parser.answerQuestion || intent.answer) return intent;
    try {
      const answer = await parser.answerQuestion(intent.question, gatherChatFacts(store, intent.question));
      return answer ? { ...intent, answer } : intent;
    } catch (error) {
      log.warn({ err: error }, 'answering a question with the model failed');
      return intent;
    }
  }

  private answerChoice(
    chat: ChatRef,
    promptId: number,
    index: number,
  ): { result: ActionResult; answered?: Answered } {
    const { prompts } = this.options.store;
    const prompt = prompts.get(promptId);
    if (!prompt || prompt.platform !== chat.platform || prompt.chatId !== chat.chatId) {
      return {
        result: {
          ...this.reply('That question is no longer open.'),
          toast: 'That question is no longer open.',
        },
      };
    }
    const stored = parseStored(PromptOptionsSchema, prompt.options);
    if (!stored.ok) {
      // Written by an older or broken Kev: never run a choice that no longer parses; close the question.
      if (prompt.answeredAt == null) {
        this.options.log.error(
          { promptId, why: stored.why },
          'stored choices no longer parse; question closed',
        );
        prompts.park(promptId);
      }
      const text = 'That question can no longer be answered. Ask me again.';
      return { result: { ...this.reply(text), toast: text } };
    }
    const options = stored.value;
    const option = options[index];
    if (!option) return { result: { replies: [], toast: 'That choice does not exist.' } };
    const outcome = prompts.answer(promptId, index);
    if (outcome.status !== 'answered') {
      const earlier = options[outcome.status === 'already' ? (outcome.prompt.answerIndex ?? -1) : -1];
      const toast = earlier ? `Already decided: ${earlier.label}.` : 'Already decided.';
      return { result: { replies: [], toast } };
    }
    const result = this.act(chat, option.intent);
    return { result, answered: { outboxId: prompt.outboxId, label: option.label } };
  }

  private commandTools(): CommandTools {
    return { draft: (t) => this.options.draft(t), stop: () => stopRunning(this.options.store) };
  }

  /** Several decisions from one command (/approve 3 4): each answers for itself, in one transaction. */
  private actAll(chat: ChatRef, intents: Intent[]): ActionResult {
    const results = intents.map((intent) => this.act(chat, intent));
    if (results.length === 1) return results[0] as ActionResult;
    const decided = results.filter((r) => r.decided);
    const merged: ActionResult = {
      replies: [{ text: results.flatMap((r) => r.replies.map((reply) => reply.text)).join('\n') }],
      ...(decided.length ? { toast: decided.map((r) => r.toast).join(' · ') } : {}),
      awaiting: null,
      ...(decided.at(-1)?.focusTaskId !== undefined ? { focusTaskId: decided.at(-1)?.focusTaskId } : {}),
      // Each decision closes its own buttons: the first through commit, the others here.
      ...(decided[0]?.decided ? { decided: decided[0].decided } : {}),
    };
    for (const r of decided.slice(1)) if (r.decided) this.closeDecided(chat, r.decided);
    return merged;
  }

  private act(chat: ChatRef, intent: Intent): ActionResult {
    const action = ACTIONS[intent.kind] as (i: Intent, c: ActionContext) => ActionResult;
    return action(intent, this.context(chat));
  }

  /** Writes an action's replies, the chat's state and the "handled" mark (inside the caller's transaction). */
  private commit(chat: ChatRef, messageRowId: number, result: ActionResult, answered?: Answered): void {
    const { store } = this.options;
    for (const reply of result.replies) this.enqueue(chat, reply);
    if (result.focusTaskId !== undefined || result.awaiting !== undefined) {
      const state = this.chatState(chat);
      const next: ChatState = { ...state };
      if (result.focusTaskId !== undefined) next.lastTaskId = result.focusTaskId;
      if (result.awaiting !== undefined) next.awaiting = result.awaiting ?? undefined;
      if (JSON.stringify(next) !== JSON.stringify(state)) this.saveChatState(chat, next);
    }
    const note = result.decided?.note ?? answered?.label;
    if (answered?.outboxId && note) this.enqueueEdit(chat, answered.outboxId, note);
    if (result.decided) this.closeDecided(chat, result.decided);
    store.conversation.markHandled(messageRowId);
  }

  /** A decision made by text closes the open questions about the same task. */
  private closeDecided(chat: ChatRef, decided: { taskId: number; note: string }): void {
    const closed = this.options.store.prompts.closeWhere(chat.platform, chat.chatId, (json) => {
      const stored = parseStored(PromptOptionsSchema, json);
      return stored.ok && stored.value.some((o) => taskIdOf(o.intent) === decided.taskId);
    });
    for (const prompt of closed) if (prompt.outboxId) this.enqueueEdit(chat, prompt.outboxId, decided.note);
  }

  private enqueue(chat: ChatRef, reply: Reply): number {
    const { store } = this.options;
    const prompt = reply.choices?.length
      ? store.prompts.create(chat.platform, chat.chatId, reply.choices)
      : undefined;
    const row = store.outbox.enqueue({
      platform: chat.platform,
      chatId: chat.chatId,
      payload: {
        text: reply.text,
        ...(reply.choices?.length
          ? { choices: reply.choices.map((c) => c.label), promptId: prompt?.id }
          : {}),
        ...(reply.document ? { document: reply.document } : {}),
        ...(reply.markdown ? { markdown: true } : {}),
      },
    });
    if (prompt) store.prompts.attachOutbox(prompt.id, row.id);
    store.conversation.recordOutbound(chat.platform, chat.chatId, reply.text);
    return row.id;
  }

  /** Updates a question's message once it is decided: the decision shows and the buttons go. */
  private enqueueEdit(chat: ChatRef, outboxId: number, note: string): void {
    const { outbox } = this.options.store;
    const original = outbox.get(outboxId);
    if (!original) return;
    const stored = parseStored(OutboxPayloadSchema, original.payload);
    // The original was parked as unreadable by the delivery loop; there is nothing to update.
    if (!stored.ok) return;
    const payload = stored.value;
    outbox.enqueue({
      platform: chat.platform,
      chatId: chat.chatId,
      kind: 'edit',
      refId: outboxId,
      payload: { text: `${payload.text}\n\n→ ${note}`, note: `→ ${note}` },
    });
  }

  private context(chat: ChatRef): ActionContext {
    const { store, policy, timezone, budget, configured, parser, schedules, pipelinePlan } = this.options;
    return {
      store,
      policy,
      chat,
      now: this.clock(),
      timezone,
      budget,
      configured,
      parserName: parser.name,
      ...(schedules ? { schedules } : {}),
      ...(pipelinePlan ? { pipelinePlan } : {}),
    };
  }

  private isOwner(incoming: Incoming): boolean {
    const allowed = this.options.owners[incoming.platform];
    if (!allowed) return false;
    if (incoming.chatType && incoming.chatType !== 'private') return false;
    return allowed.has(incoming.userId);
  }

  private chatState(chat: ChatRef): ChatState {
    return this.options.store.settings.get<ChatState>(`chat:${chat.platform}:${chat.chatId}`) ?? {};
  }

  private saveChatState(chat: ChatRef, state: ChatState): void {
    this.options.store.settings.set(`chat:${chat.platform}:${chat.chatId}`, state);
  }

  private reply(text: string): ActionResult {
    return { replies: [{ text }] };
  }
}

/** A voice note's reply starts with what Kev heard, so a misheard word is seen at once. */
function voiceQuote(transcript: string): string {
  return `🎤 "${transcript.trim().length > 300 ? `${transcript.trim().slice(0, 299)}…` : transcript.trim()}"`;
}

function withQuote(result: ActionResult, quote: string | undefined): ActionResult {
  const [first, ...rest] = result.replies;
  if (!quote || !first) return result;
  return { ...result, replies: [{ ...first, text: `${quote}\n\n${first.text}` }, ...rest] };
}

function voiceUnavailable(voice: Exclude<VoiceNote, { transcript: string }>): string {
  return voice.unavailable === 'off'
    ? 'I got a voice note, but voice notes are off. To switch them on, set KEV_TRANSCRIBE_BASE_URL (an OpenAI-compatible audio/transcriptions server: OpenAI, Groq or a local whisper) and KEV_TRANSCRIBE_API_KEY, then restart me. Until then, please type it.'
    : `I could not transcribe that voice note (${voice.reason ?? 'the transcriber failed'}). Nothing was done; please send it again or type it.`;
}

/** The first owner of the first platform served: where news goes when a task names no served chat. */
function homeChat(owners: Record<string, ReadonlySet<string>>): ChatRef {
  for (const [platform, ids] of Object.entries(owners)) {
    const [first] = ids;
    if (first !== undefined) return { platform, chatId: first };
  }
  return { platform: 'console', chatId: 'local' };
}
