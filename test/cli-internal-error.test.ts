/** An error that is not the user's (a bug) exits 2 with the stack, asking for a report. */
import { describe, expect, it, vi } from "vitest";

vi.mock("../src/pipeline/build.js", () => ({
  build: async () => {
    throw new TypeError("cannot read properties of undefined (a bug)");
  },
}));

const { main } = await import("../src/cli.js");

describe("iml-bench CLI internal errors", () => {
  it("exits 2 and says it is an internal error", async () => {
    let stderr = "";
    const code = await main(["build", "--config", "splits/demo.yaml", "--out", "/tmp/never-written"], {
      out: () => {},
      err: (t) => void (stderr += t),
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^iml-bench: internal error \(please report it\): TypeError: cannot read properties of undefined \(a bug\)/);
  });
});
