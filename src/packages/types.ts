/**
 * The shape of an integration package as Kibana's EPM API returns it
 * (`GET /api/fleet/epm/packages/{name}/{version}` → `{ item: PackageInfo }`).
 * Only the parts fleetform and the simulator read are typed; the real response carries more.
 */

export type PackageVarType =
  | "text"
  | "password"
  | "bool"
  | "integer"
  | "yaml"
  | "textarea"
  | "select"
  | "email"
  | "url"
  | "duration";

export interface PackageVarDef {
  name: string;
  type: PackageVarType | string;
  title?: string;
  description?: string;
  multi?: boolean;
  required?: boolean;
  show_user?: boolean;
  default?: unknown;
  secret?: boolean;
  options?: { value: string; text: string }[];
  /** Other registry keys (os, full_width, url_allowed_schemes, …): carried, not read. */
  [key: string]: unknown;
}

export interface PackagePolicyTemplateInput {
  type: string;
  title?: string;
  description?: string;
  vars?: PackageVarDef[];
}

export interface PackagePolicyTemplate {
  name: string;
  title: string;
  description?: string;
  /** An integration package's template: the inputs it offers. */
  inputs?: PackagePolicyTemplateInput[];
  multiple?: boolean;
  /** Data stream paths this template covers (all when absent). */
  data_streams?: string[];
  /** An input package's template (`type: input`): its one input type, data stream type, template and vars. */
  input?: string;
  type?: string;
  template_path?: string;
  vars?: PackageVarDef[];
}

export interface PackageStreamDef {
  input: string;
  title: string;
  description?: string;
  template_path?: string;
  enabled?: boolean;
  vars?: PackageVarDef[];
}

export interface PackageDataStream {
  type: string;
  dataset: string;
  title: string;
  path: string;
  package: string;
  release?: string;
  streams?: PackageStreamDef[];
  elasticsearch?: Record<string, unknown>;
  /** Other registry keys (hidden, ilm_policy, dataset_is_prefix, …): carried, not read. */
  [key: string]: unknown;
}

export interface PackageInfo {
  name: string;
  title: string;
  version: string;
  description?: string;
  type: "integration" | "input";
  release?: string;
  format_version?: string;
  categories?: string[];
  owner?: { github: string; type?: string };
  conditions?: { kibana?: { version?: string }; elastic?: { subscription?: string } };
  vars?: PackageVarDef[];
  policy_templates?: PackagePolicyTemplate[];
  data_streams?: PackageDataStream[];
  /** Present on EPM responses: "installed" | "not_installed" | "installing". */
  status?: string;
}
