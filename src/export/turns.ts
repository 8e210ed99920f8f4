/**
 * A record's prompt cut into conversation turns. A record with demonstrations carries where each one sits
 * in its prompt (`demonstration_spans`, code points); the text up to the end of the first demonstration's
 * prompt (the task-level instruction, if any, then that prompt) is the first user turn, each demonstration's
 * answer an assistant turn, each later demonstration a user turn, and what follows the last answer and the
 * separator the final user turn. Without demonstrations the whole prompt is one user turn.
 */
import { UserError } from "../errors.js";

interface Exchange {
  user: string;
  assistant: string;
}

export interface Turns {
  /** The demonstrations as earlier exchanges, in order. */
  demos: Exchange[];
  /** The last user turn: the example asked. */
  query: string;
}

/** What the cut reads of a record. */
export interface TurnSource {
  id: string;
  prompt: string;
  demonstration_spans?: readonly (readonly number[])[] | null;
}

export function turnsOf(record: TurnSource, separator: string): Turns {
  const spans = record.demonstration_spans ?? [];
  if (spans.length === 0) return { demos: [], query: record.prompt };
  const cps = Array.from(record.prompt);
  const text = (a: number, b: number): string => cps.slice(a, b).join("");
  const sep = Array.from(separator).length;
  const demos: Exchange[] = [];
  let end = 0;
  spans.forEach((span, i) => {
    const [ps, pe, cs, ce] = span as [number, number, number, number];
    const ordered = end <= ps && ps <= pe && pe < cs && cs <= ce && ce <= cps.length;
    if (!ordered || (i > 0 && text(end, ps) !== separator)) {
      throw new UserError("E_INPUT", `record ${record.id}: demonstration_spans[${i}] does not match its prompt; was the build edited?`);
    }
    demos.push({ user: text(i === 0 ? 0 : ps, pe), assistant: text(cs, ce) });
    end = ce;
  });
  if (text(end, end + sep) !== separator) throw new UserError("E_INPUT", `record ${record.id}: no separator after its last demonstration.`);
  return { demos, query: text(end + sep, cps.length) };
}
