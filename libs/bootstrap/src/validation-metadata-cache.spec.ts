import { getMetadataStorage, IsInt, IsOptional, IsString, validate, ValidatorOptions } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  name!: string;
}

class Child extends Base {
  @IsInt()
  n!: number;

  @IsOptional()
  @IsString()
  note?: string;
}

const OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true };

const errorsOf = async (value: object) =>
  (await validate(value, OPTIONS)).map((e) => ({ property: e.property, constraints: e.constraints }));

describe(cacheValidationMetadata.name, () => {
  it('gives the same rules, in the same order, as the uncached lookup, and sees rules added later', async () => {
    const storage = getMetadataStorage();
    const bad = () => Object.assign(new Child(), { name: 1, n: 'x', extra: true });
    const before = await errorsOf(bad());
    const rulesBefore = storage.getTargetValidationMetadatas(Child, '', false, false);

    cacheValidationMetadata();
    cacheValidationMetadata(); // wraps once

    expect(await errorsOf(bad())).toEqual(before);
    expect(await errorsOf(bad())).toEqual(before);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toEqual(rulesBefore);
    expect(await errorsOf(Object.assign(new Child(), { name: 'a', n: 1 }))).toEqual([]);

    // A class defined after the cache was filled inherits its parent's rules.
    class Later extends Base {
      @IsInt()
      m!: number;
    }
    expect((await errorsOf(Object.assign(new Later(), { name: 2, m: 'y' }))).map((e) => e.property)).toEqual([
      'm',
      'name',
    ]);

    // A rule registered on a class already looked up is seen from then on.
    IsInt()(Child.prototype, 'k');
    expect((await errorsOf(Object.assign(new Child(), { name: 'a', n: 1 }))).map((e) => e.property)).toEqual([
      'k',
    ]);
  });
});
