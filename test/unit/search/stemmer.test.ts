import { stem } from '../../../src/language/stemmer';

describe('stemmer', () => {
  test.each([
    ['renewals', 'renew'],
    ['renewing', 'renew'],
    ['assignments', 'assign'],
    ['subscriptions', 'subscrib'],
    ['subscribe', 'subscrib'],
    ['expiration', 'expir'],
    ['expiring', 'expir'],
    ['payments', 'pay'],
    ['paid', 'pay'],
    ['bought', 'buy'],
    ['billing', 'bil'],
    ['automatically', 'automatic'],
    ['availability', 'avail'],
    ['policies', 'policy'],
    ['usage', 'us'],
    ['early', 'early'],
    ['status', 'status'],
    ['3d', '3d'],
  ])('%s -> %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  test.each([
    [['renew', 'renews', 'renewed', 'renewing', 'renewal', 'renewals']],
    [['assign', 'assigned', 'assigning', 'assignment', 'assignments']],
    [['purchase', 'purchased', 'purchases', 'purchasing']],
    [['expire', 'expired', 'expires', 'expiring', 'expiration', 'expirations']],
    [['bill', 'bills', 'billed', 'billing']],
    [['manage', 'managed', 'managing', 'management']],
    [['license', 'licenses', 'licensed', 'licensing']],
    [['disable', 'disabled', 'disabling']],
    [['use', 'used', 'using', 'usage']],
    [['add', 'added', 'adding']],
    [['need', 'needs', 'needed']],
  ])('one stem for %j', (family) => {
    expect(new Set(family.map(stem)).size).toBe(1);
  });
});
