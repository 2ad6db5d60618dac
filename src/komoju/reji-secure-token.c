/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-secure-token.h"

G_DEFINE_BOXED_TYPE (RejiSecureToken, reji_secure_token, reji_secure_token_copy, reji_secure_token_free)

/* KOMOJU's spelling of each RejiVerificationStatus, indexed by value. */
static const char * const verification_status_names[] = {
  [REJI_VERIFICATION_STATUS_NEEDS_VERIFY] = "NEEDS_VERIFY",
  [REJI_VERIFICATION_STATUS_OK] = "OK",
  [REJI_VERIFICATION_STATUS_SKIPPED] = "SKIPPED",
  [REJI_VERIFICATION_STATUS_ERRORED] = "ERRORED",
};

/**
 * reji_secure_token_new:
 *
 * Creates an empty token: NULL strings, status NEEDS_VERIFY.
 *
 * Returns: (transfer full): the new token
 */
RejiSecureToken *
reji_secure_token_new (void)
{
  return g_new0 (RejiSecureToken, 1);
}

RejiSecureToken *
reji_secure_token_copy (const RejiSecureToken *token)
{
  RejiSecureToken *copy;

  g_return_val_if_fail (token != NULL, NULL);

  copy = reji_secure_token_new ();
  copy->id = g_strdup (token->id);
  copy->verification_status = token->verification_status;
  copy->authentication_url = g_strdup (token->authentication_url);
  if (token->created_at != NULL)
    copy->created_at = g_date_time_ref (token->created_at);

  return copy;
}

void
reji_secure_token_free (RejiSecureToken *token)
{
  if (token == NULL)
    return;

  g_free (token->id);
  g_free (token->authentication_url);
  g_clear_pointer (&token->created_at, g_date_time_unref);
  g_free (token);
}

/**
 * reji_verification_status_to_string:
 * @status: a verification status
 *
 * Returns: KOMOJU's spelling of @status, such as "NEEDS_VERIFY"
 */
const char *
reji_verification_status_to_string (RejiVerificationStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (verification_status_names), NULL);

  return verification_status_names[status];
}

/**
 * reji_verification_status_from_string:
 * @text: (nullable): a `verification_status` value from KOMOJU
 * @out_status: (out): the status
 *
 * Returns: TRUE when @text is one of KOMOJU's four values (case-sensitive);
 *   FALSE for anything else, leaving @out_status untouched
 */
gboolean
reji_verification_status_from_string (const char             *text,
                                      RejiVerificationStatus *out_status)
{
  g_return_val_if_fail (out_status != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (verification_status_names); i++)
    {
      if (g_str_equal (text, verification_status_names[i]))
        {
          *out_status = (RejiVerificationStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}
