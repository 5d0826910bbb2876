// `kube-scaling-doctor lsp --stdio`: the language server in this process.
import { createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures } from 'vscode-languageserver/node';
import { connectionOptions } from '../server/incoming';
import { startServer } from '../server/server';
import { UsageError, type Command } from './command';
import { msg, t } from '../core/l10n';

export const lspCommand: Command = {
  name: 'lsp',
  get usage() {
    return [
      t('Usage: {usage}', { usage: 'kube-scaling-doctor lsp --stdio' }),
      '       kube-scaling-doctor lsp --node-ipc',
      '',
      t('Speaks the Language Server Protocol over stdin/stdout (or Node IPC). See {docs} for editor setup.', { docs: 'docs/lsp.md' }),
    ].join('\n');
  },
  async run(args) {
    const unknown = args.filter((a) => a !== '--stdio' && a !== '--node-ipc');
    if (unknown.length) throw new UsageError(msg('unknown option {option}', { option: unknown[0] }));
    const connection = args.includes('--node-ipc')
      ? createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process), connectionOptions)
      : createConnection(ProposedFeatures.all, process.stdin, process.stdout, connectionOptions);
    startServer(connection);
    return -1;
  },
};
