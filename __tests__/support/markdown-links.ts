/**
 * Relative links of the project's Markdown, checked against the tree: each link to a file must
 * name one that exists, and each `#anchor` must name a heading (or an explicit `<a id>`/`<a name>`)
 * of the file it points into. Pure over a reader, so a test can feed it files that do not exist.
 *
 * Anchors follow GitHub's rendering of headings (the github-slugger rules): the heading's text
 * without Markdown, lower-cased, every character that is not a letter, mark, digit, connector
 * (`_`), hyphen or space removed, spaces turned into hyphens, and `-1`, `-2`, … appended to
 * repeats. Links in fenced code blocks and in inline code are not links and are skipped, as
 * GitHub does; absolute URLs (`https:`, `mailto:`, …) are out of scope (no network here).
 */
import * as path from "node:path";

/** One link found in a Markdown file. */
export interface MarkdownLink {
  /** 1-based line of the link. */
  readonly line: number;
  /** The target as written, e.g. `docs/verify.md#checks` or `#cicd`. */
  readonly target: string;
}

/** Reads a file relative to the root: its text, "directory", or undefined when nothing is there. */
export type TreeReader = (relativePath: string) => string | "directory" | undefined;

/** The Markdown text outside fenced code blocks, line by line (fenced lines become empty, so line numbers hold). */
function proseLines(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split("\n").map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      return "";
    }
    if (marker) {
      fence = marker;
      return "";
    }
    return line;
  });
}

/** A line without its inline code spans (a link inside backticks is text). */
const withoutInlineCode = (line: string) => line.replace(/(`+)[^`]*?\1/g, (m) => " ".repeat(m.length));

/** GitHub's anchor of a heading's text (see the file comment). */
export function headingSlug(text: string): string {
  const plain = text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images keep their text
    .replace(/<[^>]+>/g, "") // inline HTML
    .trim()
    .toLowerCase();
  return plain.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
}

/** Every anchor a Markdown file has: its headings' slugs (repeats numbered) and explicit `<a id|name="…">`. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$/.exec(line);
    if (heading) {
      const slug = headingSlug(heading[1]!);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count ? `${slug}-${count}` : slug);
    }
    for (const m of withoutInlineCode(line).matchAll(/<a\s+(?:[^>]*\s)?(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  }
  return anchors;
}

/** Every link of a Markdown file outside code: inline `[text](target "title")`, images, and reference definitions `[x]: target`. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseLines(markdown).forEach((raw, i) => {
    const line = withoutInlineCode(raw);
    for (const m of line.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) links.push({ line: i + 1, target: m[1]!.replace(/^<|>$/g, "") });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(\S+)/.exec(line);
    if (definition) links.push({ line: i + 1, target: definition[1]!.replace(/^<|>$/g, "") });
  });
  return links;
}

/** Whether a target leaves the tree (a URL with a scheme, or protocol-relative). */
const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");

/**
 * The broken relative links of `files` (paths relative to the root), as
 * `file:line: target: what is wrong`. A link to a Markdown file's heading is checked against that
 * file's anchors; an anchor into a non-Markdown file or a directory is not checked (GitHub's line
 * anchors such as `#L10` are no headings).
 */
export function brokenLinks(files: readonly string[], read: TreeReader): string[] {
  const problems: string[] = [];
  const anchorsOf = new Map<string, Set<string>>();
  const anchors = (file: string, text: string) => {
    if (!anchorsOf.has(file)) anchorsOf.set(file, markdownAnchors(text));
    return anchorsOf.get(file)!;
  };
  for (const file of files) {
    const text = read(file);
    if (typeof text !== "string") {
      problems.push(`${file}: no such file`);
      continue;
    }
    for (const { line, target } of markdownLinks(text)) {
      if (isExternal(target)) continue;
      const hash = target.indexOf("#");
      const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const where = `${file}:${line}: ${target}`;
      const resolved = pathPart ? path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart)) : file;
      if (resolved.startsWith("../") || resolved === "..") {
        problems.push(`${where}: leaves the repository`);
        continue;
      }
      const content = read(resolved.replace(/\/$/, "") || ".");
      if (content === undefined) {
        problems.push(`${where}: ${resolved} does not exist`);
        continue;
      }
      if (anchor === undefined || content === "directory" || !/\.md$/i.test(resolved)) continue;
      if (!anchor) problems.push(`${where}: empty anchor`);
      else if (!anchors(resolved, content).has(anchor)) problems.push(`${where}: ${resolved} has no heading #${anchor}`);
    }
  }
  return problems;
}
