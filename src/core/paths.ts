import path from "node:path";

/** `file` relative to `root` with forward slashes on every platform, so a recorded path is the same on every machine. */
export function posixRelative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join("/");
}
