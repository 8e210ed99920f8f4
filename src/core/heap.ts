/**
 * A binary heap over a plain array, ordered by `first(a, b)`: true when `a` belongs nearer the root. The
 * root is `heap[0]`. Callers keep the array; these restore the order after a push or a root replacement.
 */

/** Move the element at `at` up to its place (after `heap.push`). */
export function siftUp<T>(heap: T[], at: number, first: (a: T, b: T) => boolean): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!first(heap[at] as T, heap[parent] as T)) return;
    [heap[at], heap[parent]] = [heap[parent] as T, heap[at] as T];
    at = parent;
  }
}

/** Move the element at `at` down to its place (after replacing the root). */
export function siftDown<T>(heap: T[], at: number, first: (a: T, b: T) => boolean): void {
  for (;;) {
    const left = 2 * at + 1;
    let top = at;
    if (left < heap.length && first(heap[left] as T, heap[top] as T)) top = left;
    if (left + 1 < heap.length && first(heap[left + 1] as T, heap[top] as T)) top = left + 1;
    if (top === at) return;
    [heap[at], heap[top]] = [heap[top] as T, heap[at] as T];
    at = top;
  }
}
