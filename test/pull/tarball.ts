/**
 * A small tar.gz writer for tests: entries written as raw ustar headers (pax headers for long paths and
 * the global `comment`, as `git archive` writes the commit id), so hostile entries (`..`, absolute
 * paths, links pointing out, devices) can be made on purpose.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";

export interface TarEntry {
  path: string;
  type?: "file" | "dir" | "symlink" | "link" | "fifo";
  body?: Buffer | string;
  linkpath?: string;
}

const TYPEFLAG = { file: "0", link: "1", symlink: "2", fifo: "6", dir: "5" } as const;

function header(name: string, size: number, typeflag: string, linkname = ""): Buffer {
  const block = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number) => block.write(text.slice(0, length), offset, length, "utf8");
  const octal = (value: number, offset: number, length: number) => put(`${value.toString(8).padStart(length - 1, "0")}\0`, offset, length);
  put(name, 0, 100);
  octal(typeflag === "5" ? 0o755 : 0o644, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12);
  octal(1_700_000_000, 136, 12);
  put("        ", 148, 8);
  put(typeflag, 156, 1);
  put(linkname, 157, 100);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  return block;
}

function padded(data: Buffer): Buffer {
  return Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return `${length}${body}`;
}

function pax(typeflag: "x" | "g", records: Record<string, string>): Buffer {
  const data = Buffer.from(
    Object.entries(records)
      .map(([k, v]) => paxRecord(k, v))
      .join(""),
  );
  return Buffer.concat([header("pax_header", data.length, typeflag), padded(data)]);
}

/** A .tar.gz of `entries`, with the commit id in a pax global header when given. */
export function tarGz(entries: readonly TarEntry[], commit?: string): Buffer {
  const blocks: Buffer[] = [];
  if (commit !== undefined) blocks.push(pax("g", { comment: commit }));
  for (const entry of entries) {
    const type = entry.type ?? "file";
    const body = type === "file" ? Buffer.from(entry.body ?? "") : Buffer.alloc(0);
    const long: Record<string, string> = {};
    if (Buffer.byteLength(entry.path) > 99) long.path = entry.path;
    if (Buffer.byteLength(entry.linkpath ?? "") > 99) long.linkpath = entry.linkpath as string;
    if (Object.keys(long).length > 0) blocks.push(pax("x", long));
    blocks.push(header(entry.path, body.length, TYPEFLAG[type], entry.linkpath ?? ""), padded(body));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** The entries of a folder as a GitHub archive has them: under `<top>/`, folders first, paths sorted. */
export function treeEntries(dir: string, top: string, skip: (path: string) => boolean = () => false): TarEntry[] {
  const entries: TarEntry[] = [{ path: `${top}/`, type: "dir" }];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const full = join(at, name);
      const rel = relative(dir, full).split(sep).join("/");
      if (skip(rel)) continue;
      if (statSync(full).isDirectory()) {
        entries.push({ path: `${top}/${rel}/`, type: "dir" });
        walk(full);
      } else entries.push({ path: `${top}/${rel}`, body: readFileSync(full) });
    }
  };
  walk(dir);
  return entries;
}
