import { LocalizedError } from '../../l10n';

/** Thrown when a repair cannot be planned safely (object missing, Corefile unparseable, unsupported cluster…). */
export class RepairRefusedError extends LocalizedError {
  constructor(...args: ConstructorParameters<typeof LocalizedError>) {
    super(...args);
    this.name = 'RepairRefusedError';
  }
}
