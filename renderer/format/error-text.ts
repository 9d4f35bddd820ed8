import { BoardError } from '../../shared/board-api';

/** What went wrong with a board call, for a toast or an inline error. */
export function errorText(error: unknown): string {
  if (error instanceof BoardError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
