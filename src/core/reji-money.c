/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-money.h"
#include "reji-text.h"

G_DEFINE_QUARK (reji-money-error-quark, reji_money_error)

/* The currencies KOMOJU accepts for card payments, with the exponent
 * KOMOJU applies to `amount` (0 for JPY, KRW and VND, 2 for the rest,
 * so 10 EUR minor units are €0.10). */
static const RejiCurrency currencies[] = {
  { "JPY", 0, "¥" },
  { "USD", 2, "$" },
  { "EUR", 2, "€" },
  { "TWD", 2, "NT$" },
  { "KRW", 0, "₩" },
  { "PLN", 2, "zł" },
  { "GBP", 2, "£" },
  { "HKD", 2, "HK$" },
  { "SGD", 2, "S$" },
  { "NZD", 2, "NZ$" },
  { "AUD", 2, "A$" },
  { "IDR", 2, "Rp" },
  { "MYR", 2, "RM" },
  { "PHP", 2, "₱" },
  { "THB", 2, "฿" },
  { "CNY", 2, "CN¥" },
  { "BRL", 2, "R$" },
  { "CHF", 2, "CHF" },
  { "CAD", 2, "CA$" },
  { "VND", 0, "₫" },
};

/**
 * reji_currency_lookup:
 * @code: an ISO 4217 code in upper case, such as "JPY"
 *
 * Looks up a currency KOMOJU accepts. The match is case sensitive.
 *
 * Returns: (transfer none) (nullable): the currency, or %NULL if KOMOJU
 *   does not accept @code
 */
const RejiCurrency *
reji_currency_lookup (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    {
      if (strcmp (currencies[i].code, code) == 0)
        return &currencies[i];
    }

  return NULL;
}

/**
 * reji_currency_get_all:
 * @n_currencies: (out) (optional): the number of currencies
 *
 * Returns: (transfer none) (array length=n_currencies): every currency
 *   KOMOJU accepts, Japanese yen first
 */
const RejiCurrency *
reji_currency_get_all (guint *n_currencies)
{
  if (n_currencies != NULL)
    *n_currencies = G_N_ELEMENTS (currencies);

  return currencies;
}

static gint64
power_of_ten (guint exponent)
{
  gint64 result = 1;

  for (guint i = 0; i < exponent; i++)
    result *= 10;

  return result;
}

/* TRUE if every character of @symbol is a letter, as in "CHF" or "Rp";
 * such symbols need a space before the number. */
