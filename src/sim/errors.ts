import { STATUS_CODES } from "node:http";

/** A Kibana (Boom-shaped) error: the wire body is `{statusCode, error, message, attributes?}`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly attributes?: unknown,
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      statusCode: this.statusCode,
      error: STATUS_CODES[this.statusCode] ?? "Error",
      message: this.message,
    };
    if (this.attributes !== undefined) body.attributes = this.attributes;
    return body;
  }
}

export const badRequest = (message: string, attributes?: unknown) => new HttpError(400, message, attributes);
export const forbidden = (message: string) => new HttpError(403, message);
export const notFound = (message: string) => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);

/** Saved-objects client not-found error text. */
export const soNotFound = (type: string, id: string) => notFound(`Saved object [${type}/${id}] not found`);

/** Saved-objects create conflict of a multi-namespace type (space awareness on). */
export const soConflict = (type: string, id: string) => conflict(`Saved object [${type}/${id}] conflict`);

/** Elasticsearch create conflict of a namespace-agnostic type, as decorated by the saved-objects client. */
export const esCreateConflict = (type: string, soId: string, currentVersion: number) =>
  conflict(
    `[${type}:${soId}]: version conflict, document already exists (current version [${currentVersion}])`,
  );

const ORCHESTRATION =
  "is managed by an external orchestration solution, such as Elastic Cloud, Kubernetes, etc. Please make changes using your orchestration solution.";

/** Kibana's HostedAgentPolicyRestrictionRelatedError (FLEET/server/errors/index.ts): a 400 with its suffix. */
export const hostedAgentPolicyRestriction = (message: string) =>
  badRequest(`${message} in Fleet because the agent policy ${ORCHESTRATION}`);

/** Kibana's PackagePolicyRestrictionRelatedError (FLEET/server/errors/index.ts): a 400 with its suffix. */
export const packagePolicyRestriction = (message: string) =>
  badRequest(`${message} in Fleet because the package policy ${ORCHESTRATION}`);

/**
 * @kbn/config-schema's texts as Kibana 8.x and 9.x route validation words them (the path starts with
 * "request body"): a `schema.oneOf` none of whose variants takes the value (types/union_type.ts, each
 * variant's first error under its index; errors/validation_error.ts prefixes "- "), and a
 * `schema.literal` that is not matched (types/literal_type.ts; "but got [...]" is Kibana main only).
 */
export const noVariantMatches = (path: string, variantErrors: string[]) =>
  `[${path}]: types that failed validation:\n${variantErrors.map((e) => `- ${e}`).join("\n")}`;
export const literalMismatch = (path: string, expected: string) =>
  `[${path}]: expected value to equal [${expected}]`;
