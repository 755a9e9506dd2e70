import { HttpException, InternalServerErrorException, UnauthorizedException } from '@nestjs/common';
import { ERROR_CATALOG } from '@slotline/contracts';
import { appErrorFromHttpException, errorCodeForStatus } from './http-exception';

describe(errorCodeForStatus.name, () => {
  it.each([400, 401, 403, 404, 405, 409, 412, 413, 415, 428, 429])(
    'maps %i to a code answered with that same status',
    (status) => {
      expect(ERROR_CATALOG[errorCodeForStatus(status)].status).toBe(status);
    },
  );

  it('falls back to VAL_FAILED for another 4xx and SYS_INTERNAL for a 5xx', () => {
    expect(errorCodeForStatus(418)).toBe('VAL_FAILED');
    expect(errorCodeForStatus(502)).toBe('SYS_INTERNAL');
  });
});

describe(appErrorFromHttpException.name, () => {
  it('keeps the message of a 4xx', () => {
    const sut = appErrorFromHttpException(new UnauthorizedException('No token'));
    expect(sut).toMatchObject({ code: 'AUTH_UNAUTHENTICATED', status: 401, message: 'No token' });
  });

  it('drops the framework text of a 5xx', () => {
    const sut = appErrorFromHttpException(new InternalServerErrorException('pool exhausted at db.ts:12'));
    expect(sut).toMatchObject({ code: 'SYS_INTERNAL', message: 'An internal error occurred.' });
    expect(appErrorFromHttpException(new HttpException('x', 502)).code).toBe('SYS_INTERNAL');
  });
});
