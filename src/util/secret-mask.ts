/** What every output shows in place of a secret. */
export const SECRET_MASK = "(sensitive)";
