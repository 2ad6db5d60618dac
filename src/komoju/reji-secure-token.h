/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define REJI_TYPE_SECURE_TOKEN (reji_secure_token_get_type ())

/* KOMOJU documents exactly these four values of `verification_status`. */
typedef enum
{
  REJI_VERIFICATION_STATUS_NEEDS_VERIFY,
  REJI_VERIFICATION_STATUS_OK,
  REJI_VERIFICATION_STATUS_SKIPPED,
  REJI_VERIFICATION_STATUS_ERRORED,
} RejiVerificationStatus;

/* A KOMOJU Secure Token as `POST /secure_tokens` and
 * `GET /secure_tokens/{id}` return it. `authentication_url` is NULL when
 * the answer has none (KOMOJU sends it for NEEDS_VERIFY only). */
typedef struct
{
  char                   *id;
  RejiVerificationStatus  verification_status;
  char                   *authentication_url;
  GDateTime              *created_at;
} RejiSecureToken;

GType            reji_secure_token_get_type   (void) G_GNUC_CONST;
RejiSecureToken *reji_secure_token_new        (void);
RejiSecureToken *reji_secure_token_copy       (const RejiSecureToken *token);
void             reji_secure_token_free       (RejiSecureToken       *token);

const char      *reji_verification_status_to_string   (RejiVerificationStatus  status);
gboolean         reji_verification_status_from_string (const char             *text,
                                                       RejiVerificationStatus *out_status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RejiSecureToken, reji_secure_token_free)

G_END_DECLS
