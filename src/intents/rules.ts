// Offline intent rules: deterministic parsing of chat messages when no model is configured.
// The rules live in ./rules/ as tables; this module is their public face.

export { classifyTask } from './rules/classify.js';
export { RulesParser } from './rules/parser.js';
export { titleFrom } from './rules/title.js';
