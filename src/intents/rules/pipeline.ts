// Pipelines in casual words: an idea plus a cue that it should go through the whole factory
// ("… — take it through the whole factory", "take 'X' end to end", "full pipeline please").
// The idea is the message without the cue, the "idea:" opener and the quotes.

import type { Intent } from '../../ports/intents.js';

/** Words that send an idea through every stage; a CI or deploy "pipeline" alone is not one. */
const FACTORY_CUE =
  /\b(?:(?:through|into) the (?:whole |entire |full )?(?:factory|pipeline)|(?:the )?(?:full|whole|entire) (?:factory|pipeline)|factory run|run the (?:whole |full |entire )?(?:factory|pipeline) on|end[- ]to[- ]end|all the way|research to launch|idea to launch|the whole thing|whole nine yards)\b/i;
/** Something that reads as an idea: a product, a tool that does X, or a quoted name. */
const IDEA_CUE =
  /\bidea\b|\bwhat if we (?:built|made|did)\b|\b(?:an?|the) (?:[\w-]+ ){0,3}(?:app|tool|bot|platform|service|marketplace|saas|product|extension|plugin|startup|crm|tracker|planner|tutor|api)\b|["“'][^"”']{4,}["”']|\b(?:factory|pipeline)\s*[:—–-]\s*\S/i;
const CUE_CLAUSE =
  /[\s,.;:!?—–-]*(?:(?:please|pls|and|so|then|just)\s+)*(?:(?:can you |could you |let'?s |pls |please )?(?:take|run|put|send|push|feed|do|give) (?:it|this|that|them|the idea)?\s*)?(?:(?:through|into) the (?:whole |entire |full )?(?:factory|pipeline)|(?:the )?(?:full|whole|entire) (?:factory|pipeline)(?: on it)?|run the (?:whole |full |entire )?(?:factory|pipeline) on it|end[- ]to[- ]end|all the way|(?:from )?research to launch|the whole thing(?:,? research to launch)?)(?:\s+(?:please|pls|on it|for me))*[\s.!]*$/i;
const OPENER =
  /^(?:(?:here'?s|i have|i'?ve got|got) (?:an? |another |one more )?(?:new )?(?:product |app |startup |business )?idea\s*[:,-]?\s*(?:for |about )?|(?:(?:new|another|fresh|product|app|startup|business)\s+){0,3}idea\s*[:—–-]\s*|what if we (?:built|made)\s+|(?:take|run|put|send|push)\s+(?:this|it)\s+(?:through|into) the (?:whole |entire |full )?(?:factory|pipeline)\s*[:—–-]\s*)/i;

/** The idea itself, without the factory cue, the opener or the quotes around it. */
export function ideaOf(text: string): string {
  let idea = text.trim();
  for (let previous = ''; previous !== idea; ) {
    previous = idea;
    idea = idea.replace(CUE_CLAUSE, '').replace(OPENER, '').trim();
  }
  idea = idea.replace(/^(?:(?:run|put|send|push|take|feed) (?:the (?:factory|pipeline) on )?)/i, '');
  idea = idea.replace(/\s+(?:through the (?:factory|pipeline)|end to end)$/i, '').trim();
  return idea.replace(/^["“'«]+|["”'»]+$/g, '').replace(/[\s,.;:!?—–-]+$/, '') || text.trim();
}

/** A pipeline when the message carries both an idea and a cue for the whole factory. */
export function readPipeline(text: string): Intent | undefined {
  if (!FACTORY_CUE.test(text) || !IDEA_CUE.test(text)) return undefined;
  const quoted = /["“]([^"”]{4,})["”]|'([^']{4,})'/.exec(text);
  const idea = quoted ? (quoted[1] ?? quoted[2] ?? '') : ideaOf(text);
  return { kind: 'pipeline', idea: idea.trim() };
}