static gboolean
symbol_is_letters (const char *symbol)
{
  for (const char *p = symbol; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isalpha (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

/* Appends @value with a ',' between groups of three digits. */
static void
append_grouped (GString *out,
                guint64  value)
{
  char digits[32];
  int n_digits = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);

  for (int i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

/**
 * reji_money_format:
 * @minor_units: an amount in the currency's minor unit
 * @currency_code: an ISO 4217 code
 *
 * Formats an amount for display: the symbol, then the whole units grouped
 * with ',' every three digits, then exactly as many decimals as the
 * currency's exponent ("¥1,000", "$12.34", "CHF 12.34", "-¥500").
 * A currency KOMOJU does not accept is shown as "<minor units> <code>".
 *
 * Returns: (transfer full): the formatted amount
 */
char *
reji_money_format (gint64      minor_units,
                   const char *currency_code)
{
  const RejiCurrency *currency = reji_currency_lookup (currency_code);
  GString *out;
  guint64 magnitude;
  guint64 scale;

  if (currency == NULL)
    {
      if (currency_code == NULL)
        return g_strdup_printf ("%" G_GINT64_FORMAT, minor_units);
      return g_strdup_printf ("%" G_GINT64_FORMAT " %s", minor_units, currency_code);
    }

  /* Negating in unsigned arithmetic also handles G_MININT64. */
  magnitude = minor_units < 0 ? -(guint64) minor_units : (guint64) minor_units;
  scale = (guint64) power_of_ten (currency->exponent);

  out = g_string_new (NULL);
  if (minor_units < 0)
    g_string_append_c (out, '-');

  g_string_append (out, currency->symbol);
  if (symbol_is_letters (currency->symbol))
    g_string_append_c (out, ' ');

  append_grouped (out, magnitude / scale);
  if (currency->exponent > 0)
    g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT,
                            (int) currency->exponent, magnitude % scale);

  return g_string_free (out, FALSE);
}

/* An example amount for error messages: 1,000 whole units. */
static char *
format_example (const RejiCurrency *currency)
{
  return reji_money_format (1000 * power_of_ten (currency->exponent), currency->code);
}

/* Sets @error to @code with @message, which it frees. */
static void
reject_amount (GError             **error,
               const RejiCurrency  *currency,
               RejiMoneyError       code,
               char                *message)
{
  g_debug ("Rejected a %s amount with error code %d", currency->code, code);
  g_set_error_literal (error, REJI_MONEY_ERROR, code, message);
  g_free (message);
}

static void
reject_invalid (GError             **error,
                const RejiCurrency  *currency)
{
  g_autofree char *example = format_example (currency);

  reject_amount (error, currency, REJI_MONEY_ERROR_INVALID,
                 /* Translators: %s is an example amount, such as "¥1,000". */
                 g_strdup_printf (_("The amount is not a number. Enter digits, with commas only between groups of three digits, such as %s."),
                                  example));
}

/* Skips the currency's symbol (and for yen, the full-width "￥") and the
 * spaces after it. Returns the rest of @text. */
static const char *
skip_symbol (const char         *text,
             const RejiCurrency *currency)
{
  const char *symbols[] = { currency->symbol, "￥", NULL };
  guint n_symbols = strcmp (currency->code, "JPY") == 0 ? 2 : 1;

  for (guint i = 0; i < n_symbols; i++)
    {
      if (g_str_has_prefix (text, symbols[i]))
        {
          text += strlen (symbols[i]);
          while (*text == ' ')
            text++;
          break;
        }
    }

  return text;
}

/* TRUE if @integer_part (not NUL-terminated, @length bytes) is digits,
 * optionally grouped by commas: 1 to 3 digits, then groups of exactly 3. */
static gboolean
is_valid_integer_part (const char *integer_part,
                       gsize       length)
{
  gsize group_length = 0;
  gboolean has_comma = FALSE;

  if (length == 0)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = integer_part[i];

      if (c == ',')
        {
          /* The first group has 1 to 3 digits; the others exactly 3. */
          if (group_length == 0 || group_length > 3 || (has_comma && group_length != 3))
            return FALSE;
          has_comma = TRUE;
          group_length = 0;
        }
      else if (g_ascii_isdigit (c))
        {
          group_length++;
        }
      else
        {
          return FALSE;
        }
    }

  if (has_comma)
    return group_length == 3;

  return TRUE;
}

static gboolean
is_all_digits (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

/* Appends the digits of @text (commas skipped) to *@value. Returns FALSE as
 * soon as *@value exceeds REJI_MONEY_MAX_MINOR_UNITS, which keeps the
 * multiplication far from the gint64 limit whatever the number of digits. */
static gboolean
accumulate_digits (const char *text,
                   gsize       length,
                   gint64     *value)
{
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == ',')
        continue;

      *value = *value * 10 + (text[i] - '0');
      if (*value > REJI_MONEY_MAX_MINOR_UNITS)
        return FALSE;
    }

  return TRUE;
}

/* Parses @number, which has no sign and no symbol, into minor units. */
static gboolean
parse_number (const char          *number,
              const RejiCurrency  *currency,
              gint64              *out_minor_units,
              GError             **error)
{
  const char *point = strchr (number, '.');
  gsize integer_length = point != NULL ? (gsize) (point - number) : strlen (number);
  const char *fraction = point != NULL ? point + 1 : "";
  gsize fraction_length = strlen (fraction);
  g_autofree char *example = format_example (currency);
  gint64 value = 0;

  if (!is_valid_integer_part (number, integer_length) ||
      !is_all_digits (fraction) ||
      (point != NULL && fraction_length == 0))
    {
      reject_invalid (error, currency);
      return FALSE;
    }

  if (point != NULL && currency->exponent == 0)
    {
      reject_amount (error, currency, REJI_MONEY_ERROR_FRACTION_NOT_ALLOWED,
                     /* Translators: the first %s is a currency code, such as "JPY";
                      * the second is an example amount, such as "¥1,000". */
                     g_strdup_printf (_("%s amounts have no decimals. Enter a whole number such as %s."),
                                      currency->code, example));
      return FALSE;
    }

  if (fraction_length > currency->exponent)
    {
      g_autofree char *decimal_example = reji_money_format (1234, currency->code);

      reject_amount (error, currency, REJI_MONEY_ERROR_TOO_MANY_DECIMALS,
                     /* Translators: the first %s is a currency code, such as "USD";
                      * %u is the number of decimal places it has (2 in practice);
                      * the last %s is an example amount, such as "$12.34". */
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s amounts have at most %u decimal place. Enter an amount such as %s.",
                                                   "%s amounts have at most %u decimal places. Enter an amount such as %s.",
                                                   currency->exponent),
                                      currency->code, currency->exponent, decimal_example));
      return FALSE;
    }

  if (!accumulate_digits (number, integer_length, &value) ||
      !accumulate_digits (fraction, fraction_length, &value) ||
      !accumulate_digits ("000", currency->exponent - fraction_length, &value))
    {
      g_autofree char *maximum = reji_money_format (REJI_MONEY_MAX_MINOR_UNITS, currency->code);

      reject_amount (error, currency, REJI_MONEY_ERROR_OVERFLOW,
                     /* Translators: %s is the largest amount KOMOJU accepts, such as "¥2,147,483,647". */
                     g_strdup_printf (_("The amount is too large. Enter at most %s."), maximum));
      return FALSE;
    }

  if (value == 0)
    {
      reject_amount (error, currency, REJI_MONEY_ERROR_ZERO,
                     /* Translators: %s is an example amount, such as "¥1,000". */
                     g_strdup_printf (_("The amount is zero. Enter the amount to charge, such as %s."),
                                      example));
      return FALSE;
    }

  *out_minor_units = value;
  return TRUE;
}

