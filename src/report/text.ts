/**
 * Text in generated HTML and SVG: escaped for both (inline SVG in HTML and standalone SVG files read as
 * XML), numbers written the same on every machine (never toLocaleString), labels cut to a width.
 */

/** Characters XML forbids (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. */
const NOT_XML = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe in HTML and XML, as element content or a quoted attribute value. */
export function escapeMarkup(text: string): string {
  return text
    .replace(NOT_XML, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A number with at most `decimals` decimals (trailing zeros dropped) and thousands separated by commas: "1,234.5". */
export function formatNumber(n: number, decimals = 1): string {
  const [whole = "0", fraction = ""] = n.toFixed(decimals).split(".");
  const digits = fraction.replace(/0+$/, "");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${digits ? `.${digits}` : ""}`;
}

/** A whole number: "1,234,567". */
export function formatCount(n: number): string {
  return formatNumber(n, 0);
}

/** A share (0–1) as a percentage: 0.1234 → "12.3%". */
export function formatShare(share: number): string {
  return `${formatNumber(share * 100, 1)}%`;
}

/** SVG coordinates: one decimal at most. */
export function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** About how wide a label set in the charts' 12px sans-serif is. */
export function textWidth(text: string, fontSize = 12): number {
  return [...text].length * fontSize * 0.58;
}

/** The label cut with an ellipsis to fit `width` pixels. */
export function fitLabel(text: string, width: number, fontSize = 12): string {
  const chars = [...text];
  const max = Math.max(1, Math.floor(width / (fontSize * 0.58)));
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
