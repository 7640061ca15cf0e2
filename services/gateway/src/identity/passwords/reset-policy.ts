/**
 * Whether an organization admin may issue a password reset link for a member. A new password
 * opens the whole account, so an admin may reset only users whose every organization they
 * administer: otherwise an admin of one organization could take over a shared member and reach
 * the projects of another. Admins never reset themselves: that would skip the current-password
 * check of `POST /auth/password` for whoever holds their session. Returns why not, or null.
 */
export function resetRefusal(input: {
  callerId: string;
  targetId: string;
  targetOrgIds: readonly string[];
  callerAdminOrgIds: readonly string[];
}): string | null {
  if (input.callerId === input.targetId) {
    return 'you cannot issue a reset link for yourself; change your own password with POST /api/v1/auth/password';
  }
  const administered = new Set(input.callerAdminOrgIds);
  const outside = new Set(input.targetOrgIds.filter((orgId) => !administered.has(orgId))).size;
  if (outside > 0) {
    return (
      `user ${input.targetId} is also a member of ${outside} organization${outside === 1 ? '' : 's'} you do not administer; ` +
      'only an admin of every organization the user belongs to may reset their password'
    );
  }
  return null;
}
