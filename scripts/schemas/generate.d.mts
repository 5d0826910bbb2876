// Types of generate.mjs for the TypeScript test that checks the committed schemas are generated (test/unit/schemas.test.ts).
/** Every generated file: path relative to the repository → content. */
export function generate(): Map<string, string>;
/** The generated files that differ from the committed ones. */
export function staleFiles(files: Map<string, string>): string[];
