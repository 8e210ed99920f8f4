/** Strict UTF-8 reading of source text: bad bytes name file and byte offset, a BOM is accepted, size limits are errors. */
import { writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newReadBuffer } from "../../src/core/scratch.js";
import {
  firstInvalidUtf8,
  readFileInto,
  readTextBytes,
  readTextBytesTransient,
  readUtf8File,
  readUtf8Lines,
  type TextLine,
} from "../../src/core/text-file.js";
import { isUserError } from "../../src/errors.js";
import { removeDir, tempDir } from "../pipeline/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => removeDir(dir));

function fileOf(name: string, ...parts: (string | number[])[]): string {
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))));
  return file;
}

async function lines(file: string, maxBytes?: number): Promise<TextLine[]> {
  const out: TextLine[] = [];
  for await (const line of readUtf8Lines(file, maxBytes === undefined ? {} : { maxBytes })) out.push(line);
  return out;
}

async function failure(attempt: Promise<unknown>): Promise<Error> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isUserError(error), String(error)).toBe(true);
  return error as Error;
}

/** Ill-formed UTF-8, each class placed after a known prefix, so its byte offset and line are known. */
const BAD: [string, number[]][] = [
  ["a stray continuation byte", [0x80]],
  ["Latin-1 é", [0xe9, 0x20]],
  ["an overlong slash", [0xc0, 0xaf]],
  ["an encoded surrogate", [0xed, 0xa0, 0x80]],
  ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ["a sequence cut by the end of the file", [0xe2, 0x82]],
];

describe("readUtf8File", () => {
  it.each(BAD)("refuses %s with the file, the byte offset and the line", async (_name, bytes) => {
    const file = fileOf("bad.txt", "ok\n", bytes);
    const error = await failure(readUtf8File(file));
    expect(error.message.startsWith(`${file}: invalid UTF-8 at byte offset 3 (line 2; bytes `)).toBe(true);
    expect(error.message).toContain("The file must be UTF-8 text");
  });

  it("drops a leading byte-order mark, and counts offsets from the file's first byte", async () => {
    expect(await readUtf8File(fileOf("bom.txt", [0xef, 0xbb, 0xbf], "héllo\n"))).toBe("héllo\n");
    const error = await failure(readUtf8File(fileOf("bom-bad.txt", [0xef, 0xbb, 0xbf], "a\nb", [0xff])));
    expect(error.message).toContain("invalid UTF-8 at byte offset 6 (line 2; bytes ff)");
    // Only a leading mark is dropped: one later in the text is U+FEFF.
    expect(await readUtf8File(fileOf("mid.txt", "a", [0xef, 0xbb, 0xbf]))).toBe("a\uFEFF");
  });

  it("refuses a file larger than the limit with its size, before decoding it", async () => {
    const error = await failure(readUtf8File(fileOf("big.txt", "x".repeat(100)), { maxBytes: 64 }));
    expect(error.message).toMatch(/big\.txt: the file is 100 bytes, more than the 64 bytes one text may have/);
  });
});

describe("readUtf8Lines", () => {
  it("yields lines without their breaks (LF or CRLF), with 1-based numbers and byte offsets; a final line without a break too", async () => {
    const file = fileOf("lines.txt", [0xef, 0xbb, 0xbf], "a\r\nßx\n\nlast");
    expect(await lines(file)).toEqual([
      { text: "a", line: 1, offset: 3 },
      { text: "ßx", line: 2, offset: 6 },
      { text: "", line: 3, offset: 10 },
      { text: "last", line: 4, offset: 11 },
    ]);
    expect(await lines(fileOf("empty.txt", ""))).toEqual([]);
    expect(await lines(fileOf("nl.txt", "one\n"))).toEqual([{ text: "one", line: 1, offset: 0 }]);
  });

  it.each(BAD)("refuses %s with the file, the byte offset and the line", async (_name, bytes) => {
    const file = fileOf("bad.jsonl", "{}\n", "{}\n", bytes, "\n{}\n");
    const error = await failure(lines(file));
    expect(error.message).toContain(`${file}: invalid UTF-8 at byte offset 6 (line 3; bytes `);
  });

  it("reads a line spread over many read chunks, and a multi-byte character cut by a chunk boundary", async () => {
    const long = `${"é".repeat(200_000)}z`;
    const file = fileOf("long.txt", "a\n", long, "\nb");
    const got = await lines(file);
    expect(got.map((l) => [l.line, l.offset, l.text.length])).toEqual([
      [1, 0, 1],
      [2, 2, long.length],
      [3, 2 + Buffer.byteLength(long) + 1, 1],
    ]);
    expect(got[1]?.text).toBe(long);
  });

  it("refuses a line longer than the limit with its number, without reading the rest of it", async () => {
    const error = await failure(lines(fileOf("wide.txt", "short\n", "y".repeat(200_000), "\n"), 100_000));
    expect(error.message).toMatch(/wide\.txt: line 2 is at least \d+ bytes, more than the 100000 bytes one text may have/);
    const exact = await failure(lines(fileOf("wide2.txt", "short\n", "y".repeat(101), "\nz"), 100));
    expect(exact.message).toContain("line 2 is 101 bytes");
  });
});

