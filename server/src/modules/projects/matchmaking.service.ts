import type { Caller, Deps } from '../../platform/context.ts';
import { listDemands } from '../demands/index.ts';
import { listOrganisations, type ServiceCategory } from '../organisations/index.ts';

/**
 * 项目对接会: the open needs in the caller's reach (new or assessed), each beside the organisations that serve its
 * place or a place above it — optionally only those of one service category — so a need finds who could take it on.
 */
export async function matchmaking(deps: Deps, caller: Caller, q: { category?: ServiceCategory; page: number; pageSize: number }) {
  const [fresh, assessed] = await Promise.all([
    listDemands(deps, caller, { status: 'new', page: 1, pageSize: 100 }),
    listDemands(deps, caller, { status: 'assessed', page: 1, pageSize: 100 }),
  ]);
  const open = [...assessed.items, ...fresh.items];
  const slice = open.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const items = await Promise.all(slice.map(async (d) => {
    const orgs = await listOrganisations(deps, caller, { servesPlaceId: d.place.id, category: q.category, page: 1, pageSize: 10 });
    return {
      need: { id: d.id, title: d.title, place: d.place, urgency: d.urgency, peopleAffected: d.peopleAffected, status: d.status },
      organisations: orgs.items.map((o) => ({ id: o.id, name: o.name, status: o.status, categories: o.categories, inDirectory: o.directoryCategories })),
    };
  }));
  return { total: open.length, items };
}
