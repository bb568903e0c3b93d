/**
 * Integration and input packages seen the same way: Kibana's getNormalizedInputs and
 * getNormalizedDataStreams (FLEET/common/services/policy_template.ts). An input package
 * (`type: input`) has no data streams of its own: each policy template carries one input, and Kibana
 * makes a data stream of it whose one stream carries the template's vars plus `data_stream.dataset`.
 */
import type {
  PackageDataStream,
  PackageInfo,
  PackagePolicyTemplate,
  PackagePolicyTemplateInput,
  PackageVarDef,
} from "./types.js";

export const DATASET_VAR = "data_stream.dataset";

/** An input package's template names one `input` instead of listing `inputs`. */
export function isInputOnlyTemplate(template: PackagePolicyTemplate): boolean {
  return "input" in template && template.input !== undefined;
}

/** The inputs a policy template offers (an input package's template offers exactly one). */
export function normalizedInputs(template: PackagePolicyTemplate): PackagePolicyTemplateInput[] {
  if (!isInputOnlyTemplate(template)) return template.inputs ?? [];
  // The input-level vars of an input package are empty: its vars live on the stream.
  return [{ type: template.input!, title: template.title, description: template.description }];
}

const normalized = new WeakMap<PackageInfo, PackageDataStream[]>();

/** The data streams of a package; for an input package, one per policy template. */
export function normalizedDataStreams(pkg: PackageInfo): PackageDataStream[] {
  if (pkg.type !== "input") return pkg.data_streams ?? [];
  let found = normalized.get(pkg);
  if (!found) {
    found = (pkg.policy_templates ?? []).map((template) => inputPackageDataStream(pkg, template));
    normalized.set(pkg, found);
  }
  return found;
}

function inputPackageDataStream(pkg: PackageInfo, template: PackagePolicyTemplate): PackageDataStream {
  const dataset = `${pkg.name}.${template.name}`;
  return {
    type: template.type ?? "",
    dataset,
    title: `${template.title} Dataset`,
    release: pkg.release || "ga",
    package: pkg.name,
    path: dataset,
    streams: [
      {
        input: template.input!,
        vars: withDatasetVar(template.vars, template.name),
        template_path: template.template_path,
        title: template.title,
        description: template.title,
        enabled: true,
      },
    ],
  };
}

/**
 * Kibana's addDatasetVarIfNotPresent: an input package must let the user name the dataset, so a
 * required `data_stream.dataset` text var is added when the template has none, defaulting to the
 * template's name.
 */
function withDatasetVar(vars: PackageVarDef[] | undefined, templateName: string): PackageVarDef[] {
  const list = vars ?? [];
  if (list.some((v) => v.name === DATASET_VAR)) return list;
  return [
    ...list,
    {
      name: DATASET_VAR,
      type: "text",
      title: "Dataset name",
      description:
        "Set the name for your dataset. Once selected a dataset cannot be changed without creating a new integration policy. You can't use `-` in the name of a dataset and only valid characters for [Elasticsearch index names](https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-index_.html) are permitted.\n",
      multi: false,
      required: true,
      show_user: true,
      default: templateName,
    },
  ];
}

const INVALID_DATASET_CHARACTERS = /[*\\/?"<>|\s,#:-]+/;

/**
 * Why Kibana refuses the dataset an input package's policy names, or undefined when it accepts it
 * (isValidDataset in FLEET/common/services/is_valid_namespace.ts, applied by validatePackagePolicyConfig).
 */
export function invalidDatasetName(value: unknown): string | undefined {
  const name = String((value as { dataset?: unknown } | null)?.dataset ?? value);
  if (!name.trim()) return "Dataset is required";
  if (name !== name.toLowerCase()) return "Dataset must be lowercase";
  if (INVALID_DATASET_CHARACTERS.test(name)) return "Dataset contains invalid characters";
  if (Buffer.byteLength(name) > 100) return "Dataset cannot be more than 100 bytes";
  if (name.startsWith("_") || name.startsWith(".")) return "Dataset cannot start with an underscore or dot";
  return undefined;
}
