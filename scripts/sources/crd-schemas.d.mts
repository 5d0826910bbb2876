// Types of crd-schemas.mjs for the TypeScript test that checks the generated file is current.
export declare const OUTPUT: string;
export declare function generate(): Record<string, unknown>;
export declare const render: () => string;
