/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The first byte picks a currency, or a code KOMOJU does not accept when
 * it points past the end of the list. The rest is the text the cashier
 * typed: an amount that parses must format and parse back to the same
 * minor units. The eight bytes after the first are also formatted as a
 * raw number. */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reji-money.h"

int LLVMFuzzerInitialize    (int             *argc,
                             char          ***argv);
int LLVMFuzzerTestOneInput  (const uint8_t   *data,
                             size_t           size);

static const char *
pick_currency (uint8_t selector)
{
  const RejiCurrency *currencies;
  guint n_currencies;

  currencies = reji_currency_get_all (&n_currencies);
  if (selector % (n_currencies + 1) == n_currencies)
    return "XYZ";

  return currencies[selector % (n_currencies + 1)].code;
}

static void
check_round_trip (gint64      minor_units,
                  const char *currency_code)
{
  g_autofree char *formatted = reji_money_format (minor_units, currency_code);
  g_autoptr(GError) error = NULL;
  gint64 parsed = -1;

  g_assert_nonnull (formatted);
  g_assert_true (g_utf8_validate (formatted, -1, NULL));
  g_assert_true (reji_money_parse (formatted, currency_code, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (parsed, ==, minor_units);
}

static void
format_raw_number (const uint8_t *data,
                   size_t         size,
                   const char    *currency_code)
{
  g_autofree char *formatted = NULL;
  gint64 minor_units = 0;

  if (size < sizeof minor_units)
    return;

  memcpy (&minor_units, data, sizeof minor_units);
  formatted = reji_money_format (minor_units, currency_code);
  g_assert_true (g_utf8_validate (formatted, -1, NULL));
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
  g_autoptr(GError) error = NULL;
  const char *currency_code;
  gint64 minor_units = -1;

  if (size == 0)
    return 0;

  currency_code = pick_currency (data[0]);
  text = g_strndup ((const char *) data + 1, size - 1);

  if (reji_money_parse (text, currency_code, &minor_units, &error))
    {
      g_assert_no_error (error);
      g_assert_cmpint (minor_units, >, 0);
      g_assert_cmpint (minor_units, <=, REJI_MONEY_MAX_MINOR_UNITS);
      check_round_trip (minor_units, currency_code);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_cmpuint (error->domain, ==, REJI_MONEY_ERROR);
    }

  format_raw_number (data + 1, size - 1, currency_code);

  return 0;
}
