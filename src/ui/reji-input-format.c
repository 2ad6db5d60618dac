/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-card.h"
#include "reji-input-format.h"
#include "reji-money.h"
#include "reji-text.h"

/* Formatting as the cashier types. Each function takes what the entry
 * holds and the cursor position in characters, and returns the text the
 * entry should hold with the cursor moved to the same digit, or NULL when
 * the text is best left as typed (the field's check then explains what
 * is wrong when the field loses focus). */

/* Frees a copy of card data after overwriting it. */
static void
wipe_and_free (char *text)
{
  if (text == NULL)
    return;
  explicit_bzero (text, strlen (text));
  g_free (text);
}

/* Counts the characters before @cursor in @text that @keep accepts. */
static int
count_kept_before (const char *text,
                   int         cursor,
                   gboolean  (*keep) (gunichar c))
{
  int count = 0;
  int position = 0;

  for (const char *p = text; *p != '\0' && position < cursor; p = g_utf8_next_char (p), position++)
    {
      if (keep (g_utf8_get_char (p)))
        count++;
    }

  return count;
}

/* The character offset in @formatted just after its @count-th kept
 * character, or 0 when @count is 0. */
static int
position_after_kept (const char *formatted,
                     int         count,
                     gboolean  (*keep) (gunichar c))
{
  int position = 0;

  if (count <= 0)
    return 0;

  for (const char *p = formatted; *p != '\0'; p = g_utf8_next_char (p))
    {
      position++;
      if (keep (g_utf8_get_char (p)) && --count == 0)
        break;
    }

  return position;
}

static gboolean
is_digit (gunichar c)
{
  return g_unichar_isdigit (c);
}

static gboolean
is_digit_or_point (gunichar c)
{
  return g_unichar_isdigit (c) || c == '.' || c == 0xFF0E /* FULLWIDTH FULL STOP */;
}

/* Moves *cursor from @text to the same kept character of @formatted. */
static void
map_cursor (const char *text,
            const char *formatted,
            int        *cursor,
            gboolean  (*keep) (gunichar c))
{
  if (cursor == NULL)
    return;

  if (*cursor < 0 || *cursor >= g_utf8_strlen (text, -1))
    *cursor = (int) g_utf8_strlen (formatted, -1);
  else
    *cursor = position_after_kept (formatted, count_kept_before (text, *cursor, keep), keep);
}

/**
 * reji_input_format_amount:
 * @text: the amount as typed, possibly with full-width digits
 * @cursor: (inout) (optional): the cursor position in characters
 *
 * Groups the whole units of an amount with ',' every three digits and
 * folds full-width digits, so "１２３４５.６" becomes "12,345.6". The
 * decimals are kept as typed, so a yen amount with a fraction stays
 * visible for the amount check to reject. Leading zeros are dropped.
 *
 * Returns: (transfer full) (nullable): the formatted amount, or %NULL if
 *   @text is empty or holds anything but digits, commas, spaces and one
 *   decimal point
 */
char *
reji_input_format_amount (const char *text,
                          int        *cursor)
{
  g_autofree char *folded = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *point = NULL;
  GString *formatted;
  const char *integer;

  g_return_val_if_fail (text != NULL, NULL);

  folded = reji_text_fold_width (text);
  if (folded == NULL || folded[strspn (folded, "0123456789,. ")] != '\0')
    return NULL;

  point = strchr (folded, '.');
  if (point != NULL && strchr (point + 1, '.') != NULL)
    return NULL;

  for (const char *p = folded; *p != '\0' && p != point; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
    }

  if (digits->len == 0 && point == NULL)
    return NULL;

  integer = digits->str;
  while (integer[0] == '0' && integer[1] != '\0')
    integer++;

  formatted = g_string_new (NULL);
  for (gsize i = 0, n = strlen (integer); i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (formatted, ',');
      g_string_append_c (formatted, integer[i]);
    }
  if (point != NULL)
    {
      if (formatted->len == 0)
        g_string_append_c (formatted, '0');
      for (const char *p = point; *p != '\0'; p++)
        {
          if (*p != ',' && *p != ' ')
            g_string_append_c (formatted, *p);
        }
    }

  map_cursor (text, formatted->str, cursor, is_digit_or_point);
  return g_string_free (formatted, FALSE);
}

/* The digits of each group as the brand prints them on the card: 4-6-5
 * for American Express, 4-6-4 for Diners Club's 14 digits, otherwise
 * groups of four. Digits beyond the pattern continue in groups of four. */
static guint
group_length (RejiCardBrand brand,
              guint         group)
{
  static const guint amex[] = { 4, 6, 5 };
  static const guint diners[] = { 4, 6, 4 };

  if (brand == REJI_CARD_BRAND_AMERICAN_EXPRESS && group < G_N_ELEMENTS (amex))
    return amex[group];
  if (brand == REJI_CARD_BRAND_DINERS_CLUB && group < G_N_ELEMENTS (diners))
    return diners[group];
  return 4;
}

/**
 * reji_input_format_card_number:
 * @text: the card number as typed
 * @cursor: (inout) (optional): the cursor position in characters
 *
 * Folds full-width digits and groups the digits as the card's brand
 * groups them, with one space between groups. The intermediate copies
 * are overwritten before they are freed; the caller must wipe the result.
 *
 * Returns: (transfer full) (nullable): the grouped number, or %NULL if
 *   @text holds anything but digits, spaces and hyphens
 */
