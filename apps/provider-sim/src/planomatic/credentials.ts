import type { CredentialSpec } from '../common/account-spec.ts';

export type PlanomaticCredentialField = 'api_token';

/**
 * A PlanOmatic account is an integration token: PlanOmatic's limit is "admin-managed per
 * integration" and an integration sees its own orders. The field is `api_token` whatever body
 * field (token-field setting) the calls carry it in.
 */
export const PLANOMATIC_CREDENTIALS: CredentialSpec<PlanomaticCredentialField> = {
  fields: ['api_token'],
  key: 'api_token',
};
