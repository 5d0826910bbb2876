/** Thrown when a repair cannot be planned safely (object missing, Corefile unparseable, unsupported cluster…). */
export class RepairRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RepairRefusedError';
  }
}
