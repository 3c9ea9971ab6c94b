import { auditAction } from '../../platform/audit.ts';
import type { Caller, Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { notifyPerson } from '../../platform/notifications.ts';
import { objectionDto, projectDto } from './project-dto.ts';
import { managed } from './project-access.ts';
import * as repo from './projects.repository.ts';
import * as objections from './objections.repository.ts';
import type { ProjectDto } from './projects.schemas.ts';

/**
 * 公示异议: while a round's result is on public notice, anyone signed in in the district — residents of the place
 * first among them — may object with a reason. Staff who manage the project answer each one; the award waits
 * until every objection has its answer (procurement.service.ts awardRound → OBJECTIONS_UNANSWERED).
 */

export async function raiseObjection(deps: Deps, caller: Caller, id: number, reason: string) {
  const p = await repo.findProject(deps.db, id);
  if (!p || p.district_id !== caller.districtId || ['proposed', 'rejected'].includes(p.status)) throw new AppError('NOT_FOUND');
  const now = deps.clock.now();
  const oid = await deps.db.transaction().execute(async (trx) => {
    const round = await repo.roundOf(trx, id);
    if (!round) throw new AppError('NOT_IN_NOTICE');
    const locked = (await repo.lockRound(trx, round.id))!;
    if (locked.status !== 'notice' || locked.notice_ends_at! <= now) throw new AppError('NOT_IN_NOTICE');
    const newId = await objections.insertObjection(trx, { district_id: caller.districtId, project_id: id, round_id: round.id, raised_by: caller.personId, reason, raised_at: now });
    await auditAction(trx, caller, 'project.objection', { type: 'project', id }, { objectionId: newId });
    // Whoever proposed the project hears of it at once: the award now waits for the answer.
    if (p.created_by !== null && p.created_by !== caller.personId) {
      await notifyPerson(trx, caller.districtId, p.created_by, { kind: 'project.objection', title: `公示期收到异议，须答复后方可确定承接组织：${p.title}`, link: `/projects/${id}` }, now);
    }
    return newId;
  });
  const round = (await repo.roundOf(deps.db, id))!;
  const mine = (await objections.objectionsOf(deps.db, round.id)).find((o) => o.id === oid)!;
  return objectionDto(mine, false);
}

export async function answerObjection(deps: Deps, caller: Caller, id: number, objectionId: number, answer: string): Promise<ProjectDto> {
  const p = await managed(deps, caller, id);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const o = await objections.lockObjection(trx, id, objectionId);
    if (!o) throw new AppError('NOT_FOUND');
    if (o.answered_at !== null) throw new AppError('OBJECTION_ANSWERED');
    await objections.answerObjection(trx, objectionId, { answer, answered_by: caller.personId, answered_at: now });
    await auditAction(trx, caller, 'project.objection_answer', { type: 'project', id }, { objectionId });
    await notifyPerson(trx, caller.districtId, o.raised_by, { kind: 'project.objection_answered', title: `您对“${p.title}”公示提出的异议已答复`, body: answer, link: `/public/projects/${id}` }, now);
  });
  return projectDto(deps, caller, (await repo.findProject(deps.db, id))!);
}
