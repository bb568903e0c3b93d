import type { LoadedManifest } from "../load/types.js";
import { startKnownReads } from "../pipeline.js";
import { LiveReads } from "../read/live-reads.js";
import { type Connection, type ConnectionFlags, connect } from "./connection.js";
import type { Io } from "./io.js";
import { loadValidManifest } from "./manifest.js";

/** What a command that plans gets: its valid manifests, its connection, and the reads already begun. */
export interface LoadedRun {
  manifest: LoadedManifest;
  connection: Connection;
  reads: LiveReads;
}

/**
 * load → validate with the read stage already running: connects first, and starts each list read as
 * soon as the sections of the files loaded so far call for it (startKnownReads), so that Kibana
 * answers while the manifests load and validate. What the user sees keeps its order: the manifests'
 * errors first (the reads are then stopped unused, the connection's own error not shown), then a
 * connection error or the connection's warnings; the connection is closed whatever happens.
 */
export async function withReadsWhileLoading<T>(
  paths: string[],
  flags: ConnectionFlags,
  io: Io,
  use: (run: LoadedRun) => Promise<T>,
): Promise<T> {
  const warnings: string[] = [];
  const connecting = connect(flags, (line) => warnings.push(line));
  let reads: LiveReads | undefined;
  let home = "";
  let sections: Parameters<typeof startKnownReads>[1] | undefined;
  const started = connecting.then(
    (connection) => {
      io.addSecrets(connection.credentials);
      reads = new LiveReads(connection.client);
      home = connection.client.space;
      if (sections) startKnownReads(reads, sections, home);
      return connection;
    },
    () => undefined, // reported once the manifests are known to be valid, as before
  );
  let manifest: LoadedManifest;
  try {
    manifest = await loadValidManifest(paths, io, (sofar) => {
      sections = sofar;
      if (reads) startKnownReads(reads, sofar, home);
    });
  } catch (err) {
    const connection = await started;
    reads?.abandon();
    await connection?.close();
    throw err;
  }
  const connection = await connecting;
  for (const line of warnings) io.err(line);
  try {
    return await use({ manifest, connection, reads: reads! });
  } finally {
    reads!.abandon(); // any read still running is one the run no longer waits for
    await connection.close();
  }
}
