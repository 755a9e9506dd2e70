import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PageQueryDto } from './page-query.dto';

describe(PageQueryDto.name, () => {
  const parse = (query: Record<string, unknown>) => {
    const sut = plainToInstance(PageQueryDto, query);
    return { sut, errors: validateSync(sut, { whitelist: true, forbidNonWhitelisted: true }) };
  };

  it('defaults limit to 20 and leaves cursor unset', () => {
    const { sut, errors } = parse({});

    expect(errors).toEqual([]);
    expect(sut.limit).toBe(20);
    expect(sut.cursor).toBeUndefined();
  });

  it('turns a query-string limit into a number', () => {
    const { sut, errors } = parse({ limit: '100', cursor: 'abc' });

    expect(errors).toEqual([]);
    expect(sut).toMatchObject({ limit: 100, cursor: 'abc' });
  });

  it.each(['0', '101', '2.5', 'ten', '-1'])('rejects limit=%s', (limit) => {
    const { errors } = parse({ limit });

    expect(errors.map((e) => e.property)).toEqual(['limit']);
  });
});
