/** The slice of pino's logger that the users module uses, so tests can pass any compatible logger. */
export interface LoggerPort {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
