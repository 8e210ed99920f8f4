/**
 * Opening a source the one way the pipeline and library users do: options merged and checked by the one
 * route (options.ts), the prompt rule over the source's defaults, and every user error an adapter meets
 * (a rows file, a config file) reported as an AdapterError under the source's prefix.
 */
import { AdapterError, isUserError } from "../errors.js";
import type { SourceAdapter, SourceDefinition, SourceRoot } from "./contract.js";
import { type OptionLayer, resolveOptions, resolveRule } from "./options.js";

export interface OpenRequest {
  root: SourceRoot;
  /** Option layers over the defaults, lowest first (descriptor, split config, command line). */
  options?: readonly OptionLayer[];
  /** The prompt rule, over the source's defaults. */
  prompts?: object;
  /** Where the prompt rule came from, for messages. @default "prompts" */
  promptsOrigin?: string;
}

export function openSource(source: SourceDefinition, request: OpenRequest): SourceAdapter {
  return openResolved(source, request).adapter;
}

/** A source opened, with the options and rule it was opened with (so a worker thread can open it alike). */
export interface OpenedSource {
  adapter: SourceAdapter;
  options: object;
  rule: object;
}

export function openResolved(source: SourceDefinition, request: OpenRequest): OpenedSource {
  const options = resolveOptions(source, request.options ?? []);
  const rule = resolveRule(source, request.prompts, request.promptsOrigin ?? "prompts");
  return { adapter: reopen(source, request.root, options, rule), options, rule };
}

/** Open a source with options and a rule already resolved (by `openResolved`). */
export function reopen(source: SourceDefinition, root: SourceRoot, options: object, rule: object): SourceAdapter {
  return guarded(source.name, source.open(root, options, rule));
}

/** The adapter with every user error it throws under its own prefix; anything else is a bug and passes through. */
function guarded(name: string, adapter: SourceAdapter): SourceAdapter {
  const wrap = (error: unknown): never => {
    throw isUserError(error) ? AdapterError.from(name, error) : error;
  };
  const sync =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return f(...args);
      } catch (error) {
        return wrap(error);
      }
    };
  const async =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      f(...args).catch(wrap);
  const readTaskLists = adapter.readTaskLists;
  const summarize = adapter.summarize;
  return Object.assign(Object.create(adapter) as SourceAdapter, {
    list: async(() => adapter.list()),
    load: async(adapter.load.bind(adapter)),
    ...(summarize && { summarize: async(summarize.bind(adapter)) }),
    chooseTemplates: sync(adapter.chooseTemplates.bind(adapter)),
    render: sync(adapter.render.bind(adapter)),
    ...(readTaskLists && { readTaskLists: async(readTaskLists.bind(adapter)) }),
  });
}
