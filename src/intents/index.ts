// Reading messages, the public face: the offline rules, the LLM parser and the choice between them,
// all behind the IntentParser port (src/ports/intents.ts), plus the drafting of a task from text.

export { type ChosenParser, chooseParser } from './choose-parser.js';
export { draftTask } from './draft.js';
export { LlmParser, type ModelAnswer, type ModelCall, type ModelRequest } from './llm-parser.js';
export { classifyTask, RulesParser, titleFrom } from './rules.js';
