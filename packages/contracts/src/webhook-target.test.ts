import { describe, expect, it } from 'vitest';
import { isPrivateAddress, webhookTargetProblem } from './webhook-target.ts';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.8', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['::1', true],
    ['::', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['8.8.8.8', false],
    ['2606:4700::1111', false],
    ['example.com', false],
  ])('%s → %s', (address, expected) => expect(isPrivateAddress(address)).toBe(expected));
});

describe('webhookTargetProblem', () => {
  it.each([
    ['https://hooks.example.com/cancelq', false, null],
    ['https://93.184.215.14/x', false, null],
    ['http://hooks.example.com/cancelq', false, 'must be https'],
    ['https://127.0.0.1:8443/x', false, 'must be a public address'],
    ['https://[::1]/x', false, 'must be a public address'],
    ['https://localhost/x', false, 'must be a public address'],
    ['https://api.localhost/x', false, 'must be a public address'],
    ['https://169.254.169.254/latest/meta-data', false, 'must be a public address'],
    ['https://user:pass@hooks.example.com/', false, 'must not carry credentials'],
    ['ftp://hooks.example.com/', false, 'must be https'],
    ['not a url', false, 'must be an absolute URL'],
    ['http://127.0.0.1:9000/hook', true, null],
    ['ftp://127.0.0.1/', true, 'must be http or https'],
  ])('%s (private allowed: %s) → %s', (url, allowPrivate, expected) => {
    const problem = webhookTargetProblem(url, allowPrivate);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });
});
