/** The source's name: task ids are `flan/<task>`, errors start with `[adapter:flan]`. */
export const NAME = "flan";
