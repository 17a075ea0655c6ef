import { ProviderError } from '../provider-error.ts';

/**
 * A provider call never follows a redirect: the request carries credentials (CoinW's signed
 * headers, PlanOmatic's token in the body) that must reach the provider's host and no other,
 * and an answer from another host is not the provider's verdict. So a 3xx is a failure named
 * by its status and where it pointed. 301 and 308 say the endpoint moved for good: the base
 * URL is wrong, and retrying cannot help. Any other 3xx may be a passing detour (a maintenance
 * page, a login wall): retried, bounded by the attempts.
 */
export function redirectFailure(status: number, location: string | undefined): ProviderError {
  const permanent = status === 301 || status === 308;
  const where = location ? ` to ${redirectHost(location)}` : '';
  const hint = permanent ? ' (check the base URL)' : '';
  return new ProviderError(
    permanent ? 'never' : 'later',
    `HTTP ${status}: redirect${where} not followed${hint}`,
    { status },
  );
}

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** The host a Location names; only the host, since its path or query may carry anything. */
function redirectHost(location: string): string {
  if (URL.canParse(location)) return new URL(location).host;
  return URL.canParse(location, 'http://relative.invalid')
    ? 'the same host'
    : 'an unreadable location';
}
