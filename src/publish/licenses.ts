/**
 * Licenses as the Hub names them. A license text maps to a Hub id only when the whole text is a known
 * license name ("Apache 2.0", "CC BY-SA 4.0", "MIT"); anything else (a sentence, "rows under each
 * dataset's license") is kept verbatim and makes the card's license `other`.
 */

/** Hub license ids (hf.co/docs/hub/repositories-licenses) a source is likely to name. */
const HUB_LICENSES = new Set([
  "afl-3.0",
  "agpl-3.0",
  "apache-2.0",
  "artistic-2.0",
  "bsd",
  "bsd-2-clause",
  "bsd-3-clause",
  "bsl-1.0",
  "c-uda",
  "cc",
  "cc-by-2.0",
  "cc-by-2.5",
  "cc-by-3.0",
  "cc-by-4.0",
  "cc-by-nc-2.0",
  "cc-by-nc-3.0",
  "cc-by-nc-4.0",
  "cc-by-nc-nd-3.0",
  "cc-by-nc-nd-4.0",
  "cc-by-nc-sa-2.0",
  "cc-by-nc-sa-3.0",
  "cc-by-nc-sa-4.0",
  "cc-by-nd-4.0",
  "cc-by-sa-3.0",
  "cc-by-sa-4.0",
  "cc0-1.0",
  "cdla-permissive-1.0",
  "cdla-permissive-2.0",
  "cdla-sharing-1.0",
  "ecl-2.0",
  "epl-2.0",
  "eupl-1.1",
  "gfdl",
  "gpl-2.0",
  "gpl-3.0",
  "lgpl-2.1",
  "lgpl-3.0",
  "mit",
  "mpl-2.0",
  "odbl",
  "odc-by",
  "pddl",
  "postgresql",
  "unknown",
  "unlicense",
  "wtfpl",
  "zlib",
]);

/** The Hub id of a license text, or undefined when the text is not just a known license name. */
export function hubLicenseId(text: string): string | undefined {
  const id = text
    .trim()
    .toLowerCase()
    .replace(/\b(licen[cs]e|version)\b/g, " ")
    .replace(/^the\s+/, "")
    .trim()
    .replace(/[\s_/]+/g, "-")
    .replace(/-v(?=\d)/g, "-")
    .replace(/(\d)\.(\d)\.0$/, "$1.$2")
    .replace(/^(l?gpl|agpl)v?(\d)$/, "$1-$2.0")
    .replace(/^cc-?0$/, "cc0-1.0");
  return HUB_LICENSES.has(id) ? id : undefined;
}

/** The card's front matter: one Hub id when every license is that id, else `other` (the list is in the card). */
export function licenseMetadata(texts: readonly string[]): Record<string, string> {
  const ids = new Set(texts.map(hubLicenseId));
  const [only] = ids;
  if (ids.size === 1 && only !== undefined) return { license: only };
  return { license: "other", license_name: "mixed", license_link: "README.md" };
}
