import { AssociationSubjects, type LabelingTask } from '@refinery/contracts';
import { labelOf, type WsHarness } from './ws-harness.js';

export interface SmallProject {
  projectId: string;
  recordIds: string[];
  task: LabelingTask;
  yes: string;
  no: string;
}

/**
 * Eight records r0..r7, a yes/no task, three heuristics and three manual labels:
 *
 *   record   lf-a  lf-b  lf-c   manual
 *   r0       yes         yes    yes
 *   r1       yes
 *   r2       yes   no           no
 *   r3       yes         no
 *   r4             no
 *   r5             no    no     no
 *   r6, r7   (no votes)
 */
export async function smallProject(h: WsHarness): Promise<SmallProject> {
  const { projectId, recordIds } = await h.project(8);
  const task = await h.task(projectId, 'clickbait', 'CLASSIFICATION', ['yes', 'no']);
  const [yes, no] = [labelOf(task, 'yes'), labelOf(task, 'no')];
  const r = (i: number) => recordIds[i]!;
  const out = (pairs: [number, string][]) => pairs.map(([i, labelId]) => ({ recordId: r(i), labelId, confidence: null }));
  await h.heuristic(projectId, task.id, 'lf-a', out([[0, yes], [1, yes], [2, yes], [3, yes]]));
  await h.heuristic(projectId, task.id, 'lf-b', out([[2, no], [4, no], [5, no]]));
  await h.heuristic(projectId, task.id, 'lf-c', out([[0, yes], [3, no], [5, no]]));
  for (const [i, labelId] of [[0, yes], [2, no], [5, no]] as const) {
    await h.call(AssociationSubjects.classify, { recordId: r(i), taskId: task.id, labelIds: [labelId] }, projectId);
  }
  return { projectId, recordIds, task, yes, no };
}
