import { IsInt, IsString, Max, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { toBoolean } from './common-env';
import { ConfigError, loadEnv } from './load-config';

class ExampleEnv {
  @IsInt()
  @Min(1)
  @Max(100)
  WORKERS = 4;

  @Transform(toBoolean)
  @IsBoolean()
  VERBOSE = false;

  @IsString()
  API_TOKEN!: string;
}

describe('loadEnv', () => {
  it('parses numbers and booleans and keeps defaults for what is unset', () => {
    const env = loadEnv(ExampleEnv, { WORKERS: '12', VERBOSE: 'true', API_TOKEN: 'secret-value' });
    expect(env).toMatchObject({ WORKERS: 12, VERBOSE: true, API_TOKEN: 'secret-value' });
    expect(loadEnv(ExampleEnv, { API_TOKEN: 'x' }).WORKERS).toBe(4);
  });

  it('names every invalid or missing setting without echoing its value', () => {
    let error: unknown;
    try {
      loadEnv(ExampleEnv, { WORKERS: 'many', VERBOSE: 'yes' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('WORKERS');
    expect(problems).toContain('API_TOKEN');
    expect(problems).not.toContain('many');
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['no', false],
    ['off', false],
  ])('reads the boolean %s as %s', (value, expected) => {
    expect(loadEnv(ExampleEnv, { VERBOSE: value, API_TOKEN: 'x' }).VERBOSE).toBe(expected);
  });

  it.each(['ture', 'flase', 'enabled', '2', ' true', 'y'])(
    'refuses the boolean %j at boot, naming the setting and what it accepts',
    (value) => {
      expect(() => loadEnv(ExampleEnv, { VERBOSE: value, API_TOKEN: 'x' })).toThrow(
        /VERBOSE: must be true or false/,
      );
    },
  );
});
