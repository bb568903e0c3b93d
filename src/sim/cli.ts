/** `fleetform sim`: runs the Kibana simulator until SIGINT/SIGTERM. */
import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import type { FaultOptions } from "./faults.js";
import { type SimulatorOptions, startSimulator } from "./index.js";
import { PROFILES, type Profile } from "./seed.js";
import { checkKibanaVersion, LATEST_KIBANA_VERSION, OLDEST_KIBANA_VERSION } from "./versions.js";

/** A flag combination that makes no sense; reported by commander on stderr with exit code 1. */
class UsageError extends Error {}

function int(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`must be an integer, got "${value}"`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

function rate() {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
      throw new InvalidArgumentError(`must be a number between 0 and 1, got "${value}"`);
    }
    return n;
  };
}

function failStatus(value: string): 429 | 503 | (429 | 503)[] {
  const statuses = value.split(",").map((s) => s.trim());
  if (statuses.length === 0 || statuses.some((s) => s !== "429" && s !== "503"))
    throw new InvalidArgumentError(`must be 429, 503 or 429,503, got "${value}"`);
  const numbers = statuses.map(Number) as (429 | 503)[];
  return numbers.length === 1 ? numbers[0]! : numbers;
}

/** The options `fleetform sim` takes: the faults as they are, the rest read into SimulatorOptions. */
interface SimFlags extends FaultOptions {
  port: number;
  host: string;
  data?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  profile: Profile;
  tlsCert?: string;
  tlsKey?: string;
  packages: string[];
  registry?: string;
  kibanaYml?: string;
  kibanaYmlRemoved?: boolean;
  kibanaVersion?: string;
}

function kibanaVersionFlag(value: string): string {
  try {
    return checkKibanaVersion(value);
  } catch (err) {
    throw new UsageError(`--kibana-version: ${(err as Error).message}`);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function registryUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InvalidArgumentError(`must be an http(s) URL, got "${value}"`);
  return value;
}

const readPem = (flag: string, file: string) => readText(flag, file);

function readText(flag: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${flag} file ${file}: ${(err as NodeJS.ErrnoException).code}`);
  }
}

export function toSimulatorOptions(flags: SimFlags): SimulatorOptions {
  if (flags.apiKey !== undefined && (flags.username !== undefined || flags.password !== undefined)) {
    throw new UsageError(
      "--api-key cannot be combined with --username/--password: choose one kind of credentials",
    );
  }
  if (flags.username !== undefined && flags.password === undefined) {
    throw new UsageError("--username needs --password");
  }
  if (flags.password !== undefined && flags.username === undefined) {
    throw new UsageError("--password needs --username");
  }
  if (flags.failStatus !== undefined && flags.failRate === undefined) {
    throw new UsageError("--fail-status needs --fail-rate");
  }
  if (flags.kibanaYmlRemoved && flags.kibanaYml === undefined) {
    throw new UsageError("--kibana-yml-removed needs --kibana-yml");
  }
  const answerShares =
    (flags.answerHtmlShare ?? 0) + (flags.truncateShare ?? 0) + (flags.endlessBodyShare ?? 0);
  if (answerShares > 1) {
    throw new UsageError(
      "--answer-html-share, --truncate-share and --endless-body-share add up to more than 1",
    );
  }
  if (flags.redirectTo !== undefined && !/^https?:\/\/[^/]/i.test(flags.redirectTo)) {
    throw new UsageError(`--redirect-to must be an http:// or https:// URL, got "${flags.redirectTo}"`);
  }
  if (flags.capPerPageEcho !== undefined && flags.capPerPage === undefined) {
    throw new UsageError("--cap-per-page-echo needs --cap-per-page");
  }
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) {
    throw new UsageError("--tls-cert and --tls-key go together");
  }
  const { data, tlsCert, tlsKey, kibanaYml, kibanaYmlRemoved, kibanaVersion, packages, registry, ...given } =
    flags;
  return {
    ...given,
    dataFile: data,
    kibanaVersion: kibanaVersion === undefined ? undefined : kibanaVersionFlag(kibanaVersion),
    preconfiguration:
      kibanaYml === undefined
        ? undefined
        : { text: readText("--kibana-yml", kibanaYml), file: kibanaYml, removed: kibanaYmlRemoved },
    tls:
      tlsCert !== undefined && tlsKey !== undefined
        ? { cert: readPem("--tls-cert", tlsCert), key: readPem("--tls-key", tlsKey) }
        : undefined,
    packages: packages.length > 0 ? packages : undefined,
    registry,
  };
}

