/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query AccountSecurity {\n  viewer {\n    id\n    twoFactorEnabled\n    access {\n      blocked\n      requiringOrganizations {\n        id\n        name\n      }\n    }\n    recoveryCodesLeft\n    twoFactorMethods {\n      kind\n      confirmedAt\n    }\n    sessions {\n      id\n      client\n      userAgent\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n}\n\nmutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input)\n}\n\nmutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input)\n}": typeof types.AccountSecurityDocument,
    "mutation RequestEmailChange($input: RequestEmailChangeInput!) {\n  requestEmailChange(input: $input)\n}\n\nmutation ConfirmEmailChange($input: ConfirmEmailChangeInput!) {\n  confirmEmailChange(input: $input)\n}": typeof types.RequestEmailChangeDocument,
    "mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input)\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input)\n}": typeof types.RequestPasswordResetDocument,
    "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    __typename\n    ... on SignedIn {\n      expiresAt\n    }\n    ... on SecondFactorRequired {\n      challenge\n      expiresAt\n      methods\n    }\n  }\n}\n\nmutation CompleteSignIn($input: CompleteSignInInput!) {\n  completeSignIn(input: $input) {\n    expiresAt\n  }\n}": typeof types.SignInDocument,
    "query ShellViewer {\n  viewer {\n    id\n    email\n    displayName\n    twoFactorEnabled\n    access {\n      blocked\n      requiringOrganizations {\n        id\n        name\n      }\n    }\n    memberships {\n      role\n      kind\n      joinedAt\n      organization {\n        id\n        name\n        twoFactorRequired\n        twoFactorRequiredSince\n      }\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}": typeof types.ShellViewerDocument,
    "mutation LeaveOrganization($input: OrganizationRefInput!) {\n  leaveOrganization(input: $input)\n}": typeof types.LeaveOrganizationDocument,
    "mutation StartTotpEnrollment {\n  startTotpEnrollment {\n    secret\n    uri\n    qrCodeDataUrl\n  }\n}\n\nmutation ConfirmTotpEnrollment($input: ConfirmTotpInput!) {\n  confirmTotpEnrollment(input: $input) {\n    codes\n  }\n}\n\nmutation RegenerateRecoveryCodes($input: ProofOnlyInput!) {\n  regenerateRecoveryCodes(input: $input) {\n    codes\n  }\n}\n\nmutation RemoveTotp($input: ProofOnlyInput!) {\n  removeTotp(input: $input)\n}": typeof types.StartTotpEnrollmentDocument,
};
const documents: Documents = {
    "query AccountSecurity {\n  viewer {\n    id\n    twoFactorEnabled\n    access {\n      blocked\n      requiringOrganizations {\n        id\n        name\n      }\n    }\n    recoveryCodesLeft\n    twoFactorMethods {\n      kind\n      confirmedAt\n    }\n    sessions {\n      id\n      client\n      userAgent\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n}\n\nmutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input)\n}\n\nmutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input)\n}": types.AccountSecurityDocument,
    "mutation RequestEmailChange($input: RequestEmailChangeInput!) {\n  requestEmailChange(input: $input)\n}\n\nmutation ConfirmEmailChange($input: ConfirmEmailChangeInput!) {\n  confirmEmailChange(input: $input)\n}": types.RequestEmailChangeDocument,
    "mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input)\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input)\n}": types.RequestPasswordResetDocument,
    "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    __typename\n    ... on SignedIn {\n      expiresAt\n    }\n    ... on SecondFactorRequired {\n      challenge\n      expiresAt\n      methods\n    }\n  }\n}\n\nmutation CompleteSignIn($input: CompleteSignInInput!) {\n  completeSignIn(input: $input) {\n    expiresAt\n  }\n}": types.SignInDocument,
    "query ShellViewer {\n  viewer {\n    id\n    email\n    displayName\n    twoFactorEnabled\n    access {\n      blocked\n      requiringOrganizations {\n        id\n        name\n      }\n    }\n    memberships {\n      role\n      kind\n      joinedAt\n      organization {\n        id\n        name\n        twoFactorRequired\n        twoFactorRequiredSince\n      }\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}": types.ShellViewerDocument,
    "mutation LeaveOrganization($input: OrganizationRefInput!) {\n  leaveOrganization(input: $input)\n}": types.LeaveOrganizationDocument,
    "mutation StartTotpEnrollment {\n  startTotpEnrollment {\n    secret\n    uri\n    qrCodeDataUrl\n  }\n}\n\nmutation ConfirmTotpEnrollment($input: ConfirmTotpInput!) {\n  confirmTotpEnrollment(input: $input) {\n    codes\n  }\n}\n\nmutation RegenerateRecoveryCodes($input: ProofOnlyInput!) {\n  regenerateRecoveryCodes(input: $input) {\n    codes\n  }\n}\n\nmutation RemoveTotp($input: ProofOnlyInput!) {\n  removeTotp(input: $input)\n}": types.StartTotpEnrollmentDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AccountSecurity {\n  viewer {\n    id\n    twoFactorEnabled\n    access {\n      blocked\n      requiringOrganizations {\n        id\n        name\n      }\n    }\n    recoveryCodesLeft\n    twoFactorMethods {\n      kind\n      confirmedAt\n    }\n    sessions {\n      id\n      client\n      userAgent\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n}\n\nmutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input)\n}\n\nmutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input)\n}"): (typeof documents)["query AccountSecurity {\n  viewer {\n    id\n    twoFactorEnabled\n    access {\n      blocked\n      requiringOrganizations {\n        id\n        name\n      }\n    }\n    recoveryCodesLeft\n    twoFactorMethods {\n      kind\n      confirmedAt\n    }\n    sessions {\n      id\n      client\n      userAgent\n      createdAt\n      lastUsedAt\n      current\n    }\n  }\n}\n\nmutation ChangePassword($input: ChangePasswordInput!) {\n  changePassword(input: $input)\n}\n\nmutation RevokeSession($input: RevokeSessionInput!) {\n  revokeSession(input: $input)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestEmailChange($input: RequestEmailChangeInput!) {\n  requestEmailChange(input: $input)\n}\n\nmutation ConfirmEmailChange($input: ConfirmEmailChangeInput!) {\n  confirmEmailChange(input: $input)\n}"): (typeof documents)["mutation RequestEmailChange($input: RequestEmailChangeInput!) {\n  requestEmailChange(input: $input)\n}\n\nmutation ConfirmEmailChange($input: ConfirmEmailChangeInput!) {\n  confirmEmailChange(input: $input)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input)\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input)\n}"): (typeof documents)["mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n  requestPasswordReset(input: $input)\n}\n\nmutation ResetPassword($input: ResetPasswordInput!) {\n  resetPassword(input: $input)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    __typename\n    ... on SignedIn {\n      expiresAt\n    }\n    ... on SecondFactorRequired {\n      challenge\n      expiresAt\n      methods\n    }\n  }\n}\n\nmutation CompleteSignIn($input: CompleteSignInInput!) {\n  completeSignIn(input: $input) {\n    expiresAt\n  }\n}"): (typeof documents)["mutation SignIn($input: SignInInput!) {\n  signIn(input: $input) {\n    __typename\n    ... on SignedIn {\n      expiresAt\n    }\n    ... on SecondFactorRequired {\n      challenge\n      expiresAt\n      methods\n    }\n  }\n}\n\nmutation CompleteSignIn($input: CompleteSignInInput!) {\n  completeSignIn(input: $input) {\n    expiresAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ShellViewer {\n  viewer {\n    id\n    email\n    displayName\n    twoFactorEnabled\n    access {\n      blocked\n      requiringOrganizations {\n        id\n        name\n      }\n    }\n    memberships {\n      role\n      kind\n      joinedAt\n      organization {\n        id\n        name\n        twoFactorRequired\n        twoFactorRequiredSince\n      }\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}"): (typeof documents)["query ShellViewer {\n  viewer {\n    id\n    email\n    displayName\n    twoFactorEnabled\n    access {\n      blocked\n      requiringOrganizations {\n        id\n        name\n      }\n    }\n    memberships {\n      role\n      kind\n      joinedAt\n      organization {\n        id\n        name\n        twoFactorRequired\n        twoFactorRequiredSince\n      }\n    }\n  }\n}\n\nmutation SignOut {\n  signOut\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LeaveOrganization($input: OrganizationRefInput!) {\n  leaveOrganization(input: $input)\n}"): (typeof documents)["mutation LeaveOrganization($input: OrganizationRefInput!) {\n  leaveOrganization(input: $input)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartTotpEnrollment {\n  startTotpEnrollment {\n    secret\n    uri\n    qrCodeDataUrl\n  }\n}\n\nmutation ConfirmTotpEnrollment($input: ConfirmTotpInput!) {\n  confirmTotpEnrollment(input: $input) {\n    codes\n  }\n}\n\nmutation RegenerateRecoveryCodes($input: ProofOnlyInput!) {\n  regenerateRecoveryCodes(input: $input) {\n    codes\n  }\n}\n\nmutation RemoveTotp($input: ProofOnlyInput!) {\n  removeTotp(input: $input)\n}"): (typeof documents)["mutation StartTotpEnrollment {\n  startTotpEnrollment {\n    secret\n    uri\n    qrCodeDataUrl\n  }\n}\n\nmutation ConfirmTotpEnrollment($input: ConfirmTotpInput!) {\n  confirmTotpEnrollment(input: $input) {\n    codes\n  }\n}\n\nmutation RegenerateRecoveryCodes($input: ProofOnlyInput!) {\n  regenerateRecoveryCodes(input: $input) {\n    codes\n  }\n}\n\nmutation RemoveTotp($input: ProofOnlyInput!) {\n  removeTotp(input: $input)\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;