/** License texts as Hub ids; the card's license is one id, or `other` when mixed or not a plain license name. */
import { describe, expect, it } from "vitest";
import { languageCode } from "../../src/publish/languages.js";
import { hubLicenseId, licenseMetadata } from "../../src/publish/licenses.js";

describe("hubLicenseId", () => {
  it("reads license names as sources write them", () => {
    const cases: [string, string | undefined][] = [
      ["Apache 2.0", "apache-2.0"],
      ["Apache-2.0", "apache-2.0"],
      ["Apache License, Version 2.0", undefined],
      ["MIT", "mit"],
      ["MIT License", "mit"],
      ["CC BY 4.0", "cc-by-4.0"],
      ["CC BY-SA 4.0", "cc-by-sa-4.0"],
      ["cc_by_nc_4.0", "cc-by-nc-4.0"],
      ["CC0", "cc0-1.0"],
      ["GPLv3", "gpl-3.0"],
      ["Unknown", "unknown"],
      ["Apache-2.0 (templates); rows under each dataset's license", undefined],
      ["Other", undefined],
    ];
    for (const [text, id] of cases) expect(hubLicenseId(text), text).toBe(id);
  });
});

describe("licenseMetadata", () => {
  it("is the one id when every license is that id, else other, named mixed, with the card as its link", () => {
    expect(licenseMetadata(["Apache 2.0", "apache-2.0"])).toEqual({ license: "apache-2.0" });
    expect(licenseMetadata(["Apache 2.0", "MIT"])).toEqual({ license: "other", license_name: "mixed", license_link: "README.md" });
    expect(licenseMetadata(["Apache-2.0 (templates); rows under each dataset's license"]).license).toBe("other");
  });
});

describe("languageCode", () => {
  it("takes codes as they are and names by the table", () => {
    expect(["en", "English", "german", "Klingon"].map(languageCode)).toEqual(["en", "en", "de", undefined]);
  });
});
