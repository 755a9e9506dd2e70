import * as contracts from '@slotline/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { describeValidatedClass, hasValidationMetadata } from './validator-schema';

enum Color {
  Red = 'red',
  Blue = 'blue',
}

enum Level {
  Low = 1,
  High = 2,
}

class Address {
  @IsString()
  @Length(2, 2)
  country: string;
}

class Fixture {
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(12)
  @MaxLength(128)
  password: string;

  @IsOptional()
  @IsIn(['customer', 'provider'])
  role?: 'customer' | 'provider';

  @IsUUID('4')
  id: string;

  @IsISO8601()
  starts_at: string;

  @Matches(/^\d{6}$/)
  code: string;

  @IsInt()
  @Min(1)
  @Max(100)
  limit: number;

  @IsNumber()
  @IsPositive()
  amount: number;

  @IsBoolean()
  active: boolean;

  @IsEnum(Color)
  color: Color;

  @IsEnum(Level)
  level: Level;

  @IsNotEmpty()
  @IsString()
  name: string;

  @ValidateNested()
  @Type(() => Address)
  address: Address;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @ValidateNested({ each: true })
  @Type(() => Address)
  others: Address[];

  @IsArray()
  @IsUUID('4', { each: true })
  ids: string[];
}

class Child extends Fixture {
  @IsOptional()
  @IsString()
  extra?: string;
}

@ValidatorConstraint({ name: 'even' })
class IsEven implements ValidatorConstraintInterface {
  validate(value: number): boolean {
    return value % 2 === 0;
  }
}

class WithCustom {
  @IsInt()
  @Validate(IsEven)
  n: number;
}

describe(describeValidatedClass.name, () => {
  const sut = describeValidatedClass(Fixture);
  const prop = (name: string) => sut.properties[name];

  it('maps string validators onto type, format and length keywords', () => {
    expect(prop('email')).toMatchObject({
      required: true,
      isArray: false,
      schema: { type: 'string', format: 'email', maxLength: 254 },
    });
    expect(prop('password').schema).toEqual({ type: 'string', minLength: 12, maxLength: 128 });
    expect(prop('id').schema).toEqual({ type: 'string', format: 'uuid' });
    expect(prop('starts_at').schema).toEqual({ type: 'string', format: 'date-time' });
    expect(prop('code').schema).toEqual({ type: 'string', pattern: '^\\d{6}$' });
    expect(prop('name').schema).toEqual({ type: 'string', minLength: 1 });
  });

  it('maps number and boolean validators', () => {
    expect(prop('limit').schema).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    expect(prop('amount').schema).toEqual({ type: 'number', minimum: 0, exclusiveMinimum: true });
    expect(prop('active').schema).toEqual({ type: 'boolean' });
  });

  it('turns @IsOptional into an optional property and @IsIn / @IsEnum into enums', () => {
    expect(prop('role')).toMatchObject({
      required: false,
      schema: { type: 'string', enum: ['customer', 'provider'] },
    });
    expect(prop('color').schema).toEqual({ type: 'string', enum: ['red', 'blue'] });
    expect(prop('level').schema).toEqual({ type: 'number', enum: [1, 2] });
  });

  it('follows nested classes, alone and in arrays, with the array keywords apart', () => {
    expect(prop('address')).toMatchObject({ nested: Address, isArray: false });
    expect(prop('others')).toMatchObject({
      nested: Address,
      isArray: true,
      arraySchema: { minItems: 1, maxItems: 5, uniqueItems: true },
    });
    expect(prop('ids')).toMatchObject({ isArray: true, schema: { type: 'string', format: 'uuid' } });
  });

  it('includes inherited properties', () => {
    const child = describeValidatedClass(Child);
    expect(Object.keys(child.properties).sort()).toEqual([...Object.keys(sut.properties), 'extra'].sort());
    expect(child.properties.extra).toMatchObject({ required: false, schema: { type: 'string' } });
  });

  it('reports custom validators it cannot translate, keeping the type it knows', () => {
    const custom = describeValidatedClass(WithCustom);
    expect(custom.properties.n.schema).toEqual({ type: 'integer' });
    expect(custom.unmapped).toEqual(['WithCustom.n: custom validator IsEven']);
    expect(sut.unmapped).toEqual([]);
  });

  it('translates every validator used by the payload classes in @slotline/contracts', () => {
    const payloadClasses = Object.values(contracts as Record<string, unknown>).filter(
      (value): value is Function =>
        typeof value === 'function' && /^[A-Z]/.test(value.name) && hasValidationMetadata(value),
    );
    expect(payloadClasses.length).toBeGreaterThan(3);
    expect(payloadClasses.flatMap((cls) => describeValidatedClass(cls).unmapped)).toEqual([]);
  });
});
