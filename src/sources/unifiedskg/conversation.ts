/**
 * Conversational `text_in`: the current utterance, then " || ", then the earlier turns newest first,
 * joined by " | " (sparc/cosql `*_get_utterances`, kvret `kvret_get_constructed_history_and_golden_response`).
 */
import { pyStrip } from "../../core/py-str.js";

/** SParC/CoSQL: `utterances` in dialogue order, the last one current. No " || " for a single turn. */
export function sqlDialogueText(utterances: readonly string[]): string {
  const current = pyStrip(utterances[utterances.length - 1] ?? "");
  if (utterances.length <= 1) return current;
  const earlier = utterances
    .slice(0, -1)
    .reverse()
    .map((u) => pyStrip(u));
  return `${current} || ${earlier.join(" | ")}`;
}

/**
 * KVRET, one item per turn `i` (1-based): driver turn i, then " || " and the earlier
 * `assistant | driver` pairs newest first (always the " || ", even on the first turn); the target is
 * assistant turn i.
 */
export function kvretTurn(driver: readonly string[], assistant: readonly string[]): { history: string; response: string } {
  const pairs: string[] = [];
  for (let k = driver.length - 2; k >= 0; k--) pairs.push(`${pyStrip(assistant[k] ?? "")} | ${pyStrip(driver[k] ?? "")}`);
  return {
    history: `${pyStrip(driver[driver.length - 1] ?? "")} || ${pairs.join(" | ")}`,
    response: assistant[assistant.length - 1] ?? "",
  };
}

/** The turn counts KVRET expands into: 1..len(driver), skipping turns without a response. */
export function kvretTurnCount(driverTurns: number, assistantTurns: number): number {
  let n = 0;
  for (let i = 1; i <= driverTurns; i++) {
    if (i > Math.min(driverTurns, assistantTurns) && driverTurns !== assistantTurns) continue;
    n++;
  }
  return n;
}
