import { RE2JS } from 're2js';

/** What Ajv needs of a compiled pattern (`pattern`, `patternProperties`, `propertyNames`). */
export interface LinearRegExp {
  test(input: string): boolean;
  toString(): string;
}

/**
 * Ajv's `code.regExp` engine for tenant schemas: RE2 (the pure-JS port, no native build), which matches in
 * time linear in the input, so `^(a|aa)+$` cannot freeze the event loop the way a backtracking RegExp does.
 * RE2 refuses what cannot run in linear time (lookaround, backreferences): such a schema does not compile,
 * and registration answers 400 naming the pattern. JSON Schema patterns are ECMA-262 syntax; RE2JS's
 * translation maps the differences (named groups, `\u{…}`). The `u` flag needs nothing: RE2 is Unicode.
 */
export const linearRegExp = Object.assign(
  (pattern: string, flags: string): LinearRegExp => {
    const compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
    return {
      test: (input) => compiled.test(input),
      // Ajv caches compiled patterns under their `toString()`: it must differ per pattern.
      toString: () => `re2:/${pattern}/${flags}`,
    };
  },
  // Ajv prints this only when generating standalone code, which Hookline does not.
  { code: 'linearRegExp' },
);
