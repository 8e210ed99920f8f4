/** The source's name: task ids are `supernatural/<task>`, errors start with `[adapter:supernatural]`. */
export const NAME = "supernatural";
