import { decodeCursor } from '@slotline/contracts';
import { AppError } from '@slotline/errors';
import { validate as isUuid } from 'uuid';

/** The last id of the previous page, or undefined on the first page; a bad cursor is 400 VAL_CURSOR. */
export function idAfterCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const payload = decodeCursor(cursor, ['id']);
  if (!payload || typeof payload.id !== 'string' || !isUuid(payload.id)) {
    throw new AppError('VAL_CURSOR', 'The cursor is not valid; start again without one.');
  }
  return payload.id;
}
