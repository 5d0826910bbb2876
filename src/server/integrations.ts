// Core modules the server builds on for refactors and schema facts, re-exported in one place.
export { conversionsFor } from '../core/convert';
export { schemaAt, type SchemaInfo } from '../core/schemaLookup';
