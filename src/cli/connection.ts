import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { KibanaClient } from "../client/kibana-client.js";
import type { KibanaClientOptions } from "../client/types.js";
import { startSimulator } from "../sim/index.js";
import { UserError } from "./errors.js";

export interface ConnectionFlags {
  kibanaUrl?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  space?: string;
  caCert?: string;
  insecure?: boolean;
  timeout?: string;
  sim?: boolean;
}

/** Adds the connection options every Kibana-facing command shares, each with its environment variable. */
export function withConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option("--kibana-url <url>", "Kibana base URL").env("KIBANA_URL"))
    .addOption(
      new Option(
        "--api-key <key>",
        "API key (prefer the KIBANA_API_KEY environment variable: flags show in `ps`)",
      ).env("KIBANA_API_KEY"),
    )
    .addOption(new Option("--username <user>", "basic-auth user").env("KIBANA_USERNAME"))
    .addOption(
      new Option("--password <password>", "basic-auth password (prefer KIBANA_PASSWORD)").env(
        "KIBANA_PASSWORD",
      ),
    )
    .addOption(new Option("--space <space>", "Kibana space (default: the default space)").env("KIBANA_SPACE"))
    .addOption(new Option("--ca-cert <file>", "PEM file of an extra certificate authority to trust"))
    .addOption(new Option("--insecure", "do not verify Kibana's TLS certificate (not recommended)"))
    .addOption(
      new Option("--timeout <seconds>", "time budget for one request, retries included").default("60"),
    )
    .addOption(new Option("--sim", "run against an embedded, empty in-memory Kibana simulator"));
}

export interface Connection {
  client: KibanaClient;
  /** Where the client points, for messages (never with credentials). */
  url: string;
  credentials: string[];
  /** A client of another space with the same connection settings (closed with the connection). */
  inSpace(space: string): KibanaClient;
  close(): Promise<void>;
}

/** The connection of `client`, plus the clients it opens for other spaces. */
function connection(
  url: string,
  credentials: string[],
  make: (space?: string) => KibanaClient,
  stop: () => Promise<void> = async () => {},
): Connection {
  const client = make();
  const others: KibanaClient[] = [];
  return {
    client,
    url,
    credentials,
    inSpace: (space) => {
      const other = make(space);
      others.push(other);
      return other;
    },
    close: async () => {
      await Promise.all([client, ...others].map((c) => c.close()));
      await stop();
    },
  };
}

/** Opens the client the flags describe; `--sim` starts the embedded simulator first. */
export async function connect(flags: ConnectionFlags, warn: (line: string) => void): Promise<Connection> {
  const timeoutSeconds = Number(flags.timeout ?? 60);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new UserError(`--timeout must be a positive number of seconds, got "${flags.timeout}"`);
  }
  const common: Omit<KibanaClientOptions, "url"> = {
    space: flags.space,
    timeoutMs: Math.min(30_000, timeoutSeconds * 1000),
    retryBudgetMs: timeoutSeconds * 1000,
  };
  if (flags.sim) {
    if (flags.kibanaUrl && process.env.KIBANA_URL !== flags.kibanaUrl) {
      throw new UserError("--sim and --kibana-url exclude each other: choose one");
    }
    const apiKey = randomBytes(12).toString("hex");
    const sim = await startSimulator({ port: 0, apiKey });
    return connection(
      `${sim.url} (embedded simulator)`,
      [apiKey],
      (space) => new KibanaClient({ ...common, ...(space ? { space } : {}), url: sim.url, apiKey }),
      () => sim.close(),
    );
  }
  if (!flags.kibanaUrl) {
    throw new UserError(
      "no Kibana to talk to",
      "give --kibana-url URL (or set KIBANA_URL) with credentials, or --sim to use the embedded simulator",
    );
  }
  if (!/^https?:\/\//i.test(flags.kibanaUrl)) {
    throw new UserError(`--kibana-url must start with http:// or https://, got "${flags.kibanaUrl}"`);
  }
  if (!flags.apiKey && !flags.username) {
    throw new UserError(
      "no credentials",
      "set KIBANA_API_KEY (or --api-key), or KIBANA_USERNAME and KIBANA_PASSWORD",
    );
  }
  let caCert: string | undefined;
  if (flags.caCert) {
    try {
      caCert = readFileSync(flags.caCert, "utf8");
    } catch (err) {
      throw new UserError(
        `cannot read --ca-cert file ${flags.caCert}: ${(err as NodeJS.ErrnoException).code}`,
      );
    }
  }
  if (flags.insecure) warn("warning: --insecure: Kibana's TLS certificate is not verified");
  const url = flags.kibanaUrl;
  return connection(
    url,
    [flags.apiKey, flags.password].filter((s): s is string => !!s),
    (space) =>
      new KibanaClient({
        ...common,
        ...(space ? { space } : {}),
        url,
        apiKey: flags.apiKey,
        username: flags.apiKey ? undefined : flags.username,
        password: flags.apiKey ? undefined : flags.password,
        caCert,
        insecure: flags.insecure,
      }),
  );
}

/**
 * Every command that talks to Kibana: connect, mask the credentials in all output, run `use`, and
 * close the connection whatever happens.
 */
export async function withConnection<T>(
  flags: ConnectionFlags,
  io: { err(line: string): void; addSecrets(values: (string | undefined)[]): void },
  use: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await connect(flags, (line) => io.err(line));
  io.addSecrets(connection.credentials);
  try {
    return await use(connection);
  } finally {
    await connection.close();
  }
}