/** Well-formed text with one byte replaced: near misses, where a validator is most likely wrong. */
const utf8WithOneByteChanged = fc
  .tuple(fc.string({ unit: "binary", minLength: 1, maxLength: 8 }), fc.nat(), fc.integer({ min: 0x80, max: 0xff }))
  .map(([text, at, byte]) => {
    const bytes = new Uint8Array(Buffer.from(text, "utf8"));
    bytes[at % bytes.length] = byte;
    return bytes;
  });

describe("firstInvalidUtf8", () => {
  it("agrees with the strict TextDecoder on arbitrary bytes", () => {
    const strict = new TextDecoder("utf-8", { fatal: true });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 24 }), utf8WithOneByteChanged), (bytes) => {
        const at = firstInvalidUtf8(bytes);
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(at === -1).toBe(valid);
        // Everything before the reported offset is well-formed.
        if (at >= 0) expect(() => strict.decode(bytes.subarray(0, at))).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});

describe("readTextBytesTransient", () => {
  it("reads whole files into one reused buffer, as readTextBytes reads them, and refuses what it refuses", async () => {
    const dir = await tempDir();
    try {
      const big = join(dir, "big.txt");
      const small = join(dir, "small.txt");
      await writeFile(big, "x".repeat(100_000));
      await writeFile(small, "héllo");
      const first = readTextBytesTransient(big);
      expect(first.length).toBe(100_000);
      const second = readTextBytesTransient(small);
      expect(second.toString("utf8")).toBe("héllo");
      // The same memory: a caller keeps nothing of the bytes past its next read.
      expect(second.buffer).toBe(first.buffer);
      expect(readTextBytesTransient(big).equals(await readTextBytes(big))).toBe(true);
      expect(() => readTextBytesTransient(big, { maxBytes: 10 })).toThrow(/more than the 10 bytes/);
      expect(() => readTextBytesTransient(join(dir, "absent.txt"))).toThrow(/ENOENT/);
    } finally {
      await removeDir(dir);
    }
  });
});

describe("readFileInto", () => {
  it("reads whole files into the buffer it is given, grown as needed, empty files and growth included", async () => {
    const dir = await tempDir();
    try {
      const files = { small: "héllo", big: "y".repeat(70_000), empty: "" };
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
      const into = newReadBuffer();
      expect((await readFileInto(join(dir, "small"), into)).toString("utf8")).toBe("héllo");
      const big = await readFileInto(join(dir, "big"), into);
      expect(big.toString("utf8")).toBe(files.big);
      const grown = into.bytes;
      expect((await readFileInto(join(dir, "small"), into)).toString("utf8")).toBe("héllo");
      expect((await readFileInto(join(dir, "empty"), into)).length).toBe(0);
      // No new buffer once it is large enough: the caller keeps nothing of the bytes past its next read.
      expect(into.bytes).toBe(grown);
      expect(into.reads).toBe(4);
      await expect(readFileInto(join(dir, "absent"), into)).rejects.toThrow(/ENOENT/);
      await expect(readFileInto(join(dir, "big"), into, { maxBytes: 10 })).rejects.toThrow(/more than the 10 bytes/);
    } finally {
      await removeDir(dir);
    }
  });
});
