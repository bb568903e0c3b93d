import { Document, isMap, isSeq } from "yaml";
import type { ExportedObject } from "../export/export-live.js";
import { isSpaceScoped } from "../kinds/shapes.js";
import type { KindDescriptor } from "../kinds/types.js";
import { schemaComment } from "../util/editor-schema.js";

/**
/**
 * One kind's exported objects as a manifest file, read-only objects marked by a comment. Its first
 * line names the editor schema a manifest file written beside it (`fleetform export --out DIR` writes
 * it there; `fleetform schema > manifest.schema.json` otherwise). Objects of a kind that lives in a
 * space, read in another space than the default one, say so (`space:`), so the file plans against
 * that space whatever the run's `--space`.
 */
export function exportedYaml(kind: KindDescriptor, objects: ExportedObject[], space = "default"): string {
  const inSpace = isSpaceScoped(kind.name) && space !== "default" ? { space } : {};
  const content =
    kind.identity === "singleton"
      ? { [kind.name]: objects[0]!.body }
      : { ...inSpace, [kind.name]: objects.map((o) => o.body) };
  const doc = new Document(content);
  doc.commentBefore = ` ${schemaComment()}\n Exported by fleetform from Kibana: ${kind.noun} objects.`;
  const section = doc.get(kind.name, true);
  if (isSeq(section)) {
    objects.forEach((o, i) => {
      const node = section.items[i];
      if (o.readOnly && isMap(node))
        node.commentBefore = ` read-only: ${o.readOnly}; fleetform never changes it`;
    });
  }
  return doc.toString({ lineWidth: 0 });
}
