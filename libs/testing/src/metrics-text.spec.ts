import { sampleValue } from './metrics-text';

describe(sampleValue.name, () => {
  const body = [
    '# HELP db_query_duration_seconds Database query latency',
    'db_query_duration_seconds_count{operation="select",outcome="ok"} 7',
    'db_query_duration_seconds_count{operation="select",outcome="error"} 2',
    'db_query_duration_seconds_count{operation="insert",outcome="ok"} 3',
  ].join('\n');

  it('reads the sample whose labels include every wanted pair', () => {
    expect(
      sampleValue(body, 'db_query_duration_seconds_count', { operation: 'select', outcome: 'error' }),
    ).toBe(2);
    expect(sampleValue(body, 'db_query_duration_seconds_count', { operation: 'insert' })).toBe(3);
  });

  it('gives 0 for a sample that is not there, and never matches a longer metric name', () => {
    expect(sampleValue(body, 'db_query_duration_seconds_count', { operation: 'delete' })).toBe(0);
    expect(sampleValue(body, 'db_query_duration_seconds', { operation: 'select' })).toBe(0);
  });
});
