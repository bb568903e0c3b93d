import { Command } from "commander";
import { activeTokens, declaredName, type LiveToken, listTokens } from "../../tokens/enrollment-tokens.js";
import { type ConnectionFlags, withConnection, withConnectionOptions } from "../connection.js";
import { type CliContext, exitWith } from "../context.js";
import { UserError } from "../errors.js";

interface TokenFlags extends ConnectionFlags {
  name?: string;
  json?: boolean;
}

/** Kibana's own token for every new policy (agent_policy_create.ts, ensureDefaultEnrollmentAPIKeyForAgentPolicy). */
const KIBANA_DEFAULT = "Default";

/**
 * Prints the secret of an agent policy's active enrollment token, for a bootstrap script: on stdout
 * only, nothing else there. Without --name: the policy's one active token, or its one active token
 * besides Kibana's Default.
 */
export function tokenCommand(ctx: CliContext): Command {
  const { io } = ctx;
  const command = new Command("token")
    .description("print the secret of an agent policy's active enrollment token (stdout only)")
    .argument("<policy-id>", "the agent policy's id")
    .option("--name <name>", "the token's name, as in the policy's enrollment_tokens")
    .option("--json", "print {policy_id, name, id, token} as one JSON document");
  withConnectionOptions(command);
  return command.action(
    exitWith(ctx, async (policyId: string, flags: TokenFlags) =>
      withConnection(flags, io, async (connection) => {
        const keys = (await listTokens(connection.client, policyId)).filter((k) => k.active);
        const token = pick(policyId, keys, flags.name);
        if (!token.api_key)
          throw new UserError(
            `Kibana returned enrollment token "${declaredName(token.name)}" without its secret`,
          );
        io.out(
          flags.json
            ? JSON.stringify(
                { policy_id: policyId, name: declaredName(token.name), id: token.id, token: token.api_key },
                null,
                2,
              )
            : token.api_key,
        );
        return 0;
      }),
    ),
  );
}

/** The newest active token that fits (a rotation leaves the newest in place of the old). */
function pick(policyId: string, active: LiveToken[], name: string | undefined): LiveToken {
  const names = [...new Set(active.map((k) => declaredName(k.name)))];
  const listed = names.length > 0 ? `; its active tokens: ${names.map((n) => `"${n}"`).join(", ")}` : "";
  if (name !== undefined) {
    const [token] = activeTokens(active, name);
    if (token) return token;
    throw new UserError(
      `agent policy "${policyId}" has no active enrollment token named "${name}"${listed}`,
      "declare it under the policy's enrollment_tokens and run apply, or pick another --name",
    );
  }
  const candidates = names.length === 1 ? names : names.filter((n) => n !== KIBANA_DEFAULT);
  if (candidates.length === 1) return activeTokens(active, candidates[0]!)[0]!;
  throw new UserError(
    names.length === 0
      ? `agent policy "${policyId}" has no active enrollment token (or does not exist in this space)`
      : `agent policy "${policyId}" has several active enrollment tokens${listed}`,
    names.length === 0
      ? "declare one under the policy's enrollment_tokens and run apply"
      : "choose one with --name",
  );
}
