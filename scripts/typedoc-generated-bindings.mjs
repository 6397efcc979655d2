// A TypeDoc plugin (typedoc.json "plugin"): the public entry re-exports the provider classes of the
// bindings generated in .gen/ (GrafanaProvider, MsgraphProvider). cdktf's generator writes
// `@param options` for the constructor's `config` and `@param provider?` for `provider`, which
// TypeDoc reports as unused @param tags. This plugin renames, in comments from .gen/ only, each
// @param tag that names no parameter: `name?` to `name`, or to the one parameter no tag describes.
// The generated files stay as the generator makes them (a test compares them).
import { Converter, ReflectionKind } from "typedoc";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of context.project.getReflectionsByKind(ReflectionKind.CallSignature | ReflectionKind.ConstructorSignature)) {
      const comment = reflection.comment;
      if (!comment || !/[\\/]\.gen[\\/]/.test(comment.sourcePath ?? "")) continue;
      const names = (reflection.parameters ?? []).map((p) => p.name);
      const tags = comment.blockTags.filter((tag) => tag.tag === "@param");
      const undescribed = names.filter((name) => !tags.some((tag) => tag.name === name));
      for (const tag of tags) {
        if (tag.name === undefined || names.includes(tag.name)) continue;
        const bare = tag.name.replace(/\?$/, "");
        if (names.includes(bare)) tag.name = bare;
        else if (undescribed.length === 1) tag.name = undescribed[0];
      }
    }
  });
}
