// Entry of the language server bundle (dist/server.js): `--stdio` or `--node-ipc` (detected by vscode-languageserver).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { connectionOptions } from './incoming';
import { startServer } from './server';
import { localeFromEnv, setLocale } from '../core/l10n';

// The language when the client names none in initialize (the CLI's `lsp` sets it from --lang or the same variables).
setLocale(localeFromEnv(process.env));
startServer(createConnection(ProposedFeatures.all, connectionOptions));
