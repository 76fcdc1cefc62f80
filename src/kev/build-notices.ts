// What Kev tells the owner about merging a build task's branch: merged and done, or not merged
// (a conflict, a missing branch) with main untouched and the task back in review, with the choices
// that follow from it.

import type { TaskRow } from '../db/index.js';
import type { Reply } from './actions/index.js';
import { excerpt } from './format.js';

const MAIN = 'main';

export function mergingReply(task: TaskRow): string {
  return `Approved #${task.id}. Merging ${task.branch} into ${MAIN} of ${task.project ?? 'its project'}…`;
}

export function mergedNotice(task: TaskRow, merge: { branch: string; commit: string }): Reply {
  return {
    text: `Merged #${task.id} (${merge.branch}) into ${MAIN} of ${task.project ?? 'its project'} as ${merge.commit.slice(0, 7)}. #${task.id} is done.`,
  };
}

export function notMergedNotice(
  task: TaskRow,
  problem: { branch: string; conflict: boolean; files: string[]; message: string },
): Reply {
  const why = problem.conflict
    ? `${problem.branch} conflicts with ${MAIN} in ${problem.files.join(', ')}`
    : `the merge failed: ${excerpt(problem.message, 300)}`;
  const fix = problem.conflict
    ? `Merge ${MAIN} into this branch and resolve the conflicts in ${problem.files.join(', ')}.`
    : undefined;
  return {
    text: [
      `Could not merge #${task.id}: ${why}.`,
      `${MAIN} is unchanged and #${task.id} is back in review.`,
      problem.conflict
        ? `Resolve sends it back to ${task.agent} to merge ${MAIN} in and fix the conflicts; Reject keeps the branch for you.`
        : `Approve tries again; Reject keeps the branch for you.`,
    ].join('\n'),
    choices: [
      ...(fix
        ? [{ label: 'Resolve', intent: { kind: 'revise' as const, taskId: task.id, notes: fix } }]
        : []),
      { label: 'Approve', intent: { kind: 'approve', taskId: task.id } },
      { label: 'Reject', intent: { kind: 'reject', taskId: task.id } },
    ],
  };
}
