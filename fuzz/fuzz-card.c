/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Feeds the same bytes to every check of the card form: number, expiry,
 * security code (with the brand chosen from the first byte), name and
 * e-mail, and to the width folding they share. Whatever a check accepts
 * must already be in the normalised form it documents. */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reji-card.h"
#include "reji-text.h"

int LLVMFuzzerInitialize    (int             *argc,
                             char          ***argv);
int LLVMFuzzerTestOneInput  (const uint8_t   *data,
                             size_t           size);

/* The brands in declaration order, UNKNOWN included. */
#define N_BRANDS (REJI_CARD_BRAND_UNIONPAY + 1)

static gboolean
is_ascii_digits (const char *text)
{
  return *text != '\0' && text[strspn (text, "0123456789")] == '\0';
}

static void
check_number (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *masked = NULL;
  RejiCardBrand brand = REJI_CARD_BRAND_UNKNOWN;

  digits = reji_card_check_number (text, &brand, &error);
  if (digits == NULL)
    {
      g_assert_nonnull (error);
      g_assert_cmpuint (error->domain, ==, REJI_CARD_ERROR);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (is_ascii_digits (digits));
  g_assert_true (reji_card_luhn_valid (digits));
  g_assert_cmpint (brand, !=, REJI_CARD_BRAND_UNKNOWN);
  g_assert_nonnull (reji_card_brand_get_name (brand));
  masked = reji_card_mask_number (digits);
  g_assert_true (g_str_has_suffix (masked, reji_card_get_last_four (digits)));
}

static void
check_expiry (const char *text)
{
  g_autoptr(GError) error = NULL;
  guint month = 0;
  guint year = 0;

  if (!reji_card_parse_expiry (text, &month, &year, &error))
    {
      g_assert_nonnull (error);
      g_assert_cmpuint (error->domain, ==, REJI_CARD_ERROR);
      return;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (month, >=, 1);
  g_assert_cmpuint (month, <=, 12);
  g_assert_cmpuint (year, <=, 9999);
}

static void
check_security_code (const char    *text,
                     RejiCardBrand  brand)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = reji_card_check_security_code (text, brand, &error);
  if (code == NULL)
    {
      g_assert_nonnull (error);
      g_assert_cmpuint (error->domain, ==, REJI_CARD_ERROR);
      return;
    }

  g_assert_no_error (error);
  g_assert_true (is_ascii_digits (code));
}

/* reji_card_check_name() takes UTF-8 only, as a GtkEntry gives it. */
static void
check_name (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return;

  name = reji_card_check_name (text, &error);
  if (name == NULL)
    {
      g_assert_error (error, REJI_CARD_ERROR, REJI_CARD_ERROR_NAME_EMPTY);
      return;
    }

  g_assert_no_error (error);
  g_assert_cmpstr (name, !=, "");
  g_assert_true (g_utf8_validate (name, -1, NULL));
}

static void
check_email (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;

  email = reji_card_check_email (text, &error);
  if (email == NULL)
    {
      if (error != NULL)
        g_assert_error (error, REJI_CARD_ERROR, REJI_CARD_ERROR_EMAIL_INVALID);
      return;
    }

  g_assert_no_error (error);
  g_assert_nonnull (strchr (email, '@'));
}

static void
check_fold_width (const char *text)
{
  g_autofree char *folded = reji_text_fold_width (text);

  if (folded == NULL)
    {
      g_assert_false (g_utf8_validate (text, -1, NULL));
      return;
    }

  g_assert_true (g_utf8_validate (folded, -1, NULL));
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
  g_autofree char *text = NULL;
  RejiCardBrand brand;

  if (size == 0)
    return 0;

  brand = (RejiCardBrand) (data[0] % N_BRANDS);
  text = g_strndup ((const char *) data + 1, size - 1);

  check_number (text);
  check_expiry (text);
  check_security_code (text, brand);
  check_name (text);
  check_email (text);
  check_fold_width (text);

  return 0;
}
