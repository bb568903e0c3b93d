import { describedAs } from "./shapes.js";
import type { KindDescriptor } from "./types.js";
import { CASE_SETTINGS_VERSIONS } from "./versions.js";

/** Cases configuration: one per owner per space, identified by `owner`; Kibana assigns the id. */
const NO_CONNECTOR = { id: "none", name: "none", type: ".none", fields: null };

export const caseSettings: KindDescriptor = {
  ...describedAs("case_settings"),
  since: CASE_SETTINGS_VERSIONS,
  references: [],
  list: { path: "/api/cases/configure", shape: "array" },
  liveIdentity: (raw) => String(raw.owner),
  defaults: { customFields: [], templates: [] },
  ignoredFields: ["owner", "observableTypes", "workflowTags"],
  // Cases has no GET by id: the list filtered by owner holds the one configuration.
  get: (owner) => ({ method: "GET", path: "/api/cases/configure", query: { owner }, shape: "array" }),
  versionedUpdate: true,
  create: (body) => ({ method: "POST", path: "/api/cases/configure", body }),
  // PATCH carries the version read at plan time: Kibana answers 409 when someone changed it since.
  update: (body, live) => {
    const { owner: _owner, ...rest } = body;
    return {
      method: "PATCH",
      path: `/api/cases/configure/${encodeURIComponent(String(live.raw.id))}`,
      body: { ...rest, version: live.version },
    };
  },
  deletion: { impossible: "Kibana has no API to delete Cases settings; they stay as they are" },
  check: {
    // Named by its owner, not by the run: the scratch space holds the one Cases settings of "cases".
    samples: () => [
      {
        create: { owner: "cases", closure_type: "close-by-user", connector: NO_CONNECTOR },
        update: { closure_type: "close-by-pushing" },
      },
    ],
  },
};
