import { AssociationSubjects, type LabelingTask } from '@refinery/contracts';
import { labelOf, type WsHarness } from './ws-harness.js';

export interface SpanProject {
  projectId: string;
  recordIds: string[];
  task: LabelingTask;
  city: string;
  sport: string;
}

/**
 * Two headlines and an extraction task (city, sport) on them:
 *   r0 "Berlin beats Paris in football": Berlin [0,6) beats [7,12) Paris [13,18) in [19,21) football [22,30)
 *   r1 "Paris is calm":                  Paris [0,5) is [6,8) calm [9,13)
 * lookup-cities marks Berlin and Paris (r0) and Paris (r1) as city; lookup-sport marks "in football"
 * (r0) as sport. r0 is annotated: Berlin and Paris city, football sport.
 */
export async function spanProject(h: WsHarness): Promise<SpanProject> {
  const { projectId, recordIds, headlineId } = await h.project(['Berlin beats Paris in football', 'Paris is calm']);
  const task = await h.task(projectId, 'places', 'EXTRACTION', ['city', 'sport'], headlineId);
  const [city, sport] = [labelOf(task, 'city'), labelOf(task, 'sport')];
  const [r0, r1] = recordIds as [string, string];
  await h.heuristic(projectId, task.id, 'lookup-cities', [
    { recordId: r0, labelId: city, confidence: null, start: 0, end: 6 },
    { recordId: r0, labelId: city, confidence: null, start: 13, end: 18 },
    { recordId: r1, labelId: city, confidence: null, start: 0, end: 5 },
  ]);
  await h.heuristic(projectId, task.id, 'lookup-sport', [{ recordId: r0, labelId: sport, confidence: null, start: 19, end: 30 }]);
  for (const [labelId, start, end] of [[city, 0, 6], [city, 13, 18], [sport, 22, 30]] as const) {
    await h.call(AssociationSubjects.addSpan, { recordId: r0, taskId: task.id, labelId, start, end }, projectId);
  }
  return { projectId, recordIds, task, city, sport };
}
