import { randomBytes } from "node:crypto";
import { lstat, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "./errors.js";

/**
 * Writes `text` to `file` without ever writing through a symlink: the text goes to a new file created
 * exclusively next to it (O_EXCL refuses to follow a link planted there), which is then renamed over
 * `file`. A symlink at `file` is replaced by the new file, and its target stays as it was: a link in a
 * shared checkout (`plan.out -> ~/.bashrc`) cannot make fleetform overwrite what it points to. Readers
 * also never see a half-written file.
 */
export async function writeFileReplacing(file: string, text: string, mode = 0o666): Promise<void> {
  const existing = await lstat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw new UserError(`${file} is a directory; give a file name`);
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, text, { flag: "wx", mode });
    await rename(temporary, file);
  } catch (err) {
    await unlink(temporary).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UserError(`cannot write ${file}: ${code}`);
  }
}
