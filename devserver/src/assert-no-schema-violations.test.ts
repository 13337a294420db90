import { describe, expect, it } from 'vitest';
import { assertNoSchemaViolations, type SchemaViolation } from './server.js';

const violation = (i: number): SchemaViolation => ({
  method: 'GET',
  path: `/ocs/v2.php/cloud/user?n=${i}`,
  status: 200,
  operationId: 'users-get-current-user',
  errors: ['/ocs/data/id must be string'],
  at: 0,
});

describe('assertNoSchemaViolations (closing the test schools)', () => {
  it('passes without violations', () => {
    expect(() => {
      assertNoSchemaViolations([]);
    }).not.toThrow();
  });

  it('fails with the count and the first 20 violations, one line each', () => {
    const all = Array.from({ length: 25 }, (_v, i) => violation(i));
    let message = '';
    try {
      assertNoSchemaViolations(all);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('The dev server sent 25 response(s)');
    expect(message).toContain('GET /ocs/v2.php/cloud/user?n=19 200 (users-get-current-user): /ocs/data/id must be string');
    expect(message).not.toContain('n=20 ');
    expect(message.split('\n')).toHaveLength(21);
  });
});
