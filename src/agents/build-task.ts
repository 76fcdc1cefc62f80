// What a coding session is told and where it works: the project a build task belongs to, and the
// prompt for a fresh session (the rendered task plus workspace rules, and on a revision the earlier
// diff) or for a resumed one (only the owner's revision notes: the session remembers the rest).

import type { TaskRow } from '../db/index.js';
import { git } from './cli/git.js';
import { MAIN_BRANCH, slugify } from './cli/workspace.js';
import type { RenderedPrompt } from './prompt.js';

const NAMED_PROJECT = [
  /\b(?:in|for|on|to|into)\s+(?:the\s+|my\s+|our\s+)?(?:project|repo|repository)\s+["'`]?([A-Za-z0-9][\w-]{0,63})/i,
  /\b(?:in|for|on|to|into)\s+(?:the\s+|my\s+|our\s+)?["'`]?([A-Za-z0-9][\w-]{0,63})["'`]?\s+(?:project|repo|repository)\b/i,
];

const NOT_A_NAME = new Set(['a', 'an', 'the', 'new', 'same', 'this', 'that', 'my', 'our', 'main', 'git']);

/** A diff longer than this is cut: the session can read the branch itself. */
const DIFF_LIMIT = 12_000;

/** The task's project: as recorded, else one named in the text ("in the billing repo"), else the title's slug. */
export function projectOf(task: Pick<TaskRow, 'project' | 'title' | 'body'>): string {
  if (task.project) return task.project;
  for (const pattern of NAMED_PROJECT) {
    const name = pattern.exec(`${task.title}\n${task.body}`)?.[1];
    if (name && !NOT_A_NAME.has(name.toLowerCase())) return name.toLowerCase();
  }
  return slugify(task.title, 48);
}

export interface SessionPlace {
  project: string;
  branch: string;
  /** Files left conflicted by merging main into the branch before a revision. */
  conflicts?: string[];
}

function conflictLines(place: SessionPlace): string[] {
  if (!place.conflicts?.length) return [];
  return [
    '',
    `Kev merged ${MAIN_BRANCH} into this branch and the merge conflicts in: ${place.conflicts.join(', ')}.`,
    `Resolve every conflict in those files (remove the <<<<<<< ======= >>>>>>> markers, keeping what both sides meant), then commit.`,
  ];
}

function workspaceRules(place: SessionPlace): string {
  return [
    `You are working in a git worktree of the project "${place.project}", on the branch ${place.branch}.`,
    'Make the change here: edit the files, run the tests if the project has any, and commit your work with a clear message.',
    'Do not push, do not switch or create branches, and do not read or write files outside this directory.',
    "Finish with a short summary of what you changed and anything the owner should check: it is shown in the owner's review.",
  ].join('\n');
}

/** The prompt of a fresh session: the rendered task, the workspace rules, and any earlier diff. */
export function freshPrompt(prompt: RenderedPrompt, place: SessionPlace, previousDiff?: string): string {
  const parts = [prompt.system, '', prompt.user, '', workspaceRules(place), ...conflictLines(place)];
  if (previousDiff) {
    parts.push(
      '',
      `This branch already holds earlier work on the task (its diff against ${MAIN_BRANCH} below). Build on it and apply the feedback above.`,
      '```diff',
      previousDiff,
      '```',
    );
  }
  return parts.join('\n');
}

/** The prompt that continues a session after the owner's review. */
export function resumePrompt(notes: string, place: SessionPlace): string {
  return [
    'The owner reviewed your changes on this branch and asks for a revision:',
    '',
    notes,
    ...conflictLines(place),
    '',
    `Make those changes on ${place.branch}, commit them, and finish with a short summary of what you changed.`,
  ].join('\n');
}

/** What the branch changes against main, cut to a size a prompt can carry; undefined when nothing. */
export async function previousDiff(repo: string, branch: string): Promise<string | undefined> {
  const diff = await git(repo, ['diff', `${MAIN_BRANCH}...${branch}`]);
  if (!diff) return undefined;
  return diff.length <= DIFF_LIMIT ? diff : `${diff.slice(0, DIFF_LIMIT)}\n… (cut; see the branch)`;
}
