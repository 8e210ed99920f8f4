/**
 * Environments, as Jinja2's `Environment`: Jinja2's builtin filters, tests and globals plus the
 * caller's own filters and global functions. `compileTemplate` uses Jinja2's default environment.
 */
import { FILTERS } from "./filters.js";
import { GLOBALS } from "./globals.js";
import type { Definitions, FilterFn, GlobalFn } from "./runtime.js";
import type { CompiledTemplate } from "./template.js";
import { compileWith } from "./template.js";
import { TESTS } from "./tests.js";

export interface EnvironmentOptions {
  /** Filters added to the builtins; one with a builtin's name replaces it (as `env.filters[name] = f`). */
  filters?: Readonly<Record<string, FilterFn>>;
  /** Global functions added to range, dict, namespace, cycler and joiner (as `env.globals.update(...)`). */
  globals?: Readonly<Record<string, GlobalFn>>;
}

export interface Environment {
  /** Parse a template. Throws JinjaSyntaxError (with line) on malformed input or an unknown filter or test. */
  compile(source: string, name?: string): CompiledTemplate;
}

export function createEnvironment(options: EnvironmentOptions = {}): Environment {
  const definitions: Definitions = {
    filters: { ...FILTERS, ...options.filters },
    tests: TESTS,
    globals: { ...GLOBALS, ...options.globals },
  };
  return { compile: (source, name) => compileWith(definitions, source, name) };
}

const DEFAULT_ENVIRONMENT = createEnvironment();

/** Parse a template for Jinja2's default environment (builtins only). */
export function compileTemplate(source: string, name?: string): CompiledTemplate {
  return DEFAULT_ENVIRONMENT.compile(source, name);
}
