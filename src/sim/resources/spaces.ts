/**
 * The minimal Kibana spaces API: create, get, list, delete. Sources: x-pack/platform/plugins/shared/spaces/
 * server/routes/api/external/{post,get,get_all,delete}.ts and spaces_client.ts (the default space is
 * reserved; deleting a space deletes the saved objects that live only in it: deleteByNamespace).
 */
import type { Req, Route, SimContext } from "../context.js";
import { reply } from "../context.js";
import { badRequest, conflict, soNotFound } from "../errors.js";
import type { Obj, Store } from "../store.js";

const SPACE_ID = /^[a-z0-9_-]+$/;
const DEFAULT_SPACE: Obj = {
  id: "default",
  name: "Default",
  description: "This is your default space!",
  color: "#00bfb3",
  disabledFeatures: [],
  _reserved: true,
};

const spacesOf = (store: Store) => store.spaces;
const all = (store: Store): Obj[] => [DEFAULT_SPACE, ...spacesOf(store).values()];

function find(store: Store, id: string): Obj {
  const space = all(store).find((s) => s.id === id);
  if (!space) throw soNotFound("space", id);
  return space;
}

function create(req: Req, { store }: SimContext) {
  const body = req.body as Obj;
  if (typeof body.id !== "string" || !SPACE_ID.test(body.id)) {
    throw badRequest("[request body.id]: must be lower case, a-z, 0-9, '_', and '-' are allowed");
  }
  if (typeof body.name !== "string" || body.name.trim() === "") {
    throw badRequest("[request body.name]: value has length [0] but it must have a minimum length of [1].");
  }
  if (all(store).some((s) => s.id === body.id)) {
    throw conflict(`A space with the identifier ${body.id} already exists.`);
  }
  const space: Obj = { disabledFeatures: [], ...body };
  spacesOf(store).set(space.id, space);
  return space;
}

/** Deletes the space and what lives only in it (objects shared with other spaces lose this one). */
function remove(req: Req, { store }: SimContext) {
  const id = req.params.id!;
  const space = find(store, id);
  if (space._reserved) throw badRequest(`The ${id} space cannot be deleted because it is reserved.`);
  spacesOf(store).delete(id);
  const leave = (spaces: string[]) => spaces.filter((s) => s !== id);
  for (const pp of [...store.packagePolicies.values()]) {
    if (!(pp.spaceIds as string[]).includes(id)) continue;
    if (leave(pp.spaceIds).length === 0) store.deletePackagePolicy(pp.id);
    else pp.spaceIds = leave(pp.spaceIds);
  }
  for (const ap of [...store.agentPolicies.values()]) {
    if (!(ap.space_ids as string[]).includes(id)) continue;
    if (leave(ap.space_ids).length === 0) store.deleteAgentPolicy(ap.id);
    else ap.space_ids = leave(ap.space_ids);
  }
  for (const key of [...store.enrollmentKeys.values()]) {
    if ((key._spaces as string[]).includes(id) && leave(key._spaces).length === 0)
      store.enrollmentKeys.delete(key.id);
  }
  for (const config of [...store.cases.values()]) if (config._space === id) store.cases.delete(config.id);
  return reply(204, undefined);
}

export const spaceRoutes: Route[] = [
  { method: "GET", template: "/api/spaces/space", handler: (_req, { store }) => all(store) },
  {
    method: "GET",
    template: "/api/spaces/space/{id}",
    handler: (req, { store }) => find(store, req.params.id!),
  },
  { method: "POST", template: "/api/spaces/space", handler: create, customValidation: true },
  { method: "DELETE", template: "/api/spaces/space/{id}", handler: remove },
];
