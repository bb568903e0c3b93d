import { randomBytes, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { KibanaClient } from "../client/kibana-client.js";
import type { KibanaClientOptions } from "../client/types.js";
import { splitUserinfo } from "../client/url.js";
import { formatDiagnostic } from "../render/diagnostics.js";
import { startSimulator } from "../sim/index.js";
import { browserPathHint } from "./connection-hints.js";
import { UserError } from "./errors.js";

/** The connection options as given: the client's own, and what the CLI reads into the rest. */
export interface ConnectionFlags
  extends Pick<KibanaClientOptions, "apiKey" | "username" | "password" | "space" | "insecure"> {
  kibanaUrl?: string;
  /** The path of a PEM file (the client takes its contents). */
  caCert?: string;
  /** Seconds, as typed. */
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
      new Option(
        "--timeout <seconds>",
        "time budget for one request: retries and the whole answer included",
      ).default("60"),
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
  // The URL is shown in messages and stored in plan files: only ever without its `user:pass@`.
  const given = splitUserinfo(flags.kibanaUrl);
  if (!/^https?:\/\//i.test(given.url)) {
    throw new UserError(`--kibana-url must start with http:// or https://, got "${given.url}"`);
  }
  const base = browserPathHint(given.url);
  if (base !== undefined) {
    throw new UserError(
      `--kibana-url ${given.url} is the address of a page in Kibana's UI, not of Kibana`,
      `use Kibana's base URL: ${base}`,
    );
  }
  let { username, password } = flags;
  if (given.username !== undefined) {
    if (flags.apiKey || flags.username) {
      warn(
        formatDiagnostic({
          severity: "warning",
          message: `the user and password in --kibana-url are ignored: ${flags.apiKey ? "an API key" : "a username"} is given too`,
        }),
      );
    } else {
      username = given.username;
      password = given.password;
    }
  }
  if (!flags.apiKey && !username) {
    throw new UserError(
      "no credentials",
      "set KIBANA_API_KEY (or --api-key), or KIBANA_USERNAME and KIBANA_PASSWORD (or https://user:password@… in --kibana-url)",
    );
  }
  const caCert = flags.caCert ? readCaCert(flags.caCert) : undefined;
  if (flags.insecure)
    warn(
      formatDiagnostic({
        severity: "warning",
        message: "--insecure: Kibana's TLS certificate is not verified",
      }),
    );
  return connection(
    given.url,
    [flags.apiKey, flags.password, given.password].filter((s): s is string => !!s),
    (space) =>
      new KibanaClient({
        ...common,
        ...(space ? { space } : {}),
        url: given.url,
        apiKey: flags.apiKey,
        username: flags.apiKey ? undefined : username,
        password: flags.apiKey ? undefined : password,
        caCert,
        insecure: flags.insecure,
      }),
  );
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * The PEM certificates of --ca-cert. Node would take any text and trust nothing from it, so a wrong
 * file (a key, a DER certificate, a config) showed up only as an unexplained TLS failure later. The
 * file's content is never quoted: it may be a key given by mistake.
 */
function readCaCert(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new UserError(`cannot read --ca-cert file ${file}: ${(err as NodeJS.ErrnoException).code}`);
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    throw new UserError(
      `--ca-cert file ${file} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block)`,
      "give the CA certificate in PEM form; convert a DER file with: openssl x509 -inform der -in ca.der -out ca.pem",
    );
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new UserError(
        `--ca-cert file ${file}: certificate ${index + 1} of ${blocks.length} is not a valid X.509 certificate`,
        "check that the file was copied whole (openssl x509 -in FILE -noout -text shows what it holds)",
      );
    }
  });
  return text;
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
