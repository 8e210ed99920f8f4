/** The source's name: task ids are `unifiedskg/<task>`, errors start with `[adapter:unifiedskg]`. */
export const NAME = "unifiedskg";
