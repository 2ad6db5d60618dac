/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder: every function aborts until the layer is written. */

#include "config.h"

#include "reji-secure-token.h"

G_DEFINE_BOXED_TYPE (RejiSecureToken, reji_secure_token, reji_secure_token_copy, reji_secure_token_free)

RejiSecureToken *
reji_secure_token_new (void)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

RejiSecureToken *
reji_secure_token_copy (const RejiSecureToken *token)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

void
reji_secure_token_free (RejiSecureToken *token)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

const char *
reji_verification_status_to_string (RejiVerificationStatus status)
{
  g_error ("%s: not implemented", G_STRFUNC);
}

gboolean
reji_verification_status_from_string (const char *text, RejiVerificationStatus *out_status)
{
  g_error ("%s: not implemented", G_STRFUNC);
}
