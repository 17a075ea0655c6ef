import type { ProviderAnswers } from '../common/provider.ts';
import { authError, CODE, codeOf, coinwAnswer, noPermission, throttled } from './answers.ts';
import type { CoinwContext } from './context.ts';

const SERVER_ERRORS: Record<string, string> = {
  // The docs' text for code 500.
  '500': 'Internal server error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
};

/**
 * CoinW's answers where the common layer answers: the limiter's refusal and the status faults
 * are CoinW bodies, and `count_429` counts 29001 answers whatever their HTTP status.
 */
export function coinwCommonAnswers(ctx: CoinwContext): ProviderAnswers {
  const throttleStatus = () => ctx.runtime.settings.throttle_http_status;
  return {
    throttled: (account) => {
      // A rate-limit refusal is an error answer too: it counts towards the account's ban.
      ctx.storms.of(account).note(ctx.runtime.clock.now());
      return throttled(throttleStatus());
    },
    // Faults play the outside world misbehaving, not the client: they do not feed the ban.
    fault: (spec) => {
      switch (spec.kind) {
        case '429':
          return throttled(throttleStatus(), spec.retry_after_s);
        case '401':
          return authError();
        case '403':
          return noPermission();
        default: {
          const status = Number(spec.kind);
          return coinwAnswer(status, SERVER_ERRORS[spec.kind] ?? 'Internal server error', status);
        }
      }
    },
    codeOf,
    throttledCode: CODE.throttled,
  };
}