/**
 * reji_money_parse:
 * @text: the amount as the cashier typed it
 * @currency_code: the ISO 4217 code of the sale's currency
 * @out_minor_units: (out): the amount in the currency's minor unit
 * @error: return location for a #RejiMoneyError
 *
 * Parses an amount typed by the cashier. Full-width forms are folded to
 * ASCII first, surrounding spaces are ignored, and the currency's symbol
 * may come first ("¥1,000" or "￥1,000" for yen). Commas are accepted only
 * between groups of three digits left of the decimal point. The amount
 * must be positive, have at most as many decimals as the currency, have
 * a digit before the decimal point, and fit KOMOJU's int32 `amount`.
 *
 * Returns: %TRUE and sets @out_minor_units if @text is a valid amount
 */
gboolean
reji_money_parse (const char  *text,
                  const char  *currency_code,
                  gint64      *out_minor_units,
                  GError     **error)
{
  const RejiCurrency *currency;
  g_autofree char *folded = NULL;
  const char *number;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_minor_units != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  currency = reji_currency_lookup (currency_code);
  if (currency == NULL)
    {
      g_debug ("Rejected an amount in currency %s, which KOMOJU does not accept",
               currency_code != NULL ? currency_code : "(none)");
      g_set_error (error, REJI_MONEY_ERROR, REJI_MONEY_ERROR_UNKNOWN_CURRENCY,
                   /* Translators: %s is a currency code, such as "XYZ". */
                   _("KOMOJU does not accept the currency %s. Choose another currency in Preferences."),
                   currency_code != NULL ? currency_code : "");
      return FALSE;
    }

  folded = reji_text_fold_width (text);
  if (folded == NULL)
    {
      reject_invalid (error, currency);
      return FALSE;
    }

  number = skip_symbol (g_strstrip (folded), currency);
  if (*number == '-')
    {
      reject_amount (error, currency, REJI_MONEY_ERROR_NEGATIVE,
                     g_strdup (_("The amount is negative. Enter it without a minus sign.")));
      return FALSE;
    }

  if (*number == '\0')
    {
      g_autofree char *example = format_example (currency);

      reject_amount (error, currency, REJI_MONEY_ERROR_EMPTY,
                     /* Translators: %s is an example amount, such as "¥1,000". */
                     g_strdup_printf (_("No amount was entered. Enter the amount to charge, such as %s."),
                                      example));
      return FALSE;
    }

  return parse_number (number, currency, out_minor_units, error);
}
