import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsString,
  ValidateNested,
  getMetadataStorage,
  registerDecorator,
  validateSync,
} from 'class-validator';
import '../index';
import { eventContractOf, registeredEventTypes } from './event-registry';
import { passesEveryRule } from './payload-rules';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(t: Function, p: string): { typeFunction: () => Function } | undefined;
  };
};

type Data = Record<string, unknown>;

/** What `eventDataProblems` asked class-validator before this checker existed. */
function referenceValid(payload: Function, data: Data): boolean {
  const instance = plainToInstance(payload as new () => object, data);
  return validateSync(instance, { validationError: { target: false, value: false } }).length === 0;
}

function propertiesOf(payload: Function): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(payload, '', false, false, undefined);
  return [...new Set(metas.map((m) => m.propertyName))];
}

const nestedType = (payload: Function, property: string) =>
  defaultMetadataStorage.findTypeMetadata(payload, property)?.typeFunction();

/** Values for one property: the usual shapes, right and wrong, plus the values its own rules list. */
function candidatesFor(payload: Function, property: string): unknown[] {
  const metas = getMetadataStorage()
    .getTargetValidationMetadatas(payload, '', false, false, undefined)
    .filter((m) => m.propertyName === property);
  const listed = metas.flatMap((m) =>
    m.name === 'isIn' ? (m.constraints[0] as unknown[]) : m.name === 'equals' ? [m.constraints[0]] : [],
  );
  const type = nestedType(payload, property);
  const nested = type
    ? [seedOf(type), [seedOf(type)], [seedOf(type), seedOf(type)], [seedOf(type), 'x'], [undefined]]
    : [];
  return [
    ...listed,
    ...nested,
    '01920000-0000-7000-8000-000000000001',
    '2026-12-10T10:00:00.000Z',
    '2026-12-10',
    'EUR',
    'eur',
    '+4915112345678',
    'Europe/Berlin',
    'Mars/Olympus',
    'jane@example.com',
    '09:30',
    'x',
    '',
    'x'.repeat(2001),
    0,
    1,
    5,
    -1,
    1.5,
    Number.NaN,
    true,
    false,
    null,
    undefined,
    {},
    { a: 1 },
    [],
    ['x'],
    new Date('2026-12-10T10:00:00.000Z'),
  ];
}

const seeds = new Map<Function, Data>();

/** A valid payload found property by property (each one's problems are named after it). */
function seedOf(payload: Function): Data {
  const known = seeds.get(payload);
  if (known) return known;
  const data: Data = {};
  for (const property of propertiesOf(payload)) {
    const fits = candidatesFor(payload, property).find((value) => {
      const errors = validateSync(
        plainToInstance(payload as new () => object, { ...data, [property]: value }),
      );
      return !errors.some((e) => e.property === property);
    });
    data[property] = fits;
  }
  seeds.set(payload, data);
  return data;
}

function mutationsOf(payload: Function): Data[] {
  const seed = seedOf(payload);
  const out: Data[] = [seed, {}, { ...seed, extra: 'field' }];
  for (const property of propertiesOf(payload)) {
    for (const value of candidatesFor(payload, property)) out.push({ ...seed, [property]: value });
    const { [property]: _dropped, ...without } = seed;
    out.push(without);
    const type = nestedType(payload, property);
    if (!type) continue;
    for (const inner of propertiesOf(type))
      for (const value of candidatesFor(type, inner)) {
        out.push({ ...seed, [property]: { ...seedOf(type), [inner]: value } });
        out.push({ ...seed, [property]: [seedOf(type), { ...seedOf(type), [inner]: value }] });
      }
  }
  return out;
}

describe(passesEveryRule.name, () => {
  const types = registeredEventTypes();

  it.each(types)('agrees with class-validator on %s and on every mutation of it', (type) => {
    const payload = eventContractOf(type)!.payload;
    const disagreements = mutationsOf(payload)
      .map((data) => ({ data, expected: referenceValid(payload, data), sut: passesEveryRule(payload, data) }))
      .filter(({ expected, sut }) => expected !== sut);

    expect(passesEveryRule(payload, seedOf(payload))).toBe(true);
    expect(disagreements).toEqual([]);
  });

  it('never accepts what class-transformer would not copy as it is: a class instance, an inherited field', () => {
    const payload = eventContractOf(types[0])!.payload;
    const seed = seedOf(payload);

    expect(passesEveryRule(payload, Object.assign(Object.create({ extra: 1 }) as object, seed))).toBe(false);
    expect(passesEveryRule(payload, plainToInstance(payload as new () => object, seed) as Data)).toBe(false);
  });

  describe('leaves to class-validator what it does not model', () => {
    class Converted {
      @Transform(({ value }) => Number(value))
      @IsInt()
      n: number;
    }
    class AskedLater {
      @IsString()
      name: string;
    }
    registerDecorator({
      name: 'remoteCheck',
      target: AskedLater,
      propertyName: 'name',
      async: true,
      validator: { validate: async () => Promise.resolve(true) },
    });
    class Defaulted {
      @IsString()
      name: string = 'anonymous';
    }
    class Untyped {
      @ValidateNested()
      inner: object;
    }
    class Ruleless {}
    class Holder {
      @ValidateNested()
      @Type(() => Ruleless)
      inner: Ruleless;
    }

    it.each([
      ['a @Transform', Converted, { n: '5' }],
      ['an async rule', AskedLater, { name: 'x' }],
      ['a field initialiser', Defaulted, {}],
      ['@ValidateNested without @Type', Untyped, { inner: {} }],
    ])('%s: not sure', (_shape, payload, data) => {
      expect(passesEveryRule(payload, data)).toBe(false);
    });

    it('a class without rules fails, as forbidUnknownValues makes it fail', () => {
      expect(passesEveryRule(Ruleless, {})).toBe(false);
      expect(referenceValid(Ruleless, {})).toBe(false);
      expect(passesEveryRule(Holder, { inner: {} })).toBe(false);
      expect(referenceValid(Holder, { inner: {} })).toBe(false);
    });
  });
});
