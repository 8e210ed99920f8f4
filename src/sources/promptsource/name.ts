/** The source's name: task ids are `promptsource/<task>`, errors start with `[adapter:promptsource]`. */
export const NAME = "promptsource";
