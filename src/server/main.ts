// Entry of the language server bundle (dist/server.js): `--stdio` or `--node-ipc` (detected by vscode-languageserver).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { connectionOptions } from './incoming';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all, connectionOptions));
