/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Feeds arbitrary bytes to the parsers of KOMOJU's response bodies, the
 * same way the client does: as a secure token, as a payment, and as an
 * error body with an error status. Whatever parses must also survive a
 * copy of the boxed result. */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "reji-komoju-json.h"

int LLVMFuzzerInitialize    (int             *argc,
                             char          ***argv);
int LLVMFuzzerTestOneInput  (const uint8_t   *data,
                             size_t           size);

static void
parse_as_secure_token (JsonObject *object)
{
  g_autoptr(RejiSecureToken) token = NULL;
  g_autoptr(RejiSecureToken) copy = NULL;
  g_autoptr(GError) error = NULL;

  token = reji_komoju_json_parse_secure_token (object, &error);
  if (token == NULL)
    {
      g_assert_nonnull (error);
      return;
    }

  g_assert_null (error);
  g_assert_nonnull (token->id);
  g_assert_cmpstr (token->id, !=, "");
  g_assert_nonnull (reji_verification_status_to_string (token->verification_status));
  copy = reji_secure_token_copy (token);
  g_assert_cmpstr (copy->id, ==, token->id);
}

static void
parse_as_payment (JsonObject *object)
{
  g_autoptr(RejiPayment) payment = NULL;
  g_autoptr(RejiPayment) copy = NULL;
  g_autoptr(GError) error = NULL;

  payment = reji_komoju_json_parse_payment (object, &error);
  if (payment == NULL)
    {
      g_assert_nonnull (error);
      return;
    }

  g_assert_null (error);
  g_assert_nonnull (payment->id);
  g_assert_nonnull (payment->currency);
  g_assert_nonnull (reji_payment_status_to_string (payment->status));
  copy = reji_payment_copy (payment);
  g_assert_cmpint (copy->amount, ==, payment->amount);
}

static void
parse_as_api_error (GBytes *body)
{
  g_autoptr(GError) error = reji_komoju_json_parse_api_error (422, body);

  if (error == NULL)
    return;

  g_assert_true (g_error_matches (error, REJI_KOMOJU_ERROR, REJI_KOMOJU_ERROR_API));
  g_assert_nonnull (reji_komoju_error_get_api_code (error));
  g_assert_cmpuint (reji_komoju_error_get_http_status (error), ==, 422);
}

/* A g_return_if_fail() that trips, or any warning, is a bug worth a crash
 * report. GLib's own fatal logs stop with SIGTRAP, which libFuzzer does
 * not catch, so abort() instead: libFuzzer then saves the input. */
static GLogWriterOutput
abort_on_warning_writer (GLogLevelFlags   log_level,
                         const GLogField *fields,
                         gsize            n_fields,
                         gpointer         user_data)
{
  GLogWriterOutput output = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();

  return output;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_writer_func (abort_on_warning_writer, NULL, NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  parse_as_api_error (body);

  object = reji_komoju_json_parse_object (body, &error);
  if (object == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  parse_as_secure_token (object);
  parse_as_payment (object);

  return 0;
}