char *
reji_input_format_card_number (const char *text,
                               int        *cursor)
{
  char *digits;
  char *formatted;
  RejiCardBrand brand;
  gsize n_digits;
  gsize out = 0;
  guint group = 0;
  guint in_group = 0;

  g_return_val_if_fail (text != NULL, NULL);

  digits = reji_card_normalize_number (text, NULL);
  if (digits == NULL)
    return NULL;

  brand = reji_card_brand_from_number (digits);
  n_digits = strlen (digits);
  formatted = g_malloc0 (n_digits * 2 + 1);
  for (gsize i = 0; i < n_digits; i++)
    {
      if (in_group == group_length (brand, group))
        {
          formatted[out++] = ' ';
          group++;
          in_group = 0;
        }
      formatted[out++] = digits[i];
      in_group++;
    }

  wipe_and_free (digits);
  map_cursor (text, formatted, cursor, is_digit);
  return formatted;
}

/**
 * reji_input_format_expiry:
 * @text: the expiry date as typed
 * @cursor: (inout) (optional): the cursor position in characters
 * @inserting: %TRUE when the cashier just added characters; the slash is
 *   only added then, so that deleting it with Backspace works
 *
 * Adds the slash of MM/YY as soon as the month is known: "12" becomes
 * "12/", "4" becomes "04/" (no month starts with 4), "1230" becomes
 * "12/30". Full-width digits are folded.
 *
 * Returns: (transfer full) (nullable): the formatted date, or %NULL when
 *   @text is left as typed
 */
char *
reji_input_format_expiry (const char *text,
                          int        *cursor,
                          gboolean    inserting)
{
  g_autofree char *folded = NULL;
  g_autofree char *month = NULL;
  g_autofree char *year = NULL;
  char *formatted;
  char *slash;

  g_return_val_if_fail (text != NULL, NULL);

  folded = reji_text_fold_width (text);
  if (folded == NULL || *folded == '\0' || folded[strspn (folded, "0123456789/")] != '\0')
    return NULL;

  /* A cashier who types "12/30" types a slash right after the one added
   * for them: keep one. */
  for (char *doubled; (doubled = strstr (folded, "//")) != NULL;)
    memmove (doubled, doubled + 1, strlen (doubled + 1) + 1);

  slash = strchr (folded, '/');
  if (slash != NULL)
    {
      *slash = '\0';
      month = g_strdup (folded);
      year = g_strdup (slash + 1);
    }
  else if (strlen (folded) > 2)
    {
      month = g_strndup (folded, 2);
      year = g_strdup (folded + 2);
    }
  else
    {
      month = g_strdup (folded);
    }

  if (strchr (year != NULL ? year : "", '/') != NULL || strlen (month) > 2)
    return NULL;

  /* A single digit is a whole month once it cannot start 10 to 12. */
  if (strlen (month) == 1 && (year != NULL || (inserting && month[0] >= '2')))
    {
      g_autofree char *padded = g_strconcat ("0", month, NULL);

      g_free (month);
      month = g_steal_pointer (&padded);
    }

  if (year != NULL)
    formatted = g_strconcat (month, "/", year, NULL);
  else if (strlen (month) == 2 && inserting)
    formatted = g_strconcat (month, "/", NULL);
  else
    formatted = g_strdup (month);

  map_cursor (text, formatted, cursor, is_digit);
  /* Stepping over a slash that was just added keeps typing natural. */
  if (cursor != NULL && formatted[*cursor] == '/' && inserting)
    *cursor += 1;
  return formatted;
}

/* Amounts above which Reji asks the cashier to confirm, in whole units of
 * each currency KOMOJU accepts. They are rough equivalents of
 * USD 10,000 (¥1,000,000 for yen), chosen so that an amount typed with
 * two zeros too many stands out; they are not limits of KOMOJU. */
static const struct
{
  const char *code;
  gint64      whole_units;
} ceilings[] = {
  { "JPY", 1000000 },
  { "USD", 10000 },
  { "EUR", 10000 },
  { "TWD", 300000 },
  { "KRW", 10000000 },
  { "PLN", 40000 },
  { "GBP", 8000 },
  { "HKD", 80000 },
  { "SGD", 15000 },
  { "NZD", 15000 },
  { "AUD", 15000 },
  { "IDR", 150000000 },
  { "MYR", 45000 },
  { "PHP", 550000 },
  { "THB", 350000 },
  { "CNY", 70000 },
  { "BRL", 50000 },
  { "CHF", 10000 },
  { "CAD", 15000 },
  { "VND", 250000000 },
};

/**
 * reji_input_get_amount_ceiling:
 * @currency_code: an ISO 4217 code KOMOJU accepts
 *
 * Returns: the amount in minor units above which the cashier confirms
 *   the charge a second time, or G_MAXINT64 for an unknown currency
 */
gint64
reji_input_get_amount_ceiling (const char *currency_code)
{
  const RejiCurrency *currency = reji_currency_lookup (currency_code);

  for (guint i = 0; currency != NULL && i < G_N_ELEMENTS (ceilings); i++)
    {
      gint64 minor_units = ceilings[i].whole_units;

      if (g_strcmp0 (ceilings[i].code, currency_code) != 0)
        continue;
      for (guint e = 0; e < currency->exponent; e++)
        minor_units *= 10;
      return minor_units;
    }

  return G_MAXINT64;
}
