import { AppError } from './app-error';

describe(AppError.name, () => {
  it('takes its status from the taxonomy and survives a trip over the wire', () => {
    const sut = new AppError('CF_CONFLICT', 'Already taken', [
      { field: 'email', code: 'taken', message: 'x' },
    ]);
    const back = AppError.fromRpc(JSON.parse(JSON.stringify(sut.toRpc())));
    expect(back).toMatchObject({ code: 'CF_CONFLICT', status: 409, message: 'Already taken' });
    expect(back.errors).toEqual([{ field: 'email', code: 'taken', message: 'x' }]);
  });

  it('turns an unknown payload into SYS_INTERNAL without echoing it', () => {
    const back = AppError.fromRpc({ code: 'NOPE', message: 'select * from secrets' });
    expect(back.code).toBe('SYS_INTERNAL');
    expect(back.message).not.toContain('select');
  });
});
