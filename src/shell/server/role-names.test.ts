import { describe, expect, it } from 'vitest';
import { roleName, roleNameList } from './role-names.js';

describe('role names', () => {
  it('names roles, involvements, parties and agency kinds, never by code', () => {
    expect(roleName('team-manager')).toBe('Team manager');
    expect(roleName('transfer-request')).toBe('Asked to take a transfer (while the request waits)');
    expect(roleName('allocated-team')).toBe('Allocated team');
    expect(roleName('early-help-hub')).toBe('Early help hub');
    expect(roleName('childrens-social-care')).toBe("Children's social care");
    expect(roleName('something-new')).toBe('Something new');
    expect(roleName(null)).toBe('');
  });

  it('joins several, in lower case after the first or all through a sentence', () => {
    expect(roleNameList(['team-manager', 'social-worker'])).toBe('Team manager, social worker');
    expect(roleNameList(['team-manager', 'designated-safeguarding-lead'], ' or ', true)).toBe(
      'team manager or designated safeguarding lead',
    );
    expect(roleNameList([])).toBe('');
  });
});