export function simCommand(): Command {
  const cmd = new Command("sim")
    .description(
      "Run a local Kibana simulator (Fleet + Cases settings API) for trying manifests and for tests.\n" +
        "Without credentials it accepts Basic elastic:changeme and ApiKey fleetform-sim.",
    )
    .option("--port <n>", "TCP port to listen on (0 picks a free one)", int(0, 65535), 5601)
    .option("--host <addr>", "address to listen on", "127.0.0.1")
    .option("--latency-ms <n>", "delay every /api response by N milliseconds", int(0, 600000))
    .option("--fail-rate <r>", "fraction (0..1) of /api requests answered with --fail-status", rate())
    .option(
      "--fail-status <code>",
      "status of injected failures: 429 (with Retry-After: 1), 503 (default), or 429,503 (half each)",
      failStatus,
    )
    .option("--reset-rate <r>", "fraction (0..1) of /api requests whose connection is dropped", rate())
    .option(
      "--lost-response-share <r>",
      "fraction (0..1) of the dropped connections dropped after the request was handled (answer lost)",
      rate(),
    )
    .option(
      "--answer-html-share <r>",
      "fraction (0..1) of /api requests answered 200 with an HTML login page instead of Kibana's JSON",
      rate(),
    )
    .option(
      "--truncate-share <r>",
      "fraction (0..1) of /api requests handled, then answered with the JSON cut in half",
      rate(),
    )
    .option(
      "--endless-body-share <r>",
      "fraction (0..1) of /api requests answered 200 with a body that never ends",
      rate(),
    )
    .option("--redirect-to <url>", "answer every /api request with a 302 to URL plus the request's path")
    .option(
      "--cap-per-page <n>",
      "cap perPage at N (as a proxy or a Kibana with a lower limit does); lists echo N",
      int(1, 10000),
    )
    .addOption(
      new Option(
        "--cap-per-page-echo <echo>",
        "perPage a capped list answers: the cap (as Kibana does) or the value asked for (a short page)",
      ).choices(["capped", "asked"]),
    )
    .option(
      "--seed <s>",
      "seed of the fault-injection random generator (deterministic faults)",
      int(0, 2 ** 32 - 1),
    )
    .option(
      "--mangle-field <name>",
      "store the string value of this top-level field otherwise than written (a suffix), as a normalising Kibana would",
    )
    .option("--data <file>", "load state from FILE and save it there after every change and on exit")
    .option("--api-key <key>", "accept only this API key (Authorization: ApiKey <key>)")
    .option("--username <user>", "accept only Basic auth with this user (needs --password)")
    .option("--password <password>", "password for --username")
    .option("--tls-cert <file>", "serve HTTPS with this PEM certificate (needs --tls-key)")
    .option("--tls-key <file>", "PEM private key of --tls-cert")
    .option(
      "--packages <dir>",
      "add the packages in DIR (NAME/VERSION/ trees or NAME-VERSION.zip archives) to the catalog; repeatable",
      collect,
      [],
    )
    .option(
      "--registry <url>",
      "fetch packages the catalog lacks from this Elastic Package Registry (e.g. https://epr.elastic.co)",
      registryUrl,
    )
    .option("--kibana-yml <file>", "start as the Kibana this kibana.yml's Fleet preconfiguration sets up")
    .option(
      "--kibana-yml-removed",
      "then as after that preconfiguration was removed from kibana.yml and Kibana restarted",
    )
    .option(
      "--kibana-version <version>",
      `the Kibana version to play, ${OLDEST_KIBANA_VERSION} to ${LATEST_KIBANA_VERSION} (default): its /api/status, and it refuses what that version lacks`,
    )
    .addOption(
      new Option(
        "--profile <profile>",
        "initial state: Fleet Server set up through Kibana's UI (secrets stored as references), the same with a hosted (managed) Fleet Server policy, or no Fleet Server (secrets in clear)",
      )
        .choices([...PROFILES])
        .default("fleet-server"),
    )
    .action(async (flags: SimFlags, command: Command) => {
      let options: SimulatorOptions;
      try {
        options = toSimulatorOptions(flags);
      } catch (err) {
        if (err instanceof UsageError) command.error(`error: ${err.message}`);
        throw err;
      }
      let sim: Awaited<ReturnType<typeof startSimulator>>;
      try {
        sim = await startSimulator(options);
      } catch (err) {
        if (options.preconfiguration) command.error(`error: ${flags.kibanaYml}: ${(err as Error).message}`);
        throw err;
      }
      process.stdout.write(`listening on ${sim.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await sim.close();
    });
  return cmd;
}

/** Runs `fleetform sim` with argv (without the program and command names); returns the exit code. */
export async function runSim(args: string[]): Promise<number> {
  const cmd = simCommand().exitOverride();
  try {
    await cmd.parseAsync(args, { from: "user" });
    return 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return 0;
    if (typeof e.exitCode === "number") return e.exitCode; // commander already printed the message
    process.stderr.write(`fleetform sim: ${e.message ?? String(err)}\n`);
    return 1;
  }
}
