/**
 * walk-wasm.ts is walk.wat assembled: assembled again here by wabt (the WebAssembly Binary Toolkit), it
 * gives the same bytes. After a change to walk.wat, `npm run wasm` writes walk-wasm.ts again.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import wabt from "wabt";
import { WALK_WASM } from "../../../src/sources/supernatural/walk-wasm.js";
import { ROOT } from "../../pipeline/helpers.js";

const DIR = path.join(ROOT, "src/sources/supernatural");

async function assemble(file: string): Promise<string> {
  const toolkit = await wabt();
  const parsed = toolkit.parseWat(file, readFileSync(path.join(DIR, file), "utf8"), { simd: true });
  try {
    parsed.validate();
    return Buffer.from(parsed.toBinary({}).buffer).toString("base64");
  } finally {
    parsed.destroy();
  }
}

function moduleText(base64: string): string {
  return [
    "// Generated from walk.wat by `npm run wasm` (test/sources/supernatural/walk-wasm.test.ts checks it): do not edit.",
    "/** walk.wat assembled, in base64. */",
    "export const WALK_WASM =",
    `  "${base64}";`,
    "",
  ].join("\n");
}

describe("walk-wasm.ts", () => {
  it("is walk.wat assembled", async () => {
    const assembled = await assemble("walk.wat");
    if (process.env.WRITE_WASM === "1") writeFileSync(path.join(DIR, "walk-wasm.ts"), moduleText(assembled));
    else expect(WALK_WASM, "walk.wat changed: run `npm run wasm`").toBe(assembled);
  });
});
